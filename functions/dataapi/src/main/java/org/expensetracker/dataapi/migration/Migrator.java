package org.expensetracker.dataapi.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date through the Data API. Each migration runs in its own transaction
 * together with its row in schema_migrations, under an advisory lock, so two deploys racing each
 * other apply it once. Applying twice is a no-op; a file edited after it was applied is refused.
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    /** Arbitrary constant shared by every migrator of this schema. */
    private static final long LOCK_KEY = 0x65787065_6e736573L;
    public static final String CLASSPATH_DIRECTORY = "db/migration/";
    public static final String INDEX_FILE = "migrations.txt";

    private final DataApiSql sql;

    public Migrator(DataApiSql sql) {
        this.sql = sql;
    }

    /** The migrations shipped on the classpath, listed in {@code db/migration/migrations.txt}. */
    public static List<Migration> fromClasspath(ClassLoader loader) {
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(loader, CLASSPATH_DIRECTORY + INDEX_FILE).split("\n")) {
            String fileName = line.strip();
            if (!fileName.isEmpty() && !fileName.startsWith("#")) {
                migrations.add(Migration.of(fileName, read(loader, CLASSPATH_DIRECTORY + fileName)));
            }
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        return migrations;
    }

    /** Applies what is missing; returns the versions applied by this call. */
    public List<Integer> migrate(List<Migration> migrations) {
        checkVersionsUnique(migrations);
        sql.execute(SqlStatement.of("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )"""));
        Map<Integer, String> applied = applied();
        List<Integer> appliedNow = new ArrayList<>();
        for (Migration migration : migrations) {
            String checksum = applied.get(migration.version());
            if (checksum != null) {
                requireUnchanged(migration, checksum);
                continue;
            }
            boolean ran = sql.inTransaction(tx -> {
                tx.execute(SqlStatement.of("SELECT pg_advisory_xact_lock(:key)").bind("key", LOCK_KEY));
                // Another migrator may have applied it while we waited for the lock.
                var existing = tx.execute(SqlStatement.of("SELECT checksum FROM schema_migrations WHERE version = :v")
                        .bind("v", migration.version())).first();
                if (existing.isPresent()) {
                    requireUnchanged(migration, existing.get().string("checksum"));
                    return false;
                }
                for (String statement : migration.statements()) {
                    tx.execute(SqlStatement.of(statement));
                }
                tx.execute(SqlStatement.of(
                        "INSERT INTO schema_migrations (version, name, checksum) VALUES (:v, :name, :checksum)")
                        .bind("v", migration.version()).bind("name", migration.name())
                        .bind("checksum", migration.checksum()));
                return true;
            });
            if (ran) {
                LOG.info("applied migration V{} {}", migration.version(), migration.name());
                appliedNow.add(migration.version());
            }
        }
        return appliedNow;
    }

    private Map<Integer, String> applied() {
        Map<Integer, String> applied = new HashMap<>();
        sql.execute(SqlStatement.of("SELECT version, checksum FROM schema_migrations"))
                .rows().forEach(row -> applied.put(row.intValue("version"), row.string("checksum")));
        return applied;
    }

    private static void requireUnchanged(Migration migration, String appliedChecksum) {
        if (!appliedChecksum.equals(migration.checksum())) {
            throw new MigrationException("migration V" + migration.version() + " (" + migration.name()
                    + ") was edited after it was applied; add a new migration instead");
        }
    }

    private static void checkVersionsUnique(List<Migration> migrations) {
        long distinct = migrations.stream().mapToInt(Migration::version).distinct().count();
        if (distinct != migrations.size()) {
            throw new MigrationException("two migration files share a version number");
        }
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MigrationException("missing classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
