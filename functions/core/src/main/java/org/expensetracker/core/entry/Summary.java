package org.expensetracker.core.entry;

import java.math.BigDecimal;
import java.util.List;

/**
 * Totals over a filter: in one currency (the filter's, else the deployment's), with per-group
 * subtotals, and beside them the totals of every currency among the filtered entries, so an entry
 * in another currency is never left uncounted.
 */
public record Summary(String currency, BigDecimal debit, BigDecimal credit, long count, List<Group> groups,
                      List<CurrencyTotal> currencies) {
    public Summary {
        groups = List.copyOf(groups);
        currencies = List.copyOf(currencies);
    }

    /** Money in minus money out. */
    public BigDecimal net() {
        return credit.subtract(debit);
    }

    public record Group(String key, BigDecimal debit, BigDecimal credit, long count) {
    }

    /** The totals of one currency's entries; most entries first. */
    public record CurrencyTotal(String currency, BigDecimal debit, BigDecimal credit, long count) {
        public BigDecimal net() {
            return credit.subtract(debit);
        }
    }
}
