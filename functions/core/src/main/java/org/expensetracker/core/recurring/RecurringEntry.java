package org.expensetracker.core.recurring;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import org.expensetracker.core.entry.EntryFields;

/**
 * A schedule and the entry it makes on each of its dates ({@code template}: every field but the
 * date, which is the occurrence's). {@code materializedThrough}: the last date already made.
 */
public record RecurringEntry(UUID id, Schedule schedule, EntryFields template, LocalDate materializedThrough, long version) {
    public RecurringEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(template, "template");
    }

    /** The next date an entry will be made on, or null when the schedule has ended. */
    public LocalDate nextDate() {
        return schedule.next(materializedThrough);
    }
}
