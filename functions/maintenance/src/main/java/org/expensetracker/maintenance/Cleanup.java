package org.expensetracker.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.expensetracker.dataapi.maintenance.DataApiCleanup;
import org.expensetracker.storage.S3Receipts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled clean-up: uploads announced but never made, trash past its retention and old exports. Works
 * in batches until nothing is due or the time budget of this run is spent (the next run goes on).
 */
public final class Cleanup {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);
    static final int BATCH = 200;

    private final DataApiCleanup rows;
    private final S3Receipts objects;
    private final Duration pendingUploadAge;
    private final Duration trashRetention;
    private final Duration exportRetention;

    public Cleanup(DataApiCleanup rows, S3Receipts objects, Duration pendingUploadAge, Duration trashRetention,
                   Duration exportRetention) {
        this.rows = rows;
        this.objects = objects;
        this.pendingUploadAge = pendingUploadAge;
        this.trashRetention = trashRetention;
        this.exportRetention = exportRetention;
    }

    public Report run(long deadlineMillis) {
        long expired = 0;
        long purged = 0;
        DataApiCleanup.Due afterPending = null;
        while (System.currentTimeMillis() < deadlineMillis) {
            List<DataApiCleanup.Due> due = rows.pendingUploadsOlderThan(pendingUploadAge, BATCH, afterPending);
            if (due.isEmpty()) {
                break;
            }
            // An upload that arrived was never checked: it is not ours to delete. The recovery re-drives
            // its check (or rejects it with a reason); only announcements that never got bytes expire.
            List<DataApiCleanup.Due> neverUploaded = due.stream().filter(d -> !objects.exists(d.objectKey())).toList();
            expired += rows.deletePendingUploads(neverUploaded, pendingUploadAge);
            if (due.size() < BATCH) {
                break;
            }
            afterPending = due.get(due.size() - 1);
        }
        while (System.currentTimeMillis() < deadlineMillis) {
            List<DataApiCleanup.Due> due = rows.trashOlderThan(trashRetention, BATCH);
            if (due.isEmpty()) {
                break;
            }
            objects.deleteAll(withPreviews(keys(due)));
            purged += rows.deleteTrash(due, trashRetention);
            if (due.stream().map(d -> d.ownerId() + d.id()).distinct().count() < BATCH) {
                break;
            }
        }
        long exports = 0;
        while (System.currentTimeMillis() < deadlineMillis) {
            List<DataApiCleanup.Due> due = rows.exportsOlderThan(exportRetention, BATCH);
            if (due.isEmpty()) {
                break;
            }
            objects.deleteAll(keys(due));
            exports += rows.deleteExports(due);
            if (due.size() < BATCH) {
                break;
            }
        }
        LOG.info("clean-up: {} expired uploads, {} entries purged from the trash, {} old exports", expired, purged,
                exports);
        return new Report(expired, purged, exports);
    }

    /** Accepted receipts and the previews beside them (deleting a preview that was never made is not an error). */
    private static List<String> withPreviews(List<String> keys) {
        List<String> all = new java.util.ArrayList<>(keys);
        keys.stream().filter(key -> key.startsWith(org.expensetracker.core.document.ReceiptKeys.PREFIX))
                .map(org.expensetracker.core.document.ReceiptKeys::preview).forEach(all::add);
        return all;
    }

    private static List<String> keys(List<DataApiCleanup.Due> due) {
        return due.stream().map(DataApiCleanup.Due::objectKey).filter(Objects::nonNull).toList();
    }

    public record Report(long expiredUploads, long purgedEntries, long expiredExports) {
    }
}
