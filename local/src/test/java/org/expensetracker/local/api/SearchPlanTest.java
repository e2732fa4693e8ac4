package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.expensetracker.local.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search plans that stay good as the table grows (docs/performance.md, "Search"). PostgreSQL
 * estimates {@code search_text LIKE '%word%'} from the column's histogram: with too few buckets a
 * word in 1% of the rows is often in none, the estimate collapses to 0.01%, and at a million rows
 * the planner fetches and sorts every match instead of walking the newest entries. These tests
 * check the estimate over fresh ANALYZE samples, and that searches use the owner-scoped index.
 */
class SearchPlanTest {
    private static final String OWNER_PREFIX = "plan-test-";
    private static final int OWNERS = 5;
    private static final int ROWS_PER_OWNER = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void seed() throws SQLException {
        try (Connection connection = TestStack.get().postgresDataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category,
                                          description, create_fingerprint)
                     SELECT ? || o, gen_random_uuid(), date '2026-11-30' - (i % 1461), 'DEBIT', 1 + i % 500, 'INR',
                            (ARRAY['Food', 'Transport', 'Rent', 'Health'])[1 + i % 4],
                            (ARRAY['Lunch with the team', 'Taxi from the airport', 'Milk and bread'])[1 + i % 3]
                                || CASE WHEN i % 100 = 37 THEN ' zanzibar' ELSE '' END
                                || CASE WHEN i % 10000 = 3 THEN ' quokka' ELSE '' END || ' #' || i,
                            'plan-test'
                       FROM generate_series(1, ?) AS o, generate_series(1, ?) AS i""")) {
            insert.setString(1, OWNER_PREFIX);
            insert.setInt(2, OWNERS);
            insert.setInt(3, ROWS_PER_OWNER);
            insert.executeUpdate();
        }
    }

    @AfterAll
    static void removeSeededRows() throws SQLException {
        try (Connection connection = TestStack.get().postgresDataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM entries WHERE owner_id LIKE '" + OWNER_PREFIX + "%'");
            statement.execute("ANALYZE entries");
        }
    }

    @Test
    void givenAWordInOnePercentOfTheRows_whenAnalyzedAgainAndAgain_thenTheEstimateStaysNearTheTruth() throws SQLException {
        LocalStack stack = TestStack.get();
        List<Double> estimates = new ArrayList<>();
        long actual;
        try (Connection connection = stack.postgresDataSource().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM entries WHERE search_text LIKE '%zanzibar%'")) {
                count.next();
                actual = count.getLong(1);
            }
            for (int sample = 0; sample < 6; sample++) {
                statement.execute("ANALYZE entries");
                // the query's pattern as the API sends it: folded by the same SQL function as the text
                estimates.add(planOf(statement, "SELECT * FROM entries WHERE search_text LIKE '%' || search_fold('ZANZIBAR') || '%'")
                        .path("Plan Rows").asDouble());
            }
        }

        assertThat(actual).isEqualTo(OWNERS * ROWS_PER_OWNER / 100);
        assertThat(estimates).as("estimated rows per ANALYZE sample, actual %d", actual)
                .allSatisfy(estimate -> assertThat(estimate).isBetween(actual / 2.0, actual * 2.0));
    }

    @Test
    void givenOneUsersSearch_whenPlanned_thenTheOwnerScopedTrigramIndexFindsTheRareWord() throws SQLException {
        JsonNode plan;
        try (Connection connection = TestStack.get().postgresDataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE entries");
            plan = planOf(statement, "SELECT id FROM entries WHERE owner_id = '" + OWNER_PREFIX + "1'"
                    + " AND deleted_at IS NULL AND search_text LIKE '%' || search_fold('Quokka') || '%'"
                    + " ORDER BY entry_date DESC, created_at DESC, id DESC LIMIT 51");
        }

        assertThat(plan.toString()).contains("\"Index Name\":\"entries_search_by_owner\"");
    }

    private static JsonNode planOf(Statement statement, String query) throws SQLException {
        try (ResultSet result = statement.executeQuery("EXPLAIN (FORMAT JSON) " + query)) {
            result.next();
            return JSON.readTree(result.getString(1)).get(0).get("Plan");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
