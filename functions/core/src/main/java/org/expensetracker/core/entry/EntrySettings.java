package org.expensetracker.core.entry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;

/** Deployment-wide choices for entries. */
public record EntrySettings(String defaultCurrency, Duration trashRetention) {
    public static final Duration DEFAULT_TRASH_RETENTION = Duration.ofDays(30);

    public static final String FALLBACK_CURRENCY = "INR";

    /** The settings from a function's environment (see {@link EnvNames}), with defaults. */
    public static EntrySettings fromEnvironment(Function<String, String> env) {
        String currency = env.apply(EnvNames.DEFAULT_CURRENCY);
        String retentionDays = env.apply(EnvNames.TRASH_RETENTION_DAYS);
        return new EntrySettings(currency == null || currency.isBlank() ? FALLBACK_CURRENCY : currency,
                retentionDays == null || retentionDays.isBlank() ? DEFAULT_TRASH_RETENTION
                        : Duration.ofDays(Long.parseLong(retentionDays)));
    }

    public EntrySettings {
        Objects.requireNonNull(defaultCurrency, "defaultCurrency");
        Objects.requireNonNull(trashRetention, "trashRetention");
        if (trashRetention.isNegative() || trashRetention.isZero()) {
            throw new IllegalArgumentException("trash retention must be positive");
        }
    }
}
