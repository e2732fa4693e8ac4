package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One user can never see or touch another user's data; a foreign entry looks like a missing one. */
class TenantIsolationTest {
    private final ApiClient alice = ApiClient.newUser();
    private final ApiClient mallory = ApiClient.newUser();

    @Test
    void givenAlicesEntry_whenMalloryUsesEveryRouteOnIt_thenEachAnswersNotFoundAndNothingChanges() {
        JsonNode entry = alice.create("2026-11-21", "DEBIT", "777.00", "Secretcategory", "Secret gift");
        String id = entry.path("id").asText();
        JsonNode trashed = alice.create("2026-11-20", "DEBIT", "5.00", "Secretcategory", "Secret trashed");
        String trashedId = trashed.path("id").asText();
        alice.delete("/entries/" + trashedId);
        String aliceBefore = alice.get("/entries").body().toString() + alice.get("/trash").body();

        ObjectNode change = ApiClient.entry("2026-11-21", "DEBIT", "1.00", "Hacked", "Hacked");
        ApiClient.Response[] attempts = {
                mallory.get("/entries/" + id),
                mallory.put("/entries/" + id, change, "\"1\""),
                mallory.delete("/entries/" + id),
                mallory.post("/entries/" + trashedId + "/restore", null),
                mallory.get("/entries/" + trashedId),
        };
        for (ApiClient.Response attempt : attempts) {
            assertThat(attempt.status()).as(attempt.toString()).isEqualTo(404);
            assertThat(attempt.errorCode()).isEqualTo("NOT_FOUND");
        }
        // The same answer as for an id that exists for nobody.
        assertThat(mallory.get("/entries/00000000-0000-4000-8000-000000000000").body().path("error").path("message"))
                .isEqualTo(attempts[0].body().path("error").path("message"));

        // Creating with Alice's id makes Mallory's own entry and leaves Alice's alone.
        ObjectNode sameId = ApiClient.entry("2026-11-21", "CREDIT", "1.00", "Mine", "Mine");
        sameId.put("id", id);
        assertThat(mallory.post("/entries", sameId).status()).isEqualTo(201);

        assertThat(alice.get("/entries").body().toString() + alice.get("/trash").body()).isEqualTo(aliceBefore);
        assertThat(alice.get("/entries/" + id).body().path("description").asText()).isEqualTo("Secret gift");
    }

    @Test
    void givenBothUsersHaveData_whenListingSearchingSuggestingAndSummarising_thenOnlyOwnRowsCount() {
        alice.create("2026-11-21", "DEBIT", "100.00", "Groceries", "Weekly shop zucchini");
        mallory.create("2026-11-21", "DEBIT", "900.00", "Gadgets", "Phone zucchini case");

        assertThat(mallory.get("/entries").body().path("items").findValuesAsText("description"))
                .containsExactly("Phone zucchini case");
        assertThat(mallory.get("/entries?q=zucchini").body().path("items").findValuesAsText("description"))
                .containsExactly("Phone zucchini case");
        assertThat(mallory.get("/entries?q=weekly").body().path("items")).isEmpty();
        assertThat(mallory.get("/trash").body().path("items")).isEmpty();
        assertThat(mallory.get("/suggestions" + ApiClient.query(Map.of("field", "category", "prefix", "g")))
                .body().path("suggestions").toString()).isEqualTo("[\"Gadgets\"]");
        JsonNode summary = mallory.get("/summary").body();
        assertThat(summary.path("debit").asText()).isEqualTo("900.00");
        assertThat(summary.path("count").asLong()).isEqualTo(1);
    }
}
