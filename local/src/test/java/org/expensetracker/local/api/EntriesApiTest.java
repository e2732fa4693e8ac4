package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The entry routes end to end: local gateway → entries-api handler → local Data API → PostgreSQL. */
class EntriesApiTest {
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenANewEntry_whenCreated_thenItIsReturnedWithLocationEtagAndNormalisedFields() {
        ApiClient.Response created = api.post("/entries", Map.of("date", "2026-11-21", "type", "DEBIT",
                "amount", 1250, "category", " Travel ", "description", "Taxi to airport "));

        assertThat(created.status()).isEqualTo(201);
        JsonNode entry = created.body();
        assertThat(entry.path("amount").asText()).isEqualTo("1250.00");
        assertThat(entry.path("currency").asText()).isEqualTo("INR");
        assertThat(entry.path("category").asText()).isEqualTo("Travel");
        assertThat(entry.path("description").asText()).isEqualTo("Taxi to airport");
        assertThat(entry.path("version").asLong()).isEqualTo(1);
        assertThat(entry.path("documentCount").asInt()).isZero();
        assertThat(created.header("Location")).isEqualTo("/api/entries/" + entry.path("id").asText());
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        ApiClient.Response fetched = api.get("/entries/" + entry.path("id").asText());
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body().path("description").asText()).isEqualTo("Taxi to airport");
        assertThat(fetched.body().path("documents").isArray()).isTrue();
        assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void givenTheSameCreateSentTwice_whenRepeated_thenOneEntryExists() {
        String id = UUID.randomUUID().toString();
        ObjectNode body = ApiClient.entry("2026-11-20", "DEBIT", "99.90", "Food", "Lunch");
        body.put("id", id);

        ApiClient.Response first = api.post("/entries", body);
        ApiClient.Response second = api.post("/entries", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().path("id").asText()).isEqualTo(id);
        assertThat(second.body().path("createdAt")).isEqualTo(first.body().path("createdAt"));
        JsonNode items = api.get("/entries").body().path("items");
        assertThat(items).hasSize(1);
    }

    @Test
    void givenAnIdReusedWithOtherContent_whenCreated_thenConflictAndTheFirstEntryIsUnchanged() {
        String id = UUID.randomUUID().toString();
        ObjectNode body = ApiClient.entry("2026-11-20", "DEBIT", "10.00", "Food", "Tea");
        body.put("id", id);
        api.post("/entries", body);
        body.put("amount", "11.00");

        ApiClient.Response conflict = api.post("/entries", body);

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("CONFLICT");
        assertThat(api.get("/entries/" + id).body().path("amount").asText()).isEqualTo("10.00");
    }

    @Test
    void givenTheCurrentVersion_whenUpdated_thenVersionGrowsAndAStaleIfMatchGets412() {
        JsonNode entry = api.create("2026-11-19", "DEBIT", "40.00", "Fuel", "Petrol");
        String path = "/entries/" + entry.path("id").asText();
        ObjectNode change = ApiClient.entry("2026-11-19", "DEBIT", "45.50", "Fuel", "Petrol, full tank");

        ApiClient.Response updated = api.put(path, change, "\"1\"");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("version").asLong()).isEqualTo(2);
        assertThat(updated.body().path("amount").asText()).isEqualTo("45.50");
        assertThat(updated.header("ETag")).isEqualTo("\"2\"");

        ApiClient.Response stale = api.put(path, ApiClient.entry("2026-11-19", "DEBIT", "1.00", "Fuel", "x"), "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("PRECONDITION_FAILED");

        ApiClient.Response missingIfMatch = api.put(path, change, null);
        assertThat(missingIfMatch.status()).isEqualTo(412);

        JsonNode now = api.get(path).body();
        assertThat(now.path("amount").asText()).isEqualTo("45.50");
        assertThat(now.path("version").asLong()).isEqualTo(2);
    }

