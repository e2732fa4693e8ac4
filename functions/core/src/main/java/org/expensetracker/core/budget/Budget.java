package org.expensetracker.core.budget;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a user means to spend on a category in a month, and, for a given month, what they spent
 * (the category's expenses in the budget's currency) and what remains (negative when over).
 */
public record Budget(String category, BigDecimal amount, String currency, BigDecimal spent) {
    public Budget {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(spent, "spent");
    }

    public BigDecimal remaining() {
        return amount.subtract(spent);
    }
}
