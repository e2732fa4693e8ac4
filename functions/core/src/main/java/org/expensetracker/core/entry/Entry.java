package org.expensetracker.core.entry;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored entry. {@code version} starts at 1 and grows with every change; clients send it back in
 * {@code If-Match} so a stale edit cannot overwrite a newer one. {@code deletedAt} is set while the
 * entry sits in the trash.
 */
public record Entry(
        UUID id,
        EntryFields fields,
        int documentCount,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt,
        UUID recurringId) {

    public Entry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
    }
}
