package org.expensetracker.entries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.expensetracker.core.entry.Entry;
import org.expensetracker.core.entry.EntryInput;
import org.expensetracker.core.entry.Summary;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.http.Json;

/** The JSON shapes of the entry routes (see docs/openapi.yaml). */
final class EntryJson {
    private EntryJson() {
    }

    /**
     * Reads an entry body. Text fields must be JSON strings; {@code amount} may also be a JSON number,
     * whose literal text is validated like a string: 1e9, 1E-2 and -0 are refused as "1e9", "1E-2" and
     * "-0" are, even where the number's value would be a plain amount.
     */
    static EntryInput input(Json.Body request) {
        ObjectNode body = request.object();
        List<FieldError> errors = new ArrayList<>();
        String id = Json.optionalText(body, "id", errors);
        String date = Json.optionalText(body, "date", errors);
        String type = Json.optionalText(body, "type", errors);
        String currency = Json.optionalText(body, "currency", errors);
        String category = Json.optionalText(body, "category", errors);
        String description = Json.optionalText(body, "description", errors);
        String amount = amountText(request, body, "amount", errors);
        String homeAmount = amountText(request, body, "homeAmount", errors);
        List<String> documentIds = Json.optionalTextArray(body, "documentIds", "documentIds", "document ids", errors);
        List<String> tags = Json.optionalTextArray(body, "tags", "tags", "strings", errors);
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return new EntryInput(id, date, type, amount, currency, category, description, documentIds, homeAmount, tags);
    }

    /** An amount as a JSON string or number (its literal text); null when absent or null. */
    private static String amountText(Json.Body request, ObjectNode body, String field, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return request.numberText(field);
        }
        errors.add(new FieldError(field, "must be a string or a number"));
        return null;
    }


    static ObjectNode entry(Entry entry) {
        ObjectNode json = Json.object();
        json.put("id", entry.id().toString());
        json.put("date", entry.fields().date().toString());
        json.put("type", entry.fields().type().name());
        json.put("amount", entry.fields().amount().toPlainString());
        json.put("currency", entry.fields().currency());
        json.put("category", entry.fields().category());
        json.put("description", entry.fields().description());
        json.put("homeAmount", entry.fields().homeAmount() == null ? null : entry.fields().homeAmount().toPlainString());
        var tags = json.putArray("tags");
        entry.fields().tags().forEach(tags::add);
        if (entry.recurringId() != null) {
            json.put("recurringId", entry.recurringId().toString()); // made by a recurring schedule
        }
        json.put("documentCount", entry.documentCount());
        json.put("version", entry.version());
        json.put("createdAt", instant(entry.createdAt()));
        json.put("updatedAt", instant(entry.updatedAt()));
        if (entry.deletedAt() != null) {
            json.put("deletedAt", instant(entry.deletedAt()));
        }
        return json;
    }

    static ObjectNode summary(Summary summary) {
        ObjectNode json = Json.object();
        json.put("currency", summary.currency());
        json.put("debit", summary.debit().toPlainString());
        json.put("credit", summary.credit().toPlainString());
        json.put("net", summary.net().toPlainString());
        json.put("count", summary.count());
        if (summary.home() != null) {
            json.putObject("home")
                    .put("currency", summary.home().currency())
                    .put("debit", summary.home().debit().toPlainString())
                    .put("credit", summary.home().credit().toPlainString())
                    .put("net", summary.home().net().toPlainString())
                    .put("count", summary.home().count())
                    .put("missing", summary.home().missing());
        }
        var currencies = json.putArray("currencies");
        for (Summary.CurrencyTotal total : summary.currencies()) {
            currencies.addObject()
                    .put("currency", total.currency())
                    .put("debit", total.debit().toPlainString())
                    .put("credit", total.credit().toPlainString())
                    .put("net", total.net().toPlainString())
                    .put("count", total.count());
        }
        var groups = json.putArray("groups");
        for (Summary.Group group : summary.groups()) {
            groups.addObject()
                    .put("key", group.key())
                    .put("debit", group.debit().toPlainString())
                    .put("credit", group.credit().toPlainString())
                    .put("count", group.count());
        }
        return json;
    }

    private static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
