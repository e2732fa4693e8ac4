package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.documentsapi.DocumentsHandler;
import org.expensetracker.entries.EntriesHandler;
import org.expensetracker.exportsapi.ExportsHandler;
import org.expensetracker.local.LocalStack;
import org.expensetracker.receiptindexer.ReceiptIndexerHandler;
import org.expensetracker.receiptindexer.content.Analysis;
import org.junit.jupiter.api.Test;

/**
 * Before a SnapStart snapshot, each API function sends itself read-only requests through the
 * real SDK to the database, and the receipt indexer runs its path without effects, so restored
 * environments start warm. Priming must reach the
 * database, answer like any request (no 5xx), and change nothing anyone can see.
 */
class SnapStartPrimingTest {

    @Test
    void givenEachApiHandler_whenPrimedBeforeACheckpoint_thenItQueriesTheDatabaseAndChangesNothing() throws Exception {
        LocalStack stack = TestStack.get();
        ApiClient user = ApiClient.newUser();
        user.create("2026-11-02", "DEBIT", "12.50", "Food", "priming neighbour");
        EntriesHandler entries = new EntriesHandler(stack.functionEnvironment()::get);
        DocumentsHandler documents = new DocumentsHandler(stack.functionEnvironment()::get);
        ExportsHandler exports = new ExportsHandler(stack.functionEnvironment()::get);
        String before = snapshotOfAllTables(stack);

        Primed entriesPrimed = prime(stack, entries::prime);
        Primed documentsPrimed = prime(stack, documents::prime);
        Primed exportsPrimed = prime(stack, exports::prime);

        // list, unknown id, summary, suggestions
        assertThat(entriesPrimed.statuses()).containsExactly(200, 404, 200, 200);
        assertThat(documentsPrimed.statuses()).containsExactly(404);
        // the list, an unknown export
        assertThat(exportsPrimed.statuses()).containsExactly(200, 404);
        assertThat(entriesPrimed.dataApiCalls()).isGreaterThanOrEqualTo(4);
        assertThat(documentsPrimed.dataApiCalls()).isGreaterThanOrEqualTo(1);
        assertThat(exportsPrimed.dataApiCalls()).isGreaterThanOrEqualTo(2);
        assertThat(snapshotOfAllTables(stack)).isEqualTo(before);
    }

    @Test
    void givenTheCheckpointHook_whenTheRuntimeCallsIt_thenItPrimesWithoutThrowing() throws Exception {
        LocalStack stack = TestStack.get();
        EntriesHandler entries = new EntriesHandler(stack.functionEnvironment()::get);
        long before = stack.dataApi().calls();

        entries.beforeCheckpoint(null);
        entries.afterRestore(null);

        assertThat(stack.dataApi().calls() - before).isGreaterThanOrEqualTo(4);
    }

    @Test
    void givenAPausedDatabase_whenPrimed_thenPrimingStopsAtTheFirst503InsteadOfWaitingOnEveryRequest() {
        LocalStack stack = TestStack.get();
        Map<String, String> env = new HashMap<>(stack.functionEnvironment());
        env.put(EnvNames.DB_RESUME_WAIT_MS, "300");
        EntriesHandler entries = new EntriesHandler(env::get);
        stack.dataApi().resumeFor(Duration.ofSeconds(5));
        try {
            assertThat(entries.prime()).containsExactly(503);
        } finally {
            stack.dataApi().resumeFor(Duration.ZERO);
        }
    }

    @Test
    void givenTheReceiptIndexer_whenPrimed_thenItAnalysesItsSamplePdfAndQueriesTheDatabaseAndChangesNothing() throws Exception {
        LocalStack stack = TestStack.get();
        ReceiptIndexerHandler indexer = new ReceiptIndexerHandler(stack.functionEnvironment()::get);
        String before = snapshotOfAllTables(stack);
        long calls = stack.dataApi().calls();

        Analysis analysis = indexer.prime();

        assertThat(analysis.rejected()).isFalse();
        assertThat(analysis.text()).containsIgnoringCase("priming receipt 1.00");
        assertThat(stack.dataApi().calls() - calls).isGreaterThanOrEqualTo(1);
        assertThat(snapshotOfAllTables(stack)).isEqualTo(before);
    }

    private record Primed(List<Integer> statuses, long dataApiCalls) {
    }

    private static Primed prime(LocalStack stack, Supplier<List<Integer>> primer) {
        long before = stack.dataApi().calls();
        List<Integer> statuses = primer.get();
        return new Primed(statuses, stack.dataApi().calls() - before);
    }

    /** Every row of the tables a request could change, as one string. */
    private static String snapshotOfAllTables(LocalStack stack) throws SQLException {
        StringBuilder rows = new StringBuilder();
        try (Connection connection = stack.postgresDataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String table : List.of("entries", "documents", "exports")) {
                try (ResultSet result = statement.executeQuery(
                        "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')), count(*) FROM " + table + " t")) {
                    result.next();
                    rows.append(table).append('=').append(result.getLong(2)).append(':').append(result.getString(1)).append(' ');
                }
            }
        }
        return rows.toString();
    }
}
