package org.expensetracker.core.entry;

/**
 * An entry as it arrives from a client: every field as text, any of them possibly missing.
 * {@code amount} (and {@code homeAmount}, what it cost in the home currency) is the JSON string, or
 * the number's literal text. {@code documentIds} (on create only) names receipts captured first
 * that the new entry takes.
 */
public record EntryInput(
        String id,
        String date,
        String type,
        String amount,
        String currency,
        String category,
        String description,
        java.util.List<String> documentIds,
        String homeAmount,
        java.util.List<String> tags) {

    public EntryInput {
        documentIds = documentIds == null ? java.util.List.of() : java.util.List.copyOf(documentIds);
        tags = tags == null ? java.util.List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(tags));
    }

    public EntryInput(String id, String date, String type, String amount, String currency, String category,
                      String description) {
        this(id, date, type, amount, currency, category, description, java.util.List.of(), null, java.util.List.of());
    }
}
