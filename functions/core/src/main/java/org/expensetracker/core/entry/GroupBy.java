package org.expensetracker.core.entry;

import java.util.Locale;
import org.expensetracker.core.error.DomainException;

/** How a summary splits its totals. Month keys are written YYYY-MM. */
public enum GroupBy {
    CATEGORY,
    MONTH;

    public static GroupBy parse(String text) {
        if (text == null || text.isBlank()) {
            return CATEGORY;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("groupBy", "must be category or month");
        }
    }
}
