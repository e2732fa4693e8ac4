package org.expensetracker.core.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.Amounts;
import org.expensetracker.core.entry.EntryValidator;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;

/** Budgets: validated here, stored and summed in one statement each. */
public final class BudgetService {
    private final BudgetRepository budgets;
    private final String defaultCurrency;
    private final Clock clock;

    public BudgetService(BudgetRepository budgets, String defaultCurrency, Clock clock) {
        this.budgets = budgets;
        this.defaultCurrency = defaultCurrency;
        this.clock = clock;
    }

    public Budget put(OwnerId owner, String categoryText, String amountText, String currencyText) {
        List<FieldError> errors = new ArrayList<>();
        String category = category(categoryText);
        BigDecimal amount = amountText == null ? null : Amounts.parse(amountText).filter(a -> a.signum() > 0).orElse(null);
        if (amount == null) {
            errors.add(new FieldError("amount", "the month's budget: " + Amounts.rule()));
        }
        String currency = defaultCurrency;
        if (currencyText != null && !currencyText.isBlank()) {
            currency = EntryValidator.validCurrency(currencyText).orElse(null);
            if (currency == null) {
                errors.add(new FieldError("currency", "must be an ISO 4217 currency code such as INR or EUR"));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return budgets.put(owner, category, amount, currency, YearMonth.now(clock));
    }

    public void delete(OwnerId owner, String categoryText) {
        if (!budgets.delete(owner, category(categoryText))) {
            throw DomainException.notFound("Budget");
        }
    }

    /** @param monthText YYYY-MM, or null for the current month */
    public Month month(OwnerId owner, String monthText) {
        YearMonth month;
        if (monthText == null || monthText.isBlank()) {
            month = YearMonth.now(clock);
        } else {
            try {
                month = YearMonth.parse(monthText.strip());
            } catch (DateTimeParseException e) {
                throw DomainException.validation("month", "must be a month written YYYY-MM");
            }
            if (month.getYear() < 1900 || month.getYear() > 2999) {
                throw DomainException.validation("month", "must be a month from 1900-01 to 2999-12");
            }
        }
        return new Month(month, budgets.month(owner, month));
    }

    public record Month(YearMonth month, List<Budget> budgets) {
    }

    private static String category(String text) {
        String category = text == null ? "" : text.strip();
        if (category.isEmpty() || category.codePointCount(0, category.length()) > 64
                || category.codePoints().anyMatch(Character::isISOControl)) {
            throw DomainException.validation("category", "must be a category of 1 to 64 characters");
        }
        return category;
    }
}
