package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Each create, get, list, update and delete request costs exactly one Data API call. */
class RoundTripsTest {
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenTheLocalDataApiCounter_whenEachCrudRouteIsCalled_thenEachCostsOneCall() {
        JsonNode entry = api.create("2026-11-01", "DEBIT", "5.00", "Food", "warm-up");
        String path = "/entries/" + entry.path("id").asText();
        for (int i = 0; i < 5; i++) {
            api.create("2026-11-0" + (i + 2), "DEBIT", "5.00", "Food", "row " + i);
        }

        assertThat(calls(() -> api.create("2026-11-21", "DEBIT", "1.00", "Food", "new"))).isEqualTo(1);
        assertThat(calls(() -> api.get(path))).isEqualTo(1);
        assertThat(calls(() -> api.get("/entries?limit=3&q=row&from=2026-01-01"))).isEqualTo(1);
        // a search that finds nothing brings its "did you mean" in the same statement
        assertThat(calls(() -> api.get("/entries?q=rwo"))).isEqualTo(1);
        assertThat(calls(() -> api.put(path, ApiClient.entry("2026-11-01", "DEBIT", "6.00", "Food", "x"), "\"1\"")))
                .isEqualTo(1);
        assertThat(calls(() -> api.delete(path))).isEqualTo(1);
        assertThat(calls(() -> api.get("/trash"))).isEqualTo(1);
        assertThat(calls(() -> api.post(path + "/restore", null))).isEqualTo(1);
        assertThat(calls(() -> api.get("/summary?groupBy=month"))).isEqualTo(1);
        assertThat(calls(() -> api.get("/suggestions?field=category"))).isEqualTo(1);
        assertThat(calls(() -> api.post("/entries/bulk", java.util.Map.of("action", "addTag",
                "ids", java.util.List.of(entry.path("id").asText()), "tag", "bulk")))).isEqualTo(1);
        assertThat(calls(() -> api.post("/categories/rename", java.util.Map.of("from", "Food", "to", "Meals")))).isEqualTo(1);
        assertThat(calls(() -> api.put("/budgets/Food", java.util.Map.of("amount", "100.00"), null))).isEqualTo(1);
        assertThat(calls(() -> api.get("/budgets?month=2026-11"))).isEqualTo(1);
        assertThat(calls(() -> api.get("/recurring"))).isEqualTo(1);
        assertThat(calls(() -> api.get("/settings"))).isEqualTo(1);
        // the home currency is resolved inside the rate lookup's statement
        assertThat(calls(() -> api.get("/rates?from=EUR&date=2026-11-20&amount=10.00"))).isEqualTo(1);
        assertThat(calls(() -> api.put("/settings", java.util.Map.of("fiscalYearStartMonth", 4), null))).isEqualTo(1);
    }

    @Test
    void givenACapturedReceipt_whenItIsCapturedListedAndTakenByANewEntry_thenEachRequestCostsOneCall() {
        java.util.Map<String, Object> announcement = java.util.Map.of("fileName", "bill.pdf",
                "contentType", "application/pdf", "sizeBytes", 1000);
        api.post("/documents", announcement);

        String[] captured = new String[1];
        assertThat(calls(() -> captured[0] = api.post("/documents", announcement).body()
                .path("document").path("id").asText())).isEqualTo(1);
        assertThat(calls(() -> api.get("/documents?unattached=true"))).isEqualTo(1);
        var entry = ApiClient.entry("2026-11-21", "DEBIT", "1.00", "Food", "with a receipt");
        entry.put("id", java.util.UUID.randomUUID().toString()); // a repeat is the same create
        entry.putArray("documentIds").add(captured[0]);
        assertThat(calls(() -> api.post("/entries", entry))).isEqualTo(1);
    }

    /**
     * The Data API calls one request costs. The counter is the stack's, so background work (the
     * maintenance timer, a delayed check of a reading job) can add to one measurement, never take
     * away: the request is measured up to eight times, apart, and the least count is its cost. Measured
     * requests are therefore ones that may be repeated.
     */
    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long calls(Supplier<?> request) {
        long least = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 8 && least > 1; attempt++) {
            if (attempt > 0) {
                sleep(); // let a maintenance run in progress (the first one comes a second after start) pass
            }
            long before = api.stack().dataApi().calls();
            request.get();
            least = Math.min(least, api.stack().dataApi().calls() - before);
        }
        return least;
    }
}
