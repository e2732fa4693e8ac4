package org.expensetracker.core.budget;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.expensetracker.core.OwnerId;

/** Budgets per owner and category, each call one statement. */
public interface BudgetRepository {
    /** Creates or replaces the category's budget; returns it with what was spent in {@code month}. */
    Budget put(OwnerId owner, String category, BigDecimal amount, String currency, YearMonth month);

    /** False when the owner has no budget for the category. */
    boolean delete(OwnerId owner, String category);

    /** Every budget of the owner with what was spent in the month, by category. */
    List<Budget> month(OwnerId owner, YearMonth month);
}
