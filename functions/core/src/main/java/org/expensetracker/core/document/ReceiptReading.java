package org.expensetracker.core.document;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What reading a receipt found ({@code extracted} in the API): the merchant, date, total, currency,
 * tax and line items, each field null when it could not be read, with confidences from 0 to 1. A
 * reading that failed or was skipped carries the reason and no fields; the receipt itself stays
 * AVAILABLE either way.
 */
public record ReceiptReading(
        Status status,
        String reason,
        String merchant,
        LocalDate date,
        BigDecimal total,
        String currency,
        BigDecimal tax,
        Map<String, Double> confidence,
        List<LineItem> lineItems,
        int pages) {

    public enum Status { READ, FAILED, SKIPPED }

    public record LineItem(String description, BigDecimal amount) {
        public LineItem {
            Objects.requireNonNull(description, "description");
        }
    }

    public ReceiptReading {
        Objects.requireNonNull(status, "status");
        confidence = confidence == null ? Map.of() : Map.copyOf(confidence);
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
        if (status != Status.READ && reason == null) {
            throw new IllegalArgumentException("a reading that did not succeed needs a reason");
        }
    }

    public static ReceiptReading failed(String reason) {
        return new ReceiptReading(Status.FAILED, reason, null, null, null, null, null, Map.of(), List.of(), 0);
    }

    public static ReceiptReading skipped(String reason) {
        return new ReceiptReading(Status.SKIPPED, reason, null, null, null, null, null, Map.of(), List.of(), 0);
    }
}
