package org.expensetracker.exportworker.csv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.expensetracker.core.entry.EntryType;

/**
 * One entry as it goes into the export CSV.
 *
 * <p>The amount is always the positive magnitude; the direction is {@link #type()} (DEBIT = money
 * out, CREDIT = money in). The layout decides how it is shown (two columns, or one signed column).
 *
 * <p>Normalisation done by the constructor:
 * <ul>
 *   <li>{@code amount} is brought to scale 2 ({@code 1250} → {@code 1250.00}); it must be &gt; 0 and
 *       have at most 2 fraction digits (no rounding is ever done);</li>
 *   <li>{@code date} must have a year in 0000–9999, so it can be written as {@code YYYY-MM-DD};</li>
 *   <li>{@code null} text ({@code currency}, {@code category}, {@code description}) becomes {@code ""};</li>
 *   <li>{@code null} receipts become an empty list; the list is copied (immutable, no null elements).</li>
 * </ul>
 *
 * @param date        the entry date
 * @param type        DEBIT (money out) or CREDIT (money in)
 * @param amount      positive amount, scale 2
 * @param currency    ISO 4217 code
 * @param category    category, may be empty
 * @param description description, may be empty
 * @param receipts    receipt file names (csv) or paths inside the ZIP (zip); joined with {@code "; "}
 * @param entryId     the entry's id
 * @param tags        the entry's tags (the Tags column, when the export has one); {@code null} becomes empty
 */
public record ExportRow(
        LocalDate date,
        EntryType type,
        BigDecimal amount,
        String currency,
        String category,
        String description,
        List<String> receipts,
        UUID entryId,
        List<String> tags) {

    /** A row without tags. */
    public ExportRow(LocalDate date, EntryType type, BigDecimal amount, String currency, String category,
                     String description, List<String> receipts, UUID entryId) {
        this(date, type, amount, currency, category, description, receipts, entryId, List.of());
    }

    public ExportRow {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(entryId, "entryId");
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("date year must be 0000-9999 to be written as YYYY-MM-DD: " + date);
        }
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be > 0: " + amount.toPlainString());
        }
        if (amount.scale() != 2) {
            try {
                amount = amount.setScale(2, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "amount must have at most 2 fraction digits: " + amount.toPlainString(), e);
            }
        }
        currency = currency == null ? "" : currency;
        category = category == null ? "" : category;
        description = description == null ? "" : description;
        receipts = receipts == null ? List.of() : List.copyOf(receipts);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
