package org.expensetracker.core.entry;

import org.expensetracker.core.error.DomainException;

/** How many rows to serve and from where. */
public record PageRequest(int limit, Cursor after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range");
        }
    }

    public static PageRequest parse(String limitText, String cursorText) {
        int limit = DEFAULT_LIMIT;
        if (limitText != null && !limitText.isBlank()) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw DomainException.validation("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        Cursor cursor = cursorText == null || cursorText.isBlank() ? null : Cursor.decode(cursorText.strip());
        return new PageRequest(limit, cursor);
    }
}
