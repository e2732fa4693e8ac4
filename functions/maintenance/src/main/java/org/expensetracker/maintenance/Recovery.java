package org.expensetracker.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.document.DocumentRepository;
import org.expensetracker.core.document.ReceiptKeys;
import org.expensetracker.core.document.ReceiptReading;
import org.expensetracker.dataapi.account.DataApiAccountDeletions;
import org.expensetracker.dataapi.maintenance.DataApiRecovery;
import org.expensetracker.dataapi.maintenance.DataApiRecovery.PendingDocument;
import org.expensetracker.dataapi.maintenance.DataApiRecovery.StuckExport;
import org.expensetracker.storage.S3Receipts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that was accepted always finishes. An export the API answered 202 for, and a receipt whose
 * bytes reached S3, each have one message on a queue; a crash, a stop, a lost message or a dead
 * letter would leave them QUEUED/RUNNING or PENDING for good. This sweep finds them and sends their
 * message again (the consumers are idempotent: a duplicate does nothing), counting each re-drive;
 * after {@link #MAX_REDRIVES} it gives up with a reason the owner can read, so nothing waits forever.
 *
 * <p>Runs on the maintenance schedule on AWS, and once at every start of the local stack, where
 * every lease and queued message belongs to the process that is gone ({@link Mode#AFTER_RESTART}).
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    /** Each re-drive gets the queue's own retries (3 receives) before the next sweep counts another. */
    public static final int MAX_REDRIVES = 5;
    static final int BATCH = 200;
    static final String EXPORT_GIVEN_UP = "The export could not be completed after several attempts; please start it again.";
    static final String RECEIPT_GIVEN_UP = "The file could not be checked after several attempts; please upload it again.";
    static final String READING_GIVEN_UP = "The receipt could not be read after several attempts; its file is kept as it is.";

    private final DataApiRecovery rows;
    private final DocumentRepository documents;
    private final S3Receipts objects;
    private final WorkQueues queues;
    private final Clock clock;
    private final DataApiAccountDeletions accountDeletions;
    private final boolean readsReceipts;

    /** {@code readsReceipts}: the deployment reads receipts (unread ones are then re-driven too). */
    public Recovery(DataApiRecovery rows, DocumentRepository documents, S3Receipts objects, WorkQueues queues, Clock clock,
            DataApiAccountDeletions accountDeletions, boolean readsReceipts) {
        this.accountDeletions = accountDeletions;
        this.readsReceipts = readsReceipts;
        this.rows = rows;
        this.documents = documents;
        this.objects = objects;
        this.queues = queues;
        this.clock = clock;
    }

    public Report run(Mode mode, long deadlineMillis) {
        Instant now = clock.instant();
        long exportsRedriven = 0;
        long exportsFailed = 0;
        List<StuckExport> stuck = rows.stuckExports(mode.queuedFor, mode.afterRestart ? now.plus(Duration.ofDays(365)) : now,
                BATCH);
        for (StuckExport job : stuck) {
            if (System.currentTimeMillis() >= deadlineMillis) {
                break;
            }
            if (job.redrives() >= MAX_REDRIVES) {
                exportsFailed += rows.failExport(job, EXPORT_GIVEN_UP) ? 1 : 0;
            } else if (rows.redriveExport(job)) {
                queues.export(new OwnerId(job.ownerId()), job.id());
                exportsRedriven++;
            }
        }
        long receiptsRedriven = 0;
        long receiptsRejected = 0;
        Instant createdBefore = mode.afterRestart ? now.plusSeconds(60) : now.minus(mode.pendingFor);
        PendingDocument after = null;
        while (System.currentTimeMillis() < deadlineMillis) {
            List<PendingDocument> pending = rows.pendingDocuments(createdBefore, after, BATCH);
            for (PendingDocument document : pending) {
                if (System.currentTimeMillis() >= deadlineMillis) {
                    break;
                }
                // Not uploaded (yet, or ever): nothing to check; the expiry removes the row a day later.
                if (!objects.exists(document.objectKey())) {
                    continue;
                }
                if (document.redrives() >= MAX_REDRIVES) {
                    if (documents.markRejected(new OwnerId(document.ownerId()), document.id(), RECEIPT_GIVEN_UP)) {
                        objects.delete(document.objectKey());
                        receiptsRejected++;
                    }
                } else if (rows.redriveDocument(document)) {
                    queues.reindex(document.objectKey());
                    receiptsRedriven++;
                }
            }
            if (pending.size() < BATCH) {
                break;
            }
            after = pending.get(pending.size() - 1);
        }
        // An accepted receipt whose reading never ran (the reader unreachable until the queue gave up, a
        // stop in between): its upload key is sent again, which the indexer answers by finishing what is
        // missing (preview, reading) of an AVAILABLE document. Given up with a reason after the last one.
        long receiptsReread = 0;
        long readingsFailed = 0;
        if (readsReceipts) {
            Instant indexedBefore = mode.afterRestart ? now.plusSeconds(60) : now.minus(mode.unreadFor);
            DataApiRecovery.UnreadDocument unreadAfter = null;
            while (System.currentTimeMillis() < deadlineMillis) {
                List<DataApiRecovery.UnreadDocument> unread = rows.unreadDocuments(indexedBefore, unreadAfter, BATCH);
                for (DataApiRecovery.UnreadDocument document : unread) {
                    if (System.currentTimeMillis() >= deadlineMillis) {
                        break;
                    }
                    OwnerId owner = new OwnerId(document.ownerId());
                    if (document.redrives() >= MAX_REDRIVES) {
                        readingsFailed += documents.storeReading(owner, document.id(),
                                ReceiptReading.failed(READING_GIVEN_UP), "") ? 1 : 0;
                    } else if (rows.redriveReading(document)) {
                        queues.reindex(ReceiptKeys.upload(owner, document.id()));
                        receiptsReread++;
                    }
                }
                if (unread.size() < BATCH) {
                    break;
                }
                unreadAfter = unread.get(unread.size() - 1);
            }
        }
        // A deletion the user asked for is never given up: it is re-driven until it is DONE (and a
        // dead letter on its queue raises the alarm meanwhile).
        long deletionsRedriven = 0;
        for (DataApiAccountDeletions.Unfinished job : accountDeletions.unfinished(mode.queuedFor, BATCH)) {
            if (System.currentTimeMillis() >= deadlineMillis) {
                break;
            }
            if (accountDeletions.redrive(job)) {
                queues.deleteAccount(job.owner());
                deletionsRedriven++;
            }
        }
        Report report = new Report(exportsRedriven, exportsFailed, receiptsRedriven, receiptsRejected, receiptsReread,
                readingsFailed, deletionsRedriven);
        if (!report.isEmpty()) {
            LOG.warn("recovery ({}): {}", mode, report);
        }
        return report;
    }

    /** What a sweep waits for before it calls work lost. */
    public enum Mode {
        /**
         * On the schedule, while consumers run: a QUEUED export older than 10 minutes lost its message
         * (SQS delivers within seconds), a RUNNING one lost its run when its lease lapsed, and a receipt
         * uploaded but still PENDING 5 minutes after its announcement lost its event, one accepted but
         * unread after 30 minutes lost its reading; an account
         * deletion without progress for 10 minutes lost its message or its run.
         */
        SCHEDULED(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(30), false),
        /** At the start of a local stack: the previous process, its queues and its leases are gone. */
        AFTER_RESTART(Duration.ZERO, Duration.ZERO, Duration.ZERO, true);

        private final Duration queuedFor;
        private final Duration pendingFor;
        /** A reading takes seconds, a job of many pages minutes: half an hour unread means it was lost. */
        private final Duration unreadFor;
        private final boolean afterRestart;

        Mode(Duration queuedFor, Duration pendingFor, Duration unreadFor, boolean afterRestart) {
            this.queuedFor = queuedFor;
            this.pendingFor = pendingFor;
            this.unreadFor = unreadFor;
            this.afterRestart = afterRestart;
        }
    }

    public record Report(long exportsRedriven, long exportsFailed, long receiptsRedriven, long receiptsRejected,
            long receiptsReread, long readingsFailed, long accountDeletionsRedriven) {
        boolean isEmpty() {
            return exportsRedriven + exportsFailed + receiptsRedriven + receiptsRejected + receiptsReread + readingsFailed
                    + accountDeletionsRedriven == 0;
        }
    }

    /** Where re-driven work is sent: the queues its consumers read. */
    public interface WorkQueues {
        void export(OwnerId owner, UUID exportId);

        void reindex(String objectKey);

        void deleteAccount(OwnerId owner);
    }
}
