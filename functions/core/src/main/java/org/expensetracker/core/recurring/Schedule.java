package org.expensetracker.core.recurring;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * When a recurring entry falls: every {@code every} days, weeks, months or years from
 * {@code start}, up to {@code end} (inclusive) if set. Month and year steps count from the start
 * (31 Jan, 28 Feb, 31 Mar …), so a short month never shifts the later dates.
 */
public record Schedule(Frequency frequency, int every, LocalDate start, LocalDate end) {
    public enum Frequency {
        DAILY, WEEKLY, MONTHLY, YEARLY
    }

    public Schedule {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(start, "start");
        if (every < 1 || every > 366 || (end != null && end.isBefore(start))) {
            throw new IllegalArgumentException("invalid schedule");
        }
    }

    /** The k-th date (k = 0 is the start). */
    LocalDate occurrence(long k) {
        return switch (frequency) {
            case DAILY -> start.plusDays(k * every);
            case WEEKLY -> start.plusWeeks(k * every);
            case MONTHLY -> start.plusMonths(k * every);
            case YEARLY -> start.plusYears(k * every);
        };
    }

    /** The dates after {@code after} (null: from the start) up to {@code through}, at most {@code limit}. */
    public List<LocalDate> datesBetween(LocalDate after, LocalDate through, int limit) {
        List<LocalDate> dates = new ArrayList<>();
        LocalDate last = end == null || through.isBefore(end) ? through : end;
        for (long k = 0; dates.size() < limit; k++) {
            LocalDate date = occurrence(k);
            if (date.isAfter(last)) {
                break;
            }
            if (after == null || date.isAfter(after)) {
                dates.add(date);
            }
        }
        return dates;
    }

    /** The first date after {@code after} (null: the start), or null when the schedule has ended. */
    public LocalDate next(LocalDate after) {
        for (long k = 0; k < 100_000; k++) {
            LocalDate date = occurrence(k);
            if (end != null && date.isAfter(end)) {
                return null;
            }
            if (after == null || date.isAfter(after)) {
                return date;
            }
        }
        return null;
    }

    /**
     * The id of the entry a schedule makes on a date: the same for the same schedule and date on
     * every run, so a rerun inserts nothing new.
     */
    public static UUID entryId(UUID scheduleId, LocalDate date) {
        return UUID.nameUUIDFromBytes(("recurring/" + scheduleId + "/" + date).getBytes(StandardCharsets.UTF_8));
    }
}
