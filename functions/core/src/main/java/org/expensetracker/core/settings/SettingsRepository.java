package org.expensetracker.core.settings;

import org.expensetracker.core.OwnerId;

/** Each user's settings; a user who never saved any has the deployment's defaults. */
public interface SettingsRepository {
    /** The owner's settings, or {@code defaults} when they have none stored. */
    UserSettings find(OwnerId owner, UserSettings defaults);

    /**
     * Stores the given fields (null: keep what is stored, else the default) and returns the result,
     * in one statement.
     */
    UserSettings save(OwnerId owner, SettingsChange change, UserSettings defaults);

    /**
     * The fields a request sets; null where it leaves a field as it is. The lock is set to
     * {@code lockedThrough} (null: nothing closed) only when {@code lockGiven}.
     */
    record SettingsChange(String homeCurrency, Integer fiscalYearStartMonth, String locale, boolean lockGiven,
                          java.time.LocalDate lockedThrough) {
    }
}
