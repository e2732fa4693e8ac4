package org.expensetracker.core.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;

/** Autocomplete: the user's own values of a field that start with {@code prefix}, most used first. */
public record SuggestionQuery(Field field, String prefix, int limit) {
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 50;

    public enum Field {
        CATEGORY,
        DESCRIPTION,
        TAG
    }

    public static SuggestionQuery parse(String fieldText, String prefixText, String limitText) {
        List<FieldError> errors = new ArrayList<>();
        Field field = null;
        if (fieldText == null || fieldText.isBlank()) {
            errors.add(new FieldError("field", "is required: category, description or tag"));
        } else {
            try {
                field = Field.valueOf(fieldText.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("field", "must be category, description or tag"));
            }
        }
        String prefix = prefixText == null ? "" : EntryValidator.text("prefix", prefixText, 100, errors);
        int limit = DEFAULT_LIMIT;
        if (limitText != null && !limitText.isBlank()) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return new SuggestionQuery(field, prefix, limit);
    }
}
