package org.expensetracker.core.error;

import java.util.Objects;

/** One reason a field was refused; {@code field} names the JSON property or query parameter. */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
