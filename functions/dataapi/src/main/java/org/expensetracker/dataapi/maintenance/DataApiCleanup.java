package org.expensetracker.dataapi.maintenance;

import java.time.Duration;
import java.util.List;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlStatement;

/**
 * The SQL of the scheduled clean-up. Each job works in bounded batches: first find what is due
 * (and the S3 keys to remove), then — after the caller removed the objects — delete the rows.
 * Objects go before rows so that a failure leaves rows to retry, never unreachable objects.
 */
public final class DataApiCleanup {
    private final DataApiSql sql;

    public DataApiCleanup(DataApiSql sql) {
        this.sql = sql;
    }

    /**
     * Documents still PENDING after {@code age} (their upload URL expired long ago), in (owner, id)
     * order after {@code after} (null: from the start).
     */
    public List<Due> pendingUploadsOlderThan(Duration age, int limit, Due after) {
        return sql.execute(SqlStatement.of("""
                        SELECT owner_id, id::text AS id, object_key FROM documents
                         WHERE status = 'PENDING' AND created_at < now() - make_interval(secs => :age)
                           AND (owner_id, id::text) > (:afterOwner, :afterId)
                         ORDER BY owner_id, id::text LIMIT :limit""")
                        .bind("age", age.toSeconds()).bind("limit", (long) limit)
                        .bind("afterOwner", after == null ? "" : after.ownerId())
                        .bind("afterId", after == null ? "" : after.id()))
                .map(row -> new Due(row.string("owner_id"), row.string("id"), row.string("object_key")));
    }

    /** Deletes those documents (if still pending) and keeps their entries' counts right. */
    public long deletePendingUploads(List<Due> due, Duration age) {
        if (due.isEmpty()) {
            return 0;
        }
        return sql.execute(SqlStatement.of("""
                        WITH removed AS (
                            DELETE FROM documents
                             WHERE status = 'PENDING' AND created_at < now() - make_interval(secs => :age)
                               AND (owner_id || '/' || id::text) = ANY (string_to_array(:keys, ','))
                            RETURNING owner_id, entry_id
                        ), counted AS (
                            UPDATE entries e SET document_count = e.document_count - r.n
                              FROM (SELECT owner_id, entry_id, count(*) AS n FROM removed GROUP BY owner_id, entry_id) r
                             WHERE e.owner_id = r.owner_id AND e.id = r.entry_id
                            RETURNING e.id
                        )
                        SELECT count(*) AS removed FROM removed""")
                        .bind("age", age.toSeconds()).bind("keys", keys(due)))
                .first().orElseThrow().longValue("removed");
    }

    /** Entries in the trash for longer than the retention, as (owner, entry) pairs, with their receipts' keys. */
    public List<Due> trashOlderThan(Duration retention, int limit) {
        return sql.execute(SqlStatement.of("""
                        SELECT e.owner_id, e.id::text AS id, d.object_key FROM (
                            SELECT owner_id, id FROM entries
                             WHERE deleted_at IS NOT NULL AND deleted_at < now() - make_interval(secs => :retention)
                             ORDER BY deleted_at LIMIT :limit
                        ) e LEFT JOIN documents d ON d.owner_id = e.owner_id AND d.entry_id = e.id""")
                        .bind("retention", retention.toSeconds()).bind("limit", (long) limit))
                .map(row -> new Due(row.string("owner_id"), row.string("id"), row.string("object_key")));
    }

    /** Deletes those entries for good (their documents go with them). */
    public long deleteTrash(List<Due> due, Duration retention) {
        if (due.isEmpty()) {
            return 0;
        }
        return sql.execute(SqlStatement.of("""
                        DELETE FROM entries
                         WHERE deleted_at IS NOT NULL AND deleted_at < now() - make_interval(secs => :retention)
                           AND (owner_id || '/' || id::text) = ANY (string_to_array(:keys, ','))""")
                        .bind("retention", retention.toSeconds()).bind("keys", keys(due)))
                .updatedCount();
    }

    /** Exports created more than {@code age} ago (their download has expired, or they failed long ago). */
    public List<Due> exportsOlderThan(Duration age, int limit) {
        return sql.execute(SqlStatement.of("""
                        SELECT owner_id, id::text AS id, object_key FROM exports
                         WHERE created_at < now() - make_interval(secs => :age) AND status IN ('SUCCEEDED', 'FAILED')
                         ORDER BY created_at LIMIT :limit""")
                        .bind("age", age.toSeconds()).bind("limit", (long) limit))
                .map(row -> new Due(row.string("owner_id"), row.string("id"), row.string("object_key")));
    }

    public long deleteExports(List<Due> due) {
        if (due.isEmpty()) {
            return 0;
        }
        return sql.execute(SqlStatement.of(
                        "DELETE FROM exports WHERE (owner_id || '/' || id::text) = ANY (string_to_array(:keys, ','))")
                        .bind("keys", keys(due)))
                .updatedCount();
    }

    /**
     * The Data API takes no array parameters, so the batch travels as one comma-separated string.
     * Owner ids and UUIDs hold no commas.
     */
    private static String keys(List<Due> due) {
        return String.join(",", due.stream().map(d -> d.ownerId() + "/" + d.id()).distinct().toList());
    }

    /** A row due for removal; {@code objectKey} is null for an entry without receipts. */
    public record Due(String ownerId, String id, String objectKey) {
    }
}
