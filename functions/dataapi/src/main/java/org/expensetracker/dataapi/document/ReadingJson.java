package org.expensetracker.dataapi.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.document.ReceiptReading;

/**
 * A reading as stored in {@code documents.extracted}: the API's {@code extracted} object, so the
 * column reads the same in SQL as in the answers (amounts as strings with two decimals, dates ISO).
 */
public final class ReadingJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadingJson() {
    }

    public static String write(ReceiptReading reading) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", reading.status().name());
        node.put("reason", reading.reason());
        node.put("merchant", reading.merchant());
        node.put("date", reading.date() == null ? null : reading.date().toString());
        node.put("total", amount(reading.total()));
        node.put("currency", reading.currency());
        node.put("tax", amount(reading.tax()));
        ObjectNode confidence = node.putObject("confidence");
        new java.util.TreeMap<>(reading.confidence()).forEach(confidence::put);
        ArrayNode items = node.putArray("lineItems");
        reading.lineItems().forEach(item -> items.addObject().put("description", item.description())
                .put("amount", amount(item.amount())));
        node.put("pages", reading.pages());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ReceiptReading read(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, Double> confidence = new LinkedHashMap<>();
            node.path("confidence").fields().forEachRemaining(e -> confidence.put(e.getKey(), e.getValue().asDouble()));
            List<ReceiptReading.LineItem> items = new ArrayList<>();
            node.path("lineItems").forEach(item -> items.add(new ReceiptReading.LineItem(item.path("description").asText(),
                    decimal(item.path("amount")))));
            return new ReceiptReading(ReceiptReading.Status.valueOf(node.path("status").asText()), text(node, "reason"),
                    text(node, "merchant"), node.hasNonNull("date") ? LocalDate.parse(node.path("date").asText()) : null,
                    decimal(node.path("total")), text(node, "currency"), decimal(node.path("tax")), confidence, items,
                    node.path("pages").asInt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("extracted is not the JSON of a reading", e);
        }
    }

    private static String amount(BigDecimal value) {
        return value == null ? null : value.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : new BigDecimal(node.asText());
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asText() : null;
    }
}
