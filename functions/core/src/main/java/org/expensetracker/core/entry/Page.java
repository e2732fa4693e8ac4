package org.expensetracker.core.entry;

import java.util.List;

/**
 * One page of results; {@code nextCursor} is null on the last page. {@code suggestion}: for a text
 * search that found nothing, what the user may have meant (from their own words), else null.
 */
public record Page<T>(List<T> items, String nextCursor, String suggestion) {
    public Page {
        items = List.copyOf(items);
    }

    public Page(List<T> items, String nextCursor) {
        this(items, nextCursor, null);
    }
}
