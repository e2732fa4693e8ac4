package org.expensetracker.dataapi.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlStatement;

/**
 * The SQL of the recovery sweep: accepted work whose message was lost. Every change is conditional
 * on the state that was read, so a sweep racing a worker (or another sweep) changes nothing twice.
 */
public final class DataApiRecovery {
    private final DataApiSql sql;

    public DataApiRecovery(DataApiSql sql) {
        this.sql = sql;
    }

    /**
     * Exports nobody is working on: QUEUED for longer than {@code queuedFor}, or RUNNING with a lease
     * that lapsed before {@code leaseCutoff} (its run crashed, timed out or was stopped).
     */
    public List<StuckExport> stuckExports(Duration queuedFor, Instant leaseCutoff, int limit) {
        return sql.execute(SqlStatement.of("""
                        SELECT owner_id, id, status, attempts, redrives FROM exports
                         WHERE status IN ('QUEUED', 'RUNNING')
                           AND ((status = 'QUEUED' AND created_at < now() - make_interval(secs => :queuedFor))
                                OR (status = 'RUNNING' AND (lease_until IS NULL OR lease_until < :leaseCutoff)))
                         ORDER BY created_at LIMIT :limit""")
                        .bind("queuedFor", queuedFor.toSeconds()).bind("leaseCutoff", leaseCutoff)
                        .bind("limit", (long) limit))
                .map(row -> new StuckExport(row.string("owner_id"), row.uuid("id"), row.string("status"),
                        row.intValue("attempts"), row.intValue("redrives")));
    }

    /**
     * Counts a re-drive and makes the job claimable at once (its lease, if any, ends now). False when
     * the job moved on since it was read.
     */
    public boolean redriveExport(StuckExport job) {
        return sql.execute(SqlStatement.of("""
                        UPDATE exports SET redrives = redrives + 1,
                                           lease_until = CASE WHEN status = 'RUNNING' THEN now() - interval '1 second' END
                         WHERE owner_id = :owner AND id = :id AND status = :status AND redrives = :redrives""")
                        .bind("owner", job.ownerId()).bind("id", job.id()).bind("status", job.status())
                        .bind("redrives", (long) job.redrives()))
                .updatedCount() == 1;
    }

    /** Gives the job up with a reason for its owner. False when it moved on since it was read. */
    public boolean failExport(StuckExport job, String reason) {
        return sql.execute(SqlStatement.of("""
                        UPDATE exports SET status = 'FAILED', error = :reason, finished_at = now(), lease_until = NULL
                         WHERE owner_id = :owner AND id = :id AND status = :status AND redrives = :redrives""")
                        .bind("owner", job.ownerId()).bind("id", job.id()).bind("status", job.status())
                        .bind("redrives", (long) job.redrives()).bind("reason", reason))
                .updatedCount() == 1;
    }

    /**
     * PENDING documents announced before {@code createdBefore}, oldest first, after the position
     * {@code after} (null: from the start): candidates whose upload may have arrived.
     */
    public List<PendingDocument> pendingDocuments(Instant createdBefore, PendingDocument after, int limit) {
        return sql.execute(SqlStatement.of("""
                        SELECT owner_id, id, object_key, redrives, created_at FROM documents
                         WHERE status = 'PENDING' AND created_at < :before
                           AND (created_at, owner_id, id) > (:afterAt, :afterOwner, :afterId)
                         ORDER BY created_at, owner_id, id LIMIT :limit""")
                        .bind("before", createdBefore)
                        .bind("afterAt", after == null ? Instant.EPOCH : after.createdAt())
                        .bind("afterOwner", after == null ? "" : after.ownerId())
                        .bind("afterId", after == null ? new UUID(0, 0) : after.id())
                        .bind("limit", (long) limit))
                .map(row -> new PendingDocument(row.string("owner_id"), row.uuid("id"), row.string("object_key"),
                        row.intValue("redrives"), row.instant("created_at")));
    }

    /** Counts a re-drive of the document's check. False when it is no longer PENDING or was re-driven meanwhile. */
    public boolean redriveDocument(PendingDocument document) {
        return sql.execute(SqlStatement.of("""
                        UPDATE documents SET redrives = redrives + 1
                         WHERE owner_id = :owner AND id = :id AND status = 'PENDING' AND redrives = :redrives""")
                        .bind("owner", document.ownerId()).bind("id", document.id())
                        .bind("redrives", (long) document.redrives()))
                .updatedCount() == 1;
    }

    /**
     * AVAILABLE documents accepted before {@code indexedBefore} and never read, oldest first, after
     * {@code after} (null: from the start).
     */
    public List<UnreadDocument> unreadDocuments(Instant indexedBefore, UnreadDocument after, int limit) {
        return sql.execute(SqlStatement.of("""
                        SELECT owner_id, id, read_redrives, indexed_at FROM documents
                         WHERE status = 'AVAILABLE' AND extracted IS NULL AND indexed_at < :before
                           AND (indexed_at, owner_id, id) > (:afterAt, :afterOwner, :afterId)
                         ORDER BY indexed_at, owner_id, id LIMIT :limit""")
                        .bind("before", indexedBefore)
                        .bind("afterAt", after == null ? Instant.EPOCH : after.indexedAt())
                        .bind("afterOwner", after == null ? "" : after.ownerId())
                        .bind("afterId", after == null ? new UUID(0, 0) : after.id())
                        .bind("limit", (long) limit))
                .map(row -> new UnreadDocument(row.string("owner_id"), row.uuid("id"), row.intValue("read_redrives"),
                        row.instant("indexed_at")));
    }

    /** Counts a re-drive of the document's reading. False when it was read or re-driven meanwhile. */
    public boolean redriveReading(UnreadDocument document) {
        return sql.execute(SqlStatement.of("""
                        UPDATE documents SET read_redrives = read_redrives + 1
                         WHERE owner_id = :owner AND id = :id AND status = 'AVAILABLE' AND extracted IS NULL
                           AND read_redrives = :redrives""")
                        .bind("owner", document.ownerId()).bind("id", document.id())
                        .bind("redrives", (long) document.redrives()))
                .updatedCount() == 1;
    }

    /** An accepted receipt that was never read. */
    public record UnreadDocument(String ownerId, UUID id, int redrives, Instant indexedAt) {
    }

    /** A job that should be running but is not. */
    public record StuckExport(String ownerId, UUID id, String status, int attempts, int redrives) {
    }

    /** A document still waiting for its check, with where its upload lands. */
    public record PendingDocument(String ownerId, UUID id, String objectKey, int redrives, Instant createdAt) {
    }
}
