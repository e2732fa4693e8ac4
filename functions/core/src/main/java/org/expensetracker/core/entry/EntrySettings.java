package org.expensetracker.core.entry;

import java.time.Duration;
import java.util.Objects;

/** Deployment-wide choices for entries. */
public record EntrySettings(String defaultCurrency, Duration trashRetention) {
    public static final Duration DEFAULT_TRASH_RETENTION = Duration.ofDays(30);

    public EntrySettings {
        Objects.requireNonNull(defaultCurrency, "defaultCurrency");
        Objects.requireNonNull(trashRetention, "trashRetention");
        if (trashRetention.isNegative() || trashRetention.isZero()) {
            throw new IllegalArgumentException("trash retention must be positive");
        }
    }
}
