package org.expensetracker.core.recurring;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFields;

/** Recurring schedules, owner-scoped, one statement per call. */
public interface RecurringRepository {
    /** Inserts unless the id exists; either way what is stored, with the stored create fingerprint. */
    Created createIfAbsent(OwnerId owner, UUID id, Schedule schedule, EntryFields template, String fingerprint);

    List<RecurringEntry> list(OwnerId owner);

    Optional<RecurringEntry> find(OwnerId owner, UUID id);

    /** Replaces schedule and template; what was made stays (future dates only change). Empty when absent. */
    Optional<RecurringEntry> update(OwnerId owner, UUID id, Schedule schedule, EntryFields template);

    /** Removes the schedule; the entries it made stay. */
    boolean delete(OwnerId owner, UUID id);

    /** Schedules (of every owner) with dates still to make up to {@code today}, after {@code after}. */
    List<Due> due(LocalDate today, Due after, int limit);

    /**
     * Inserts the entries of these dates (ids from {@link Schedule#entryId}; ones that exist are left
     * alone) and moves {@code materialized_through} to the last, in one statement, unless the
     * schedule changed since it was read ({@code version}). Returns the entries inserted.
     */
    int materialize(Due due, List<LocalDate> dates);

    record Created(RecurringEntry entry, boolean created, String storedFingerprint) {
    }

    record Due(OwnerId owner, RecurringEntry entry) {
    }
}
