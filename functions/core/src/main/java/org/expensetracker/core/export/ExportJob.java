package org.expensetracker.core.export;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFilter;

/**
 * An export as stored. {@code rowCount} grows while it runs (progress); {@code bytes} and
 * {@code expiresAt} are set when it succeeded; {@code error} when it failed.
 */
public record ExportJob(
        OwnerId owner,
        UUID id,
        ExportStatus status,
        ExportFormat format,
        ExportLayout layout,
        EntryFilter filter,
        long rowCount,
        Long bytes,
        String error,
        String objectKey,
        int attempts,
        Instant createdAt,
        Instant finishedAt,
        Instant expiresAt) {

    public ExportJob {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(objectKey, "objectKey");
    }

    /** Whether the file can still be downloaded at {@code now}. */
    public boolean downloadable(Instant now) {
        return status == ExportStatus.SUCCEEDED && expiresAt != null && now.isBefore(expiresAt);
    }

    /**
     * The file's name as the user saves it, named by the period it holds:
     * {@code expenses-2026-11-01_2026-11-30.xlsx}; an open end is the day the export was asked for
     * ({@code expenses-2026-11-01_2026-12-08.csv}), and no dates at all says so
     * ({@code expenses-all-to-2026-12-08.zip}).
     */
    public String downloadName(ExportFormat as) {
        java.time.LocalDate made = createdAt.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        String period;
        if (filter == null || (filter.from() == null && filter.to() == null)) {
            period = "all-to-" + made;
        } else if (filter.from() == null) {
            period = "to-" + filter.to();
        } else {
            period = filter.from() + "_" + (filter.to() == null ? made : filter.to());
        }
        return "expenses-" + period + "." + as.extension();
    }

    /** The key prefix of every export file. */
    public static final String PREFIX = "exports/";

    /** Where exports live: {@code exports/<ownerId>/<exportId>.csv|zip|xlsx}. */
    public static String objectKey(OwnerId owner, UUID id, ExportFormat format) {
        return PREFIX + owner.value() + "/" + id + "." + format.extension();
    }
}
