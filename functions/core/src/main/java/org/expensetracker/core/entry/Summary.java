package org.expensetracker.core.entry;

import java.math.BigDecimal;
import java.util.List;

/**
 * Totals over a filter: in one currency (the filter's, else the deployment's), with per-group
 * subtotals, and beside them the totals of every currency among the filtered entries, so an entry
 * in another currency is never left uncounted.
 */
public record Summary(String currency, BigDecimal debit, BigDecimal credit, long count, List<Group> groups,
                      List<CurrencyTotal> currencies, HomeTotal home) {
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

    /**
     * The totals in the user's home currency: each entry in it, and each entry in another currency
     * that carries what it cost there ({@code homeAmount}); {@code missing} counts those that do not.
     */
    public record HomeTotal(String currency, BigDecimal debit, BigDecimal credit, long count, long missing) {
        public BigDecimal net() {
            return credit.subtract(debit);
        }
    }

    /** The totals of one currency's entries; most entries first. */
    public record CurrencyTotal(String currency, BigDecimal debit, BigDecimal credit, long count) {
        public BigDecimal net() {
            return credit.subtract(debit);
        }
    }
}
