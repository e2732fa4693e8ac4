package org.expensetracker.local.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlRow;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.dataapi.migration.Migration;
import org.expensetracker.dataapi.migration.MigrationException;
import org.expensetracker.dataapi.migration.Migrator;
import org.expensetracker.local.LocalStack;
import org.expensetracker.local.api.TestStack;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;

/** The SQL layer and the migrator through the real SDK client and the local Data API. */
class DataApiSqlTest {
    private static final LocalStack STACK = TestStack.get();
    private static final RdsDataClient CLIENT = DataApiClients.client();
    private final DataApiSql sql = DataApiClients.sql(CLIENT, STACK.functionEnvironment()::get);

    @Test
    void givenEveryTypeHint_whenBoundAndReadBack_thenValuesAreExact() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-21T10:15:30.123456Z");
        SqlRow row = sql.execute(SqlStatement.of("""
                        SELECT :amount::numeric(14,2) AS amount, :day AS day, :at::timestamptz AS at, :id AS id,
                               (:doc::jsonb ->> 'k') AS k, :n AS n, :flag AS flag, :nothing::text AS nothing,
                               :text AS text""")
                        .bind("amount", new BigDecimal("123456789012.34")).bind("day", LocalDate.of(2024, 2, 29))
                        .bind("at", at).bind("id", id).bindJson("doc", "{\"k\":\"v\"}").bind("n", 42L)
                        .bind("flag", true).bind("nothing", (String) null).bind("text", "it's; -- fine"))
                .first().orElseThrow();

        assertThat(row.decimal("amount")).isEqualTo(new BigDecimal("123456789012.34"));
        assertThat(row.date("day")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(row.instant("at")).isEqualTo(at.truncatedTo(ChronoUnit.MICROS));
        assertThat(row.uuid("id")).isEqualTo(id);
        assertThat(row.string("k")).isEqualTo("v");
        assertThat(row.longValue("n")).isEqualTo(42);
        assertThat(row.booleanValue("flag")).isTrue();
        assertThat(row.isNull("nothing")).isTrue();
        assertThat(row.string("text")).isEqualTo("it's; -- fine");
    }

    @Test
    void givenATransaction_whenItFails_thenNothingIsCommittedAndOtherwiseEverythingIs() {
        sql.execute(SqlStatement.of("CREATE TABLE IF NOT EXISTS tx_probe (v text PRIMARY KEY)"));
        String kept = "kept-" + UUID.randomUUID();
        String lost = "lost-" + UUID.randomUUID();

        sql.inTransaction(tx -> tx.execute(SqlStatement.of("INSERT INTO tx_probe VALUES (:v)").bind("v", kept)));
        assertThatThrownBy(() -> sql.inTransaction(tx -> {
            tx.execute(SqlStatement.of("INSERT INTO tx_probe VALUES (:v)").bind("v", lost));
            throw new IllegalStateException("use case failed half-way");
        })).isInstanceOf(IllegalStateException.class);

        List<String> values = sql.execute(SqlStatement.of("SELECT v FROM tx_probe WHERE v IN (:a, :b)")
                .bind("a", kept).bind("b", lost)).map(r -> r.string("v"));
        assertThat(values).containsExactly(kept);
    }

    @Test
    void givenTheSchemaIsCurrent_whenMigratedAgain_thenNothingIsApplied() {
        List<Migration> shipped = Migrator.fromClasspath(getClass().getClassLoader());

        assertThat(new Migrator(sql).migrate(shipped)).isEmpty();
        assertThat(sql.execute(SqlStatement.of("SELECT count(*) AS n FROM schema_migrations")).first().orElseThrow()
                .longValue("n")).isEqualTo(shipped.size());
    }

    @Test
    void givenAnAppliedMigrationWasEdited_whenMigrated_thenItIsRefused() {
        Migration first = Migrator.fromClasspath(getClass().getClassLoader()).get(0);
        Migration edited = new Migration(first.version(), first.name(), first.script() + "\n-- edited\n");

        assertThatThrownBy(() -> new Migrator(sql).migrate(List.of(edited)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("edited");
    }

    @Test
    void givenANewMigration_whenMigratedTwice_thenItIsAppliedOnce() {
        int version = 900_000 + (int) (System.nanoTime() % 99_999);
        String table = "probe_" + version;
        Migration added = Migration.of("V" + version + "__probe.sql",
                "CREATE TABLE " + table + " (id int);\nINSERT INTO " + table + " VALUES (1);");

        assertThat(new Migrator(sql).migrate(List.of(added))).containsExactly(version);
        assertThat(new Migrator(sql).migrate(List.of(added))).isEmpty();
        assertThat(sql.execute(SqlStatement.of("SELECT count(*) AS n FROM " + table)).first().orElseThrow()
                .longValue("n")).isEqualTo(1);
        sql.execute(SqlStatement.of("DELETE FROM schema_migrations WHERE version = :v").bind("v", version));
    }

    @Test
    void givenAMigrationThatFailsHalfWay_whenMigrated_thenNoneOfItRemains() {
        int version = 800_000 + (int) (System.nanoTime() % 99_999);
        String table = "half_" + version;
        Migration broken = Migration.of("V" + version + "__broken.sql",
                "CREATE TABLE " + table + " (id int);\nSELECT no_such_function();");

        assertThatThrownBy(() -> new Migrator(sql).migrate(List.of(broken))).isInstanceOf(RuntimeException.class);
        assertThat(sql.execute(SqlStatement.of("SELECT to_regclass(:t) IS NULL AS gone").bind("t", table))
                .first().orElseThrow().booleanValue("gone")).isTrue();
    }
}
