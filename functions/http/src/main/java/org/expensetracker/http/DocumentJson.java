package org.expensetracker.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import org.expensetracker.core.document.Document;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.core.document.ReceiptReading;

/** The JSON of a receipt document, shared by the entry and document routes. */
public final class DocumentJson {
    private DocumentJson() {
    }

    /** With the receipt's signed URLs: downloadUrl (attachment), viewUrl (inline), previewUrl (≤ 640 px JPEG). */
    public static ObjectNode of(Document document, DocumentService.Links links) {
        URI downloadUrl = links.download();
        ObjectNode json = Json.object();
        json.put("id", document.id().toString());
        // null while a receipt captured first waits in the inbox for its entry
        json.put("entryId", document.entryId() == null ? null : document.entryId().toString());
        json.put("fileName", document.fileName());
        json.put("contentType", document.contentType());
        json.put("sizeBytes", document.sizeBytes());
        json.put("status", document.status().name());
        if (document.rejectReason() != null) {
            json.put("reason", document.rejectReason());
        }
        json.put("duplicateOf", document.duplicateOf() == null ? null : document.duplicateOf().toString());
        if (!document.metadata().isEmpty()) {
            ObjectNode metadata = json.putObject("metadata");
            document.metadata().forEach(metadata::put);
        }
        json.put("createdAt", document.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        if (document.extracted() == null) {
            json.putNull("extracted");
        } else {
            json.set("extracted", extracted(document.extracted()));
        }
        if (downloadUrl != null) {
            json.put("downloadUrl", downloadUrl.toString());
        }
        if (links.view() != null) {
            json.put("viewUrl", links.view().toString());
        }
        if (links.preview() != null) {
            json.put("previewUrl", links.preview().toString());
        }
        return json;
    }

    /** The contract's {@code extracted}: every field present, null where it could not be read. */
    static ObjectNode extracted(ReceiptReading reading) {
        ObjectNode json = Json.object();
        json.put("status", reading.status().name());
        json.put("reason", reading.reason());
        json.put("merchant", reading.merchant());
        json.put("date", reading.date() == null ? null : reading.date().toString());
        json.put("total", amount(reading.total()));
        json.put("currency", reading.currency());
        json.put("tax", amount(reading.tax()));
        ObjectNode confidence = json.putObject("confidence");
        new java.util.TreeMap<>(reading.confidence()).forEach(confidence::put);
        var items = json.putArray("lineItems");
        reading.lineItems().forEach(item -> items.addObject().put("description", item.description())
                .put("amount", amount(item.amount())));
        return json;
    }

    private static String amount(java.math.BigDecimal value) {
        return value == null ? null : value.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
