package org.expensetracker.dataapi.account;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.account.AccountDeletionRepository;
import org.expensetracker.core.account.AccountDeletionStatus;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlStatement;

/**
 * The SQL of account deletion: the job row, and the removal of the owner's rows in bounded batches
 * (a large account's hundred thousand entries never sit in one statement that could outlive the
 * Data API's timeout). Every step may run any number of times.
 */
public final class DataApiAccountDeletions implements AccountDeletionRepository {
    /**
     * Everything of an owner, in the order the foreign keys want (documents belong to entries). A
     * later issue's table joins this list, and its insert trigger joins migration V006's.
     */
    public static final List<String> OWNED_TABLES = List.of("documents", "exports", "entries", "receipt_reading_usage",
            "user_settings", "budgets", "recurring_schedules");
    /** Owned tables of a few rows per owner (per month, per category): removed in one statement. */
    private static final List<String> SMALL_TABLES = List.of("receipt_reading_usage", "user_settings", "budgets");

    private final DataApiSql sql;

    public DataApiAccountDeletions(DataApiSql sql) {
        this.sql = sql;
    }

    @Override
    public AccountDeletionStatus request(OwnerId owner) {
        // DO UPDATE that changes nothing, so RETURNING answers for an existing row too.
        String status = sql.execute(SqlStatement.of("""
                        INSERT INTO account_deletions (owner_id) VALUES (:owner)
                        ON CONFLICT (owner_id) DO UPDATE SET owner_id = EXCLUDED.owner_id
                        RETURNING status""")
                        .bind("owner", owner.value()))
                .first().orElseThrow().string("status");
        return AccountDeletionStatus.valueOf(status);
    }

    /** Claims the job for a run: true unless it is finished (or was never asked for). */
    public boolean start(OwnerId owner) {
        return sql.execute(SqlStatement.of("""
                        UPDATE account_deletions SET status = 'DELETING', updated_at = now()
                         WHERE owner_id = :owner AND status <> 'DONE'""")
                        .bind("owner", owner.value()))
                .updatedCount() == 1;
    }

    /** Removes up to {@code limit} of the owner's rows from {@code table}; returns how many went. */
    public long deleteSome(OwnerId owner, String table, int limit) {
        if (!OWNED_TABLES.contains(table)) {
            throw new IllegalArgumentException("not an owned table: " + table);
        }
        if (SMALL_TABLES.contains(table)) {
            return sql.execute(SqlStatement.of("DELETE FROM " + table + " WHERE owner_id = :owner").bind("owner", owner.value()))
                    .updatedCount();
        }
        return sql.execute(SqlStatement.of("""
                        DELETE FROM %1$s WHERE owner_id = :owner
                           AND id IN (SELECT id FROM %1$s WHERE owner_id = :owner LIMIT :limit)"""
                        .formatted(table))
                        .bind("owner", owner.value()).bind("limit", (long) limit))
                .updatedCount();
    }

    /** Progress: the recovery sweep leaves a job alone while it keeps moving. */
    public void touch(OwnerId owner) {
        sql.execute(SqlStatement.of("UPDATE account_deletions SET updated_at = now() WHERE owner_id = :owner")
                .bind("owner", owner.value()));
    }

    public void finish(OwnerId owner) {
        sql.execute(SqlStatement.of("""
                        UPDATE account_deletions SET status = 'DONE', updated_at = now(), finished_at = now()
                         WHERE owner_id = :owner AND status <> 'DONE'""")
                .bind("owner", owner.value()));
    }

    public Optional<AccountDeletionStatus> status(OwnerId owner) {
        return sql.execute(SqlStatement.of("SELECT status FROM account_deletions WHERE owner_id = :owner")
                        .bind("owner", owner.value()))
                .first().map(row -> AccountDeletionStatus.valueOf(row.string("status")));
    }

    /** Deletions that made no progress for {@code idleFor}: their message or their run was lost. */
    public List<Unfinished> unfinished(Duration idleFor, int limit) {
        return sql.execute(SqlStatement.of("""
                        SELECT owner_id, redrives FROM account_deletions
                         WHERE status <> 'DONE' AND updated_at < now() - make_interval(secs => :idleFor)
                         ORDER BY updated_at LIMIT :limit""")
                        .bind("idleFor", idleFor.toSeconds()).bind("limit", (long) limit))
                .map(row -> new Unfinished(new OwnerId(row.string("owner_id")), row.intValue("redrives")));
    }

    /** Counts a re-drive; false when another sweep got there first. */
    public boolean redrive(Unfinished job) {
        return sql.execute(SqlStatement.of("""
                        UPDATE account_deletions SET redrives = redrives + 1, updated_at = now()
                         WHERE owner_id = :owner AND status <> 'DONE' AND redrives = :redrives""")
                        .bind("owner", job.owner().value()).bind("redrives", (long) job.redrives()))
                .updatedCount() == 1;
    }

    public record Unfinished(OwnerId owner, int redrives) {
    }
}
