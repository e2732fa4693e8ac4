package org.expensetracker.core.export;

import java.util.List;

/**
 * The column layouts of the CSV (see the export contract). DEBIT_CREDIT puts amounts in two
 * columns, as bookkeeping does; SIGNED uses one column with debits negative, as spreadsheets like.
 */
public enum ExportLayout {
    DEBIT_CREDIT("debitCredit", List.of("Date", "Type", "Debit", "Credit", "Currency", "Category", "Description",
            "Receipts", "Entry ID")),
    SIGNED("signed", List.of("Date", "Type", "Amount", "Currency", "Category", "Description", "Receipts", "Entry ID"));

    private final String apiName;
    private final List<String> header;

    ExportLayout(String apiName, List<String> header) {
        this.apiName = apiName;
        this.header = header;
    }

    /** The name clients send: {@code debitCredit} or {@code signed}. */
    public String apiName() {
        return apiName;
    }

    public List<String> header() {
        return header;
    }

    public static java.util.Optional<ExportLayout> fromApiName(String name) {
        for (ExportLayout layout : values()) {
            if (layout.apiName.equals(name)) {
                return java.util.Optional.of(layout);
            }
        }
        return java.util.Optional.empty();
    }
}
