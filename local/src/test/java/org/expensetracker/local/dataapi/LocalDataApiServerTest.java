package org.expensetracker.local.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.expensetracker.local.dataapi.LocalDataApiOptions.SqlErrorStyle;
import org.expensetracker.local.postgres.LocalPostgres;
import org.expensetracker.local.testing.AwsCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.ArrayValue;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.ColumnMetadata;
import software.amazon.awssdk.services.rdsdata.model.DatabaseErrorException;
import software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException;
import software.amazon.awssdk.services.rdsdata.model.DecimalReturnType;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.LongReturnType;
import software.amazon.awssdk.services.rdsdata.model.NotFoundException;
import software.amazon.awssdk.services.rdsdata.model.RecordsFormatType;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.StatementTimeoutException;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;

/** The real AWS SDK against the local endpoint and a real PostgreSQL. */
class LocalDataApiServerTest {
    static final String CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:local";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:local";
    static final ObjectMapper JSON = new ObjectMapper();

    static Path dataDir;
    static LocalPostgres postgres;
    static LocalDataApiServer server;
    static RdsDataClient client;

    @BeforeAll
    static void startPostgresAndEndpoint() throws IOException {
        dataDir = Files.createTempDirectory("local-data-api-test");
        // initdb takes seconds; load the SDK meanwhile with a call the endpoint refuses before touching a database.
        CompletableFuture<LocalPostgres> starting = CompletableFuture.supplyAsync(() -> LocalPostgres.start(dataDir, 0));
        server = LocalDataApiServer.start(LocalDataApiOptions.defaults(), database -> starting.join().dataSource(database));
        client = clientFor(server);
        assertThatThrownBy(() -> client.executeStatement(b -> b.resourceArn(CLUSTER).sql("SELECT 1")))
                .isInstanceOf(BadRequestException.class);
        postgres = starting.join();
        execute("CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, name text NOT NULL UNIQUE,"
                + " amount numeric(14,2), day date, doc jsonb)");
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    // ---- values ------------------------------------------------------------------------------

    @Test
    void givenEveryCommonColumnType_whenSelected_thenEachComesBackInTheServicesEncoding() {
        List<Field> row = execute("""
                SELECT 1::int2, 2::int4, 3::int8, 1250.00::numeric(14,2), 0.0000001::numeric, 1.5::float8,
                       1.1::float4, true, 'text', 'ab'::char(3), 'e7b4c1d2-3f4a-4b5c-8d6e-7f8091a2b3c4'::uuid,
                       '{"a": 1}'::jsonb, DATE '2026-11-21', TIME '10:11:12.5', TIMESTAMP '2026-11-21 10:00:00',
                       TIMESTAMP '2026-11-21 10:00:00.120', TIMESTAMPTZ '2026-11-21 12:00:00+02', '\\xdeadbeef'::bytea,
                       ARRAY[1, 2]::int[], ARRAY['a', NULL], ARRAY[1.5]::float8[], ARRAY[true], ARRAY[1.10]::numeric[],
                       ARRAY[[1, 2], [3, 4]], NULL::text, INTERVAL '1 day 2 hours', 'NaN'::numeric
                """).records().get(0);

        assertThat(row.get(0)).isEqualTo(Field.fromLongValue(1L));
        assertThat(row.get(1)).isEqualTo(Field.fromLongValue(2L));
        assertThat(row.get(2)).isEqualTo(Field.fromLongValue(3L));
        assertThat(row.get(3)).isEqualTo(Field.fromStringValue("1250.00"));
        assertThat(row.get(4)).isEqualTo(Field.fromStringValue("0.0000001"));
        assertThat(row.get(5)).isEqualTo(Field.fromDoubleValue(1.5));
        assertThat(row.get(6)).isEqualTo(Field.fromDoubleValue(1.1));
        assertThat(row.get(7)).isEqualTo(Field.fromBooleanValue(true));
        assertThat(row.get(8)).isEqualTo(Field.fromStringValue("text"));
        assertThat(row.get(9)).isEqualTo(Field.fromStringValue("ab "));
        assertThat(row.get(10)).isEqualTo(Field.fromStringValue("e7b4c1d2-3f4a-4b5c-8d6e-7f8091a2b3c4"));
        assertThat(row.get(11)).isEqualTo(Field.fromStringValue("{\"a\": 1}"));
        assertThat(row.get(12)).isEqualTo(Field.fromStringValue("2026-11-21"));
        assertThat(row.get(13)).isEqualTo(Field.fromStringValue("10:11:12.5"));
        assertThat(row.get(14)).isEqualTo(Field.fromStringValue("2026-11-21 10:00:00"));
        assertThat(row.get(15)).isEqualTo(Field.fromStringValue("2026-11-21 10:00:00.12"));
        assertThat(row.get(16)).isEqualTo(Field.fromStringValue("2026-11-21 10:00:00"));
        assertThat(row.get(17)).isEqualTo(Field.fromBlobValue(SdkBytes.fromByteArray(new byte[] {
                (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef})));
        assertThat(row.get(18).arrayValue().longValues()).containsExactly(1L, 2L);
        assertThat(row.get(19).arrayValue().stringValues()).containsExactly("a", null);
        assertThat(row.get(20).arrayValue().doubleValues()).containsExactly(1.5);
        assertThat(row.get(21).arrayValue().booleanValues()).containsExactly(true);
        assertThat(row.get(22).arrayValue().stringValues()).containsExactly("1.10");
        assertThat(row.get(23).arrayValue().arrayValues()).extracting(ArrayValue::longValues)
                .containsExactly(List.of(1L, 2L), List.of(3L, 4L));
        assertThat(row.get(24)).isEqualTo(Field.fromIsNull(true));
        assertThat(row.get(25)).isEqualTo(Field.fromStringValue("1 day 02:00:00"));
        assertThat(row.get(26)).isEqualTo(Field.fromStringValue("NaN"));
    }

    @Test
    void givenEachValueKindAndTypeHint_whenBound_thenPostgresReceivesThatTypeAndValue() {
        List<Field> row = execute("""
                SELECT pg_typeof(:s)::text, :s, pg_typeof(:l)::text, :l, pg_typeof(:dbl)::text, :dbl,
                       pg_typeof(:b)::text, :b, pg_typeof(:blob)::text, :blob, :n::int IS NULL,
                       pg_typeof(:dec)::text, :dec, pg_typeof(:d)::text, :d, pg_typeof(:t)::text, :t,
                       pg_typeof(:ts)::text, :ts, pg_typeof(:u)::text, :u, (:j::jsonb) ->> 'k'
                """,
                param("s", Field.fromStringValue("plain")),
                param("l", Field.fromLongValue(9_007_199_254_740_993L)),
                param("dbl", Field.fromDoubleValue(2.25)),
                param("b", Field.fromBooleanValue(false)),
                param("blob", Field.fromBlobValue(SdkBytes.fromUtf8String("hi"))),
                param("n", Field.fromIsNull(true)),
                hinted("dec", "12345678901234567890.01", TypeHint.DECIMAL),
                hinted("d", "2026-11-21", TypeHint.DATE),
                hinted("t", "23:59:58.25", TypeHint.TIME),
                hinted("ts", "2026-11-21 10:00:00.5", TypeHint.TIMESTAMP),
                hinted("u", "E7B4C1D2-3F4A-4B5C-8D6E-7F8091A2B3C4", TypeHint.UUID),
                hinted("j", "{\"k\": \"v\"}", TypeHint.JSON)).records().get(0);

        assertThat(row).extracting(Field::stringValue).containsExactly(
                "character varying", "plain", "bigint", null, "double precision", null, "boolean", null,
                "bytea", null, null, "numeric", "12345678901234567890.01", "date", "2026-11-21",
                "time without time zone", "23:59:58.25", "timestamp without time zone", "2026-11-21 10:00:00.5",
                "uuid", "e7b4c1d2-3f4a-4b5c-8d6e-7f8091a2b3c4", "v");
        assertThat(row.get(3).longValue()).isEqualTo(9_007_199_254_740_993L);
        assertThat(row.get(5).doubleValue()).isEqualTo(2.25);
        assertThat(row.get(7).booleanValue()).isFalse();
        assertThat(row.get(9).blobValue().asUtf8String()).isEqualTo("hi");
        assertThat(row.get(10).booleanValue()).isTrue();
    }

    @Test
    void givenAPlainStringForAUuidColumn_whenInserted_thenPostgresTypeErrorComesBack_andTheUuidHintFixesIt() {
        String id = UUID.randomUUID().toString();
        String sql = "INSERT INTO items (id, name) VALUES (:id, :name)";

        assertThatThrownBy(() -> execute(sql, param("id", Field.fromStringValue(id)), param("name", text("x-" + id))))
                .isInstanceOf(DatabaseErrorException.class)
                .hasMessageContaining("ERROR: column \"id\" is of type uuid but expression is of type character varying")
                .hasMessageContaining("SQLState: 42804");
        assertThat(execute(sql, hinted("id", id, TypeHint.UUID), param("name", text("x-" + id)))
                .numberOfRecordsUpdated()).isEqualTo(1);
    }

    @Test
    void givenAmountsStoredAsNumeric_whenReadBack_thenTheyAreExactStringsUnlessDoubleOrLongIsAsked() {
        String id = UUID.randomUUID().toString();
        execute("INSERT INTO items (id, name, amount) VALUES (:id, :name, :amount)",
                hinted("id", id, TypeHint.UUID), param("name", text("amount-" + id)),
                hinted("amount", "1250.10", TypeHint.DECIMAL));
        String select = "SELECT amount, amount * 2 AS twice, 7::int8 AS seven FROM items WHERE id = :id";

        assertThat(execute(select, hinted("id", id, TypeHint.UUID)).records().get(0))
                .containsExactly(Field.fromStringValue("1250.10"), Field.fromStringValue("2500.20"),
                        Field.fromLongValue(7L));
        ExecuteStatementResponse asNumbers = client.executeStatement(request(select, hinted("id", id, TypeHint.UUID))
                .resultSetOptions(o -> o.decimalReturnType(DecimalReturnType.DOUBLE_OR_LONG)
                        .longReturnType(LongReturnType.STRING)).build());
        assertThat(asNumbers.records().get(0)).containsExactly(Field.fromDoubleValue(1250.10),
                Field.fromDoubleValue(2500.20), Field.fromStringValue("7"));
    }

    @Test
    void givenIncludeResultMetadata_whenSelected_thenColumnMetadataDescribesTheColumns() {
        ExecuteStatementResponse response = client.executeStatement(
                request("SELECT id, amount AS total FROM items LIMIT 0").includeResultMetadata(true).build());

        assertThat(response.columnMetadata()).extracting(ColumnMetadata::name, ColumnMetadata::label,
                ColumnMetadata::typeName).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("id", "id", "uuid"),
                        org.assertj.core.groups.Tuple.tuple("total", "total", "numeric"));
        assertThat(response.columnMetadata().get(1).scale()).isEqualTo(2);
        assertThat(response.records()).isEmpty();
    }

    @Test
    void givenFormatRecordsAsJson_whenSelected_thenRowsComeAsOneJsonStringOfPlainValues() throws IOException {
        ExecuteStatementResponse response = client.executeStatement(request("""
                SELECT 1 AS id, 1250.00::numeric(14,2) AS amount, DATE '2026-11-21' AS day, NULL::text AS note,
                       true AS ok, ARRAY[1, 2] AS list
                UNION ALL SELECT 2, 0.50, DATE '2026-11-22', 'n', false, ARRAY[3]
                """).formatRecordsAs(RecordsFormatType.JSON).build());

        assertThat(response.hasRecords()).isFalse();
        assertThat(JSON.readTree(response.formattedRecords())).isEqualTo(JSON.readTree("""
                [{"id":1,"amount":"1250.00","day":"2026-11-21","note":null,"ok":true,"list":[1,2]},
                 {"id":2,"amount":"0.50","day":"2026-11-22","note":"n","ok":false,"list":[3]}]
                """));
    }

    // ---- SQL text ----------------------------------------------------------------------------

    @Test
    void givenColonsInsideQuotesCommentsAndCasts_whenExecuted_thenOnlyRealParametersAreBound() {
        List<Field> row = execute("""
                SELECT ':notparam' AS a, 1 AS ":alias", $$ :dollar $$ AS b, -- :comment
                       /* :block */ :real::date AS c, '{"k":1}'::jsonb ? 'k' AS d
                """, hinted("real", "2026-11-21", TypeHint.DATE)).records().get(0);

        assertThat(row).containsExactly(Field.fromStringValue(":notparam"), Field.fromLongValue(1L),
                Field.fromStringValue(" :dollar "), Field.fromStringValue("2026-11-21"), Field.fromBooleanValue(true));
    }

    @Test
    void givenTwoStatementsInOneCall_whenExecuted_thenTheCallIsRejected_butOneTrailingSemicolonIsFine() {
        assertThatThrownBy(() -> execute("SELECT 1; SELECT 2")).isInstanceOf(BadRequestException.class);
        assertThat(execute("SELECT ';' AS s; -- trailing").records().get(0))
                .containsExactly(Field.fromStringValue(";"));
    }

    @Test
    void givenAReferencedParameterThatIsNotSupplied_whenExecuted_thenBadRequestNamesIt() {
        assertThatThrownBy(() -> execute("SELECT :present, :absent", param("present", text("x"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void givenAnArrayParameter_whenExecuted_thenItIsRejectedLikeTheService() {
        assertThatThrownBy(() -> execute("SELECT :ids",
                param("ids", Field.fromArrayValue(ArrayValue.builder().longValues(1L, 2L).build()))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Array parameters are not supported");
    }

    @Test
    void givenSqlPostgresRejects_whenExecuted_thenItsMessageComesBackWithoutAStackTrace() {
        String name = "dup-" + UUID.randomUUID();
        String insert = "INSERT INTO items (id, name) VALUES (gen_random_uuid(), :name)";
        execute(insert, param("name", text(name)));

        assertThatThrownBy(() -> execute(insert, param("name", text(name))))
                .isInstanceOf(DatabaseErrorException.class)
                .hasMessageContaining("duplicate key value violates unique constraint \"items_name_key\"")
                .hasMessageContaining("SQLState: 23505")
                .hasMessageNotContaining("at org.");
        assertThatThrownBy(() -> execute("SELEC 1"))
                .isInstanceOf(DatabaseErrorException.class)
                .hasMessageContaining("syntax error at or near \"SELEC\"");
    }

    @Test
    void givenTheServerlessV1ErrorStyle_whenPostgresRejectsSql_thenBadRequestExceptionCarriesItsMessage() {
        try (LocalDataApiServer v1 = LocalDataApiServer.start(
                LocalDataApiOptions.defaults().withSqlErrors(SqlErrorStyle.BAD_REQUEST), postgres::dataSource);
                RdsDataClient v1Client = clientFor(v1)) {
            assertThatThrownBy(() -> v1Client.executeStatement(request("SELECT 1/0").build()))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("division by zero");
        }
    }

    @Test
    void givenADatabaseName_whenExecuted_thenItRunsThere_andAnUnknownOneIsADatabaseError() {
        assertThat(client.executeStatement(request("SELECT current_database()").database("postgres").build())
                .records().get(0)).containsExactly(Field.fromStringValue("postgres"));
        assertThat(execute("SELECT current_database()").records().get(0))
                .containsExactly(Field.fromStringValue("expenses"));
        assertThatThrownBy(() -> client.executeStatement(request("SELECT 1").database("nope").build()))
                .isInstanceOf(DatabaseErrorException.class)
                .hasMessageContaining("database \"nope\" does not exist");
    }

    @Test
    void givenARequestWithoutSecretArn_whenExecuted_thenBadRequest() {
        assertThatThrownBy(() -> client.executeStatement(b -> b.resourceArn(CLUSTER).sql("SELECT 1")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("secretArn");
    }

    @Test
    void givenTimestamptzValues_whenSelected_thenTheyAreRenderedInUtc() {
        assertThat(execute("SELECT now() AT TIME ZONE 'UTC' = now()::timestamp, current_setting('TimeZone')")
                .records().get(0)).containsExactly(Field.fromBooleanValue(true), Field.fromStringValue("UTC"));
    }

    // ---- transactions ------------------------------------------------------------------------

    @Test
    void givenATransaction_whenCommitted_thenItsWritesBecomeVisibleToOtherCallsOnlyThen() {
        String name = "tx-commit-" + UUID.randomUUID();
        String tx = begin();
        executeIn(tx, "INSERT INTO items (id, name) VALUES (gen_random_uuid(), :name)", param("name", text(name)));

        assertThat(countNamed(name)).isZero();
        assertThat(client.commitTransaction(b -> b.resourceArn(CLUSTER).secretArn(SECRET).transactionId(tx))
                .transactionStatus()).isEqualTo("Transaction Committed");
        assertThat(countNamed(name)).isEqualTo(1);
    }

    @Test
    void givenATransaction_whenRolledBack_thenItsWritesVanish_andItsIdIsNotFoundAfterwards() {
        String name = "tx-rollback-" + UUID.randomUUID();
        String tx = begin();
        executeIn(tx, "INSERT INTO items (id, name) VALUES (gen_random_uuid(), :name)", param("name", text(name)));

        assertThat(client.rollbackTransaction(b -> b.resourceArn(CLUSTER).secretArn(SECRET).transactionId(tx))
                .transactionStatus()).isEqualTo("Rollback Complete");
        assertThat(countNamed(name)).isZero();
        assertThatThrownBy(() -> executeIn(tx, "SELECT 1"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Transaction " + tx + " is not found");
    }

    @Test
    void givenAnUnknownTransactionId_whenUsed_thenNotFound() {
        assertThatThrownBy(() -> executeIn("no-such-transaction", "SELECT 1"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("is not found");
        assertThatThrownBy(() -> client.commitTransaction(b -> b.resourceArn(CLUSTER).secretArn(SECRET)
                .transactionId("no-such-transaction"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenAStatementFailsInsideATransaction_whenUsedAgain_thenTheTransactionIsGoneAndRolledBack() {
        String name = "tx-error-" + UUID.randomUUID();
        String tx = begin();
        executeIn(tx, "INSERT INTO items (id, name) VALUES (gen_random_uuid(), :name)", param("name", text(name)));

        assertThatThrownBy(() -> executeIn(tx, "SELECT 1/0")).isInstanceOf(DatabaseErrorException.class);
        assertThatThrownBy(() -> client.rollbackTransaction(b -> b.resourceArn(CLUSTER).secretArn(SECRET)
                .transactionId(tx)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("aborted due to an error");
        assertThat(countNamed(name)).isZero();
    }

    @Test
    void givenATransactionLeftIdle_whenTheIdleTimeoutPasses_thenItIsRolledBackAndForgotten() throws Exception {
        try (LocalDataApiServer shortLived = LocalDataApiServer.start(
                LocalDataApiOptions.defaults().withTransactionIdleTimeout(Duration.ofMillis(300)), postgres::dataSource);
                RdsDataClient shortClient = clientFor(shortLived)) {
            String name = "tx-idle-" + UUID.randomUUID();
            String tx = shortClient.beginTransaction(b -> b.resourceArn(CLUSTER).secretArn(SECRET)).transactionId();
            shortClient.executeStatement(request("INSERT INTO items (id, name) VALUES (gen_random_uuid(), :name)",
                    param("name", text(name))).transactionId(tx).build());

            Thread.sleep(800);

            assertThat(JSON.readTree(shortLived.statsJson()).path("openTransactions").asInt()).isZero();
            assertThatThrownBy(() -> shortClient.executeStatement(request("SELECT 1").transactionId(tx).build()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("expired");
            assertThat(countNamed(name)).isZero();
        }
    }

    @Test
    void givenBatchExecute_whenGivenParameterSets_thenEachSetRunsOnce() {
        String prefix = "batch-" + UUID.randomUUID();
        BatchExecuteStatementResponse response = client.batchExecuteStatement(b -> b.resourceArn(CLUSTER)
                .secretArn(SECRET).sql("INSERT INTO items (id, name) VALUES (gen_random_uuid(), :name)")
                .parameterSets(List.of(param("name", text(prefix + "-1"))), List.of(param("name", text(prefix + "-2"))),
                        List.of(param("name", text(prefix + "-3")))));

        assertThat(response.updateResults()).hasSize(3);
        assertThat(execute("SELECT count(*) FROM items WHERE name LIKE :p", param("p", text(prefix + "%")))
                .records().get(0).get(0).longValue()).isEqualTo(3);
    }

    // ---- limits and faults -------------------------------------------------------------------

    @Test
    void givenAResultOverOneMebibyte_whenSelected_thenTheCallFails_whileOneJustUnderSucceeds() {
        assertThatThrownBy(() -> execute("SELECT repeat('x', 1000) FROM generate_series(1, 1100)"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Database returned more than the allowed response size limit");
        assertThatThrownBy(() -> client.executeStatement(request("SELECT repeat('x', 1000) FROM generate_series(1, 1100)")
                .formatRecordsAs(RecordsFormatType.JSON).build()))
                .isInstanceOf(BadRequestException.class);
        assertThat(execute("SELECT repeat('x', 1000) FROM generate_series(1, 1000)").records()).hasSize(1000);
    }

    @Test
    void givenAStatementRunningPastTheTimeout_whenExecuted_thenStatementTimeoutExceptionNamesTheSession() {
        try (LocalDataApiServer impatient = LocalDataApiServer.start(
                LocalDataApiOptions.defaults().withStatementTimeout(Duration.ofSeconds(1)), postgres::dataSource);
                RdsDataClient impatientClient = clientFor(impatient)) {
            assertThatThrownBy(() -> impatientClient.executeStatement(request("SELECT pg_sleep(1.3)").build()))
                    .isInstanceOfSatisfying(StatementTimeoutException.class,
                            e -> assertThat(e.dbConnectionId()).isPositive());
            assertThat(impatientClient.executeStatement(request("SELECT 1").build()).records()).hasSize(1);
        }
    }

    @Test
    void givenResumeFor_whenCalledDuringTheResume_thenDatabaseResumingException_andSuccessAfterwards() throws Exception {
        server.resumeFor(Duration.ofMillis(300));

        assertThatThrownBy(() -> execute("SELECT 1"))
                .isInstanceOf(DatabaseResumingException.class)
                .hasMessageContaining("is resuming after being auto-paused");
        assertThatThrownBy(this::begin).isInstanceOf(DatabaseResumingException.class);
        Thread.sleep(400);
        assertThat(execute("SELECT 1").records()).hasSize(1);
    }

    @Test
    void givenTheResumeEndpoint_whenPosted_thenCallsAreRefusedForThatLong() throws Exception {
        HttpResponse<String> posted = http("POST", "/_local/resume?seconds=0.3");

        assertThat(posted.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> execute("SELECT 1")).isInstanceOf(DatabaseResumingException.class);
        Thread.sleep(400);
        assertThat(execute("SELECT 1").records()).hasSize(1);
    }

    @Test
    void givenAnEndpointStartedPaused_whenFirstCalled_thenItResumesLikeAnAutoPausedCluster() throws Exception {
        try (LocalDataApiServer paused = LocalDataApiServer.start(
                LocalDataApiOptions.defaults().withStartPaused(Duration.ofMillis(300)), postgres::dataSource);
                RdsDataClient pausedClient = clientFor(paused)) {
            ExecuteStatementRequest select = request("SELECT 1").build();

            assertThatThrownBy(() -> pausedClient.executeStatement(select)).isInstanceOf(DatabaseResumingException.class);
            assertThatThrownBy(() -> pausedClient.executeStatement(select)).isInstanceOf(DatabaseResumingException.class);
            Thread.sleep(400);
            assertThat(pausedClient.executeStatement(select).records()).hasSize(1);
        }
    }

    // ---- protocol and stats ------------------------------------------------------------------

    @Test
    void givenEachKindOfCall_whenServed_thenTheCounterRisesByExactlyOne() throws Exception {
        try (LocalDataApiServer counted = LocalDataApiServer.start(LocalDataApiOptions.defaults(), postgres::dataSource);
                RdsDataClient countedClient = clientFor(counted)) {
            assertThat(counted.calls()).isZero();
            countedClient.executeStatement(request("SELECT 1").build());
            assertThat(counted.calls()).isEqualTo(1);
            String tx = countedClient.beginTransaction(b -> b.resourceArn(CLUSTER).secretArn(SECRET)).transactionId();
            assertThat(counted.calls()).isEqualTo(2);
            countedClient.executeStatement(request("SELECT 1").transactionId(tx).build());
            assertThat(counted.calls()).isEqualTo(3);
            countedClient.commitTransaction(b -> b.resourceArn(CLUSTER).secretArn(SECRET).transactionId(tx));
            assertThat(counted.calls()).isEqualTo(4);
            assertThatThrownBy(() -> countedClient.executeStatement(request("SELEC").build()))
                    .isInstanceOf(DatabaseErrorException.class);
            assertThat(counted.calls()).isEqualTo(5);

            JsonNode stats = JSON.readTree(httpTo(counted, "GET", "/_local/stats").body());
            assertThat(stats.path("calls").asLong()).isEqualTo(5);
            assertThat(stats.path("transactions").asLong()).isEqualTo(1);
            assertThat(stats.path("errors").asLong()).isEqualTo(1);
            JsonNode reset = JSON.readTree(httpTo(counted, "POST", "/_local/stats/reset").body());
            assertThat(reset.path("calls").asLong()).isZero();
            assertThat(counted.calls()).isZero();
        }
    }

    @Test
    void givenAnErrorResponse_whenReadRaw_thenItCarriesTheErrorTypeHeaderAndAJsonMessage() throws Exception {
        // Unsigned, so refused before the SQL is looked at: still the service's error shape.
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url() + "/Execute"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"resourceArn\":\"" + CLUSTER + "\",\"secretArn\":\"" + SECRET + "\",\"sql\":\"SELECT 1; SELECT 2\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(JSON.readTree(response.body()).path("message").asText()).isNotBlank();
    }

    // ---- an independent client ----------------------------------------------------------------

    @Test
    void givenTheAwsCli_whenItExecutesStatements_thenItParsesRecordsAndTypedErrors(@TempDir Path cliHome)
            throws Exception {
        AwsCli aws = AwsCli.require(cliHome);

        AwsCli.Result ok = runCli(aws, "select 1 as one");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(JSON.readTree(ok.stdout()).at("/records/0/0/longValue").asLong()).isEqualTo(1);

        AwsCli.Result failed = runCli(aws, "select 1/0");
        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.stderr()).contains("(DatabaseErrorException)", "division by zero");
    }

    static AwsCli.Result runCli(AwsCli aws, String sql) throws Exception {
        return aws.attempt("rds-data", "execute-statement", "--endpoint-url", server.url().toString(),
                "--resource-arn", CLUSTER, "--secret-arn", SECRET, "--database", "expenses", "--sql", sql);
    }

    // ---- helpers -----------------------------------------------------------------------------

    static RdsDataClient clientFor(LocalDataApiServer endpoint) {
        return RdsDataClient.builder()
                .endpointOverride(endpoint.url())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static ExecuteStatementResponse execute(String sql, SqlParameter... parameters) {
        return client.executeStatement(request(sql, parameters).build());
    }

    static ExecuteStatementRequest.Builder request(String sql, SqlParameter... parameters) {
        return ExecuteStatementRequest.builder().resourceArn(CLUSTER).secretArn(SECRET).database("expenses")
                .sql(sql).parameters(parameters);
    }

    static ExecuteStatementResponse executeIn(String transactionId, String sql, SqlParameter... parameters) {
        return client.executeStatement(request(sql, parameters).transactionId(transactionId).build());
    }

    String begin() {
        return client.beginTransaction(b -> b.resourceArn(CLUSTER).secretArn(SECRET).database("expenses"))
                .transactionId();
    }

    static long countNamed(String name) {
        return execute("SELECT count(*) FROM items WHERE name = :name", param("name", text(name)))
                .records().get(0).get(0).longValue();
    }

    static SqlParameter param(String name, Field value) {
        return SqlParameter.builder().name(name).value(value).build();
    }

    static SqlParameter hinted(String name, String value, TypeHint hint) {
        return SqlParameter.builder().name(name).value(Field.fromStringValue(value)).typeHint(hint).build();
    }

    static Field text(String value) {
        return Field.fromStringValue(value);
    }

    static HttpResponse<String> http(String method, String path) throws Exception {
        return httpTo(server, method, path);
    }

    static HttpResponse<String> httpTo(LocalDataApiServer endpoint, String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
