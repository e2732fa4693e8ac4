package org.expensetracker.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import org.expensetracker.core.document.Document;

/** The JSON of a receipt document, shared by the entry and document routes. */
public final class DocumentJson {
    private DocumentJson() {
    }

    public static ObjectNode of(Document document, URI downloadUrl) {
        ObjectNode json = Json.object();
        json.put("id", document.id().toString());
        json.put("entryId", document.entryId().toString());
        json.put("fileName", document.fileName());
        json.put("contentType", document.contentType());
        json.put("sizeBytes", document.sizeBytes());
        json.put("status", document.status().name());
        if (document.rejectReason() != null) {
            json.put("reason", document.rejectReason());
        }
        if (document.duplicateOf() != null) {
            json.put("duplicateOf", document.duplicateOf().toString());
        }
        if (!document.metadata().isEmpty()) {
            ObjectNode metadata = json.putObject("metadata");
            document.metadata().forEach(metadata::put);
        }
        json.put("createdAt", document.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        if (downloadUrl != null) {
            json.put("downloadUrl", downloadUrl.toString());
        }
        return json;
    }
}