    @Test
    void givenAnEntry_whenDeletedAndRestored_thenItMovesThroughTheTrashAndBack() {
        JsonNode entry = api.create("2026-11-18", "CREDIT", "5000.00", "Salary", "November");
        String id = entry.path("id").asText();

        assertThat(api.delete("/entries/" + id).status()).isEqualTo(204);
        assertThat(api.get("/entries/" + id).status()).isEqualTo(404);
        assertThat(api.get("/entries").body().path("items")).isEmpty();
        JsonNode trash = api.get("/trash").body().path("items");
        assertThat(trash).hasSize(1);
        assertThat(trash.get(0).path("id").asText()).isEqualTo(id);
        assertThat(trash.get(0).has("deletedAt")).isTrue();
        assertThat(api.delete("/entries/" + id).status()).isEqualTo(404);

        ApiClient.Response restored = api.post("/entries/" + id + "/restore", null);
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.body().path("id").asText()).isEqualTo(id);
        assertThat(api.get("/entries/" + id).status()).isEqualTo(200);
        assertThat(api.get("/trash").body().path("items")).isEmpty();
        assertThat(api.post("/entries/" + id + "/restore", null).status()).isEqualTo(404);
    }

    @Test
    void givenEntries_whenFiltered_thenOnlyMatchingEntriesComeNewestFirst() {
        api.create("2026-10-01", "DEBIT", "100.00", "Travel", "Train to Pune");
        api.create("2026-10-15", "DEBIT", "20.00", "Food", "Coffee with Asha");
        api.create("2026-11-02", "CREDIT", "3000.00", "Consulting", "Invoice 17, 50% upfront");
        api.create("2026-11-05", "DEBIT", "250.00", "Travel", "Taxi TO airport");

        assertThat(descriptions(Map.of())).containsExactly(
                "Taxi TO airport", "Invoice 17, 50% upfront", "Coffee with Asha", "Train to Pune");
        assertThat(descriptions(Map.of("q", "to"))).containsExactly("Taxi TO airport", "Train to Pune");
        assertThat(descriptions(Map.of("q", "TRAVEL"))).containsExactly("Taxi TO airport", "Train to Pune");
        assertThat(descriptions(Map.of("q", "50%"))).containsExactly("Invoice 17, 50% upfront");
        assertThat(descriptions(Map.of("q", "5_%"))).isEmpty();
        assertThat(descriptions(Map.of("from", "2026-10-10", "to", "2026-11-04")))
                .containsExactly("Invoice 17, 50% upfront", "Coffee with Asha");
        assertThat(descriptions(Map.of("category", "travel"))).containsExactly("Taxi TO airport", "Train to Pune");
        assertThat(descriptions(Map.of("type", "CREDIT"))).containsExactly("Invoice 17, 50% upfront");
        assertThat(descriptions(Map.of("minAmount", "100", "maxAmount", "250")))
                .containsExactly("Taxi TO airport", "Train to Pune");
    }

    @Test
    void givenEntries_whenSummarised_thenTotalsAndGroupsAddUp() {
        api.create("2026-10-01", "DEBIT", "100.10", "Travel", "Train");
        api.create("2026-10-20", "DEBIT", "19.90", "Food", "Lunch");
        api.create("2026-11-02", "CREDIT", "3000.00", "Consulting", "Invoice");
        api.create("2026-11-05", "DEBIT", "250.00", "Travel", "Taxi");

        JsonNode byCategory = api.get("/summary").body();
        assertThat(byCategory.path("currency").asText()).isEqualTo("INR");
        assertThat(byCategory.path("debit").asText()).isEqualTo("370.00");
        assertThat(byCategory.path("credit").asText()).isEqualTo("3000.00");
        assertThat(byCategory.path("net").asText()).isEqualTo("2630.00");
        assertThat(byCategory.path("count").asLong()).isEqualTo(4);
        List<String> keys = new ArrayList<>();
        byCategory.path("groups").forEach(g -> keys.add(g.path("key").asText() + "=" + g.path("debit").asText()
                + "/" + g.path("credit").asText() + "/" + g.path("count").asLong()));
        assertThat(keys).containsExactly("Consulting=0.00/3000.00/1", "Travel=350.10/0.00/2", "Food=19.90/0.00/1");

        JsonNode byMonth = api.get("/summary?groupBy=month&type=DEBIT").body();
        assertThat(byMonth.path("debit").asText()).isEqualTo("370.00");
        assertThat(byMonth.path("groups")).extracting(g -> g.path("key").asText()).containsExactly("2026-10", "2026-11");

        JsonNode empty = api.get("/summary?from=2030-01-01").body();
        assertThat(empty.path("count").asLong()).isZero();
        assertThat(empty.path("debit").asText()).isEqualTo("0.00");
        assertThat(empty.path("groups")).isEmpty();
    }

    @Test
    void givenRepeatedCategories_whenSuggested_thenMostUsedComeFirst() {
        api.create("2026-11-01", "DEBIT", "1.00", "Travel", "Bus");
        api.create("2026-11-02", "DEBIT", "1.00", "Travel", "Bus");
        api.create("2026-11-03", "DEBIT", "1.00", "Tram", "Tram ride");
        api.create("2026-11-04", "DEBIT", "1.00", "Food", "Bus station snack");

        assertThat(suggestions("category", "tr")).containsExactly("Travel", "Tram");
        assertThat(suggestions("category", "")).containsExactly("Travel", "Food", "Tram");
        assertThat(suggestions("description", "bu")).containsExactly("Bus", "Bus station snack");
        assertThat(api.get("/suggestions?field=amount").status()).isEqualTo(400);
    }

    private List<String> suggestions(String field, String prefix) {
        JsonNode body = api.get("/suggestions" + ApiClient.query(Map.of("field", field, "prefix", prefix))).body();
        List<String> values = new ArrayList<>();
        body.path("suggestions").forEach(v -> values.add(v.asText()));
        return values;
    }

    private List<String> descriptions(Map<String, String> filter) {
        ApiClient.Response response = api.get("/entries" + (filter.isEmpty() ? "" : ApiClient.query(filter)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> values = new ArrayList<>();
        response.body().path("items").forEach(item -> values.add(item.path("description").asText()));
        return values;
    }
}
