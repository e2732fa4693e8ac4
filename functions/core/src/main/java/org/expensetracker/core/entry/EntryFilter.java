package org.expensetracker.core.entry;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;

/**
 * Which entries a list, summary or export covers. Every field is optional (null = no restriction).
 * {@code text} is matched case-insensitively as a substring of description and category.
 */
public record EntryFilter(
        LocalDate from,
        LocalDate to,
        String text,
        String category,
        EntryType type,
        BigDecimal minAmount,
        BigDecimal maxAmount,
        String currency,
        String tag) {

    public static final int MAX_TEXT = 200;
    /** The names filters go by, in query strings and in an export's {@code filters} object. */
    public static final java.util.List<String> PARAMETERS =
            java.util.List.of("from", "to", "q", "category", "type", "minAmount", "maxAmount", "currency", "tag");
    public static final EntryFilter ALL = new EntryFilter(null, null, null, null, null, null, null, null, null);

    /**
     * Reads a filter from named parameters (query string or an export's filters object), reporting
     * every bad parameter at once. Blank values count as absent.
     */
    public static EntryFilter parse(Function<String, String> parameter) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate from = optional(parameter, "from") == null ? null
                : EntryValidator.parseDate("from", optional(parameter, "from"), errors);
        LocalDate to = optional(parameter, "to") == null ? null
                : EntryValidator.parseDate("to", optional(parameter, "to"), errors);
        if (from != null && to != null && from.isAfter(to)) {
            errors.add(new FieldError("to", "must not be before from"));
        }
        String text = optional(parameter, "q");
        if (text != null) {
            text = EntryValidator.text("q", text, MAX_TEXT, errors);
        }
        String category = optional(parameter, "category");
        if (category != null) {
            category = EntryValidator.text("category", category, EntryFields.MAX_CATEGORY, errors);
        }
        EntryType type = optional(parameter, "type") == null ? null
                : EntryValidator.parseType("type", optional(parameter, "type"), errors);
        BigDecimal min = amount(parameter, "minAmount", errors);
        BigDecimal max = amount(parameter, "maxAmount", errors);
        if (min != null && max != null && min.compareTo(max) > 0) {
            errors.add(new FieldError("maxAmount", "must not be less than minAmount"));
        }
        String currency = optional(parameter, "currency");
        if (currency != null) {
            String valid = EntryValidator.validCurrency(currency).orElse(null);
            if (valid == null) {
                errors.add(new FieldError("currency", "must be an ISO 4217 currency code"));
            }
            currency = valid;
        }
        String tag = optional(parameter, "tag");
        if (tag != null) {
            tag = Tags.one("tag", tag, errors);
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return new EntryFilter(from, to, text, category, type, min, max, currency, tag);
    }

    /** The filter as parameters that {@link #parse} reads back to an equal filter. */
    public java.util.Map<String, String> toParameters() {
        java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();
        if (from != null) {
            parameters.put("from", from.toString());
        }
        if (to != null) {
            parameters.put("to", to.toString());
        }
        if (text != null) {
            parameters.put("q", text);
        }
        if (category != null) {
            parameters.put("category", category);
        }
        if (type != null) {
            parameters.put("type", type.name());
        }
        if (minAmount != null) {
            parameters.put("minAmount", minAmount.toPlainString());
        }
        if (maxAmount != null) {
            parameters.put("maxAmount", maxAmount.toPlainString());
        }
        if (currency != null) {
            parameters.put("currency", currency);
        }
        if (tag != null) {
            parameters.put("tag", tag);
        }
        return parameters;
    }

    public EntryFilter withCurrency(String code) {
        return new EntryFilter(from, to, text, category, type, minAmount, maxAmount, code, tag);
    }

    private static BigDecimal amount(Function<String, String> parameter, String name, List<FieldError> errors) {
        String text = optional(parameter, name);
        if (text == null) {
            return null;
        }
        BigDecimal value = Amounts.parse(text).orElse(null);
        if (value == null) {
            errors.add(new FieldError(name, "must be a plain decimal such as 100 or 99.50"));
        }
        return value;
    }

    private static String optional(Function<String, String> parameter, String name) {
        String value = parameter.apply(name);
        return value == null || value.isBlank() ? null : value;
    }
}
