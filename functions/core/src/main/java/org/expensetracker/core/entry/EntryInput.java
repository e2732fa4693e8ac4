package org.expensetracker.core.entry;

/**
 * An entry as it arrives from a client: every field as text, any of them possibly missing.
 * {@code amount} is the JSON string, or the number's literal text.
 */
public record EntryInput(
        String id,
        String date,
        String type,
        String amount,
        String currency,
        String category,
        String description) {
}
