package org.expensetracker.dataapi.budget;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.budget.Budget;
import org.expensetracker.core.budget.BudgetRepository;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlRow;
import org.expensetracker.dataapi.SqlStatement;

/** Budgets through the Data API; what was spent is summed in the same statement. */
public final class DataApiBudgetRepository implements BudgetRepository {
    /** A budget's spending in [:monthStart, :monthEnd): the category's live expenses in its currency. */
    private static final String SPENT = """
            coalesce((SELECT sum(e.amount) FROM entries e
                       WHERE e.owner_id = b.owner_id AND e.deleted_at IS NULL AND e.entry_type = 'DEBIT'
                         AND lower(e.category) = lower(b.category) AND e.currency = b.currency
                         AND e.entry_date >= :monthStart AND e.entry_date < :monthEnd), 0)""";

    private final DataApiSql sql;

    public DataApiBudgetRepository(DataApiSql sql) {
        this.sql = sql;
    }

    @Override
    public Budget put(OwnerId owner, String category, BigDecimal amount, String currency, YearMonth month) {
        return read(sql.execute(month(SqlStatement.of("""
                        WITH b AS (
                            INSERT INTO budgets AS b (owner_id, category, amount, currency)
                            VALUES (:owner, :category, :amount, :currency)
                            ON CONFLICT (owner_id, lower(category)) DO UPDATE
                               SET category = EXCLUDED.category, amount = EXCLUDED.amount,
                                   currency = EXCLUDED.currency, updated_at = now()
                            RETURNING b.owner_id, b.category, b.amount, b.currency
                        )
                        SELECT b.category, b.amount, b.currency, %s AS spent FROM b""".formatted(SPENT))
                        .bind("owner", owner.value()).bind("category", category).bind("amount", amount)
                        .bind("currency", currency), month))
                .first().orElseThrow());
    }

    @Override
    public boolean delete(OwnerId owner, String category) {
        return sql.execute(SqlStatement.of(
                        "DELETE FROM budgets WHERE owner_id = :owner AND lower(category) = lower(:category)")
                .bind("owner", owner.value()).bind("category", category)).updatedCount() == 1;
    }

    @Override
    public List<Budget> month(OwnerId owner, YearMonth month) {
        return sql.execute(month(SqlStatement.of("""
                        SELECT b.category, b.amount, b.currency, %s AS spent FROM budgets b
                         WHERE b.owner_id = :owner ORDER BY lower(b.category)""".formatted(SPENT))
                        .bind("owner", owner.value()), month))
                .map(DataApiBudgetRepository::read);
    }

    private static SqlStatement month(SqlStatement statement, YearMonth month) {
        return statement.bind("monthStart", month.atDay(1)).bind("monthEnd", month.plusMonths(1).atDay(1));
    }

    private static Budget read(SqlRow row) {
        return new Budget(row.string("category"), row.decimal("amount").setScale(2), row.string("currency"),
                row.decimal("spent").setScale(2));
    }
}
