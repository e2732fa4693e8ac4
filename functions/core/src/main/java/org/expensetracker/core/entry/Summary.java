package org.expensetracker.core.entry;

import java.math.BigDecimal;
import java.util.List;

/** Totals over a filter, in one currency, with per-group subtotals. */
public record Summary(String currency, BigDecimal debit, BigDecimal credit, long count, List<Group> groups) {
    public Summary {
        groups = List.copyOf(groups);
    }

    /** Money in minus money out. */
    public BigDecimal net() {
        return credit.subtract(debit);
    }

    public record Group(String key, BigDecimal debit, BigDecimal credit, long count) {
    }
}
