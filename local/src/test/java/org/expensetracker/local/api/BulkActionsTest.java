package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One change to a selection, in one statement: only the caller's own entries, each with a new version. */
class BulkActionsTest {
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenASelection_whenDeletedRestoredRecategorisedAndTagged_thenEachActionChangesExactlyTheCallersEntries() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(api.create("2026-11-0" + (i + 1), "DEBIT", "10.00", "Misc", "Bill " + i).path("id").asText());
        }
        ApiClient other = ApiClient.newUser();
        String theirs = other.create("2026-11-01", "DEBIT", "10.00", "Misc", "Not yours").path("id").asText();
        List<String> selection = new ArrayList<>(mine);
        selection.add(theirs);

        JsonNode recategorised = bulk(Map.of("action", "setCategory", "ids", selection, "category", "Office"));
        JsonNode tagged = bulk(Map.of("action", "addTag", "ids", selection, "tag", "Q4"));
        JsonNode taggedAgain = bulk(Map.of("action", "addTag", "ids", selection, "tag", "q4"));
        JsonNode untagged = bulk(Map.of("action", "removeTag", "ids", List.of(mine.get(0)), "tag", "q4"));
        JsonNode deleted = bulk(Map.of("action", "delete", "ids", selection));
        JsonNode restored = bulk(Map.of("action", "restore", "ids", List.of(mine.get(1), theirs)));

        assertThat(recategorised.path("count").asInt()).isEqualTo(3);
        assertThat(texts(recategorised.path("ids"))).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(tagged.path("count").asInt()).isEqualTo(3);
        assertThat(taggedAgain.path("count").asInt()).as("a tag already there changes nothing").isZero();
        assertThat(untagged.path("count").asInt()).isEqualTo(1);
        assertThat(deleted.path("count").asInt()).isEqualTo(3);
        assertThat(texts(restored.path("ids"))).containsExactly(mine.get(1));

        assertThat(api.get("/entries").body().path("items").findValuesAsText("id")).containsExactly(mine.get(1));
        JsonNode kept = api.get("/entries/" + mine.get(1)).body();
        assertThat(kept.path("category").asText()).isEqualTo("Office");
        assertThat(texts(kept.path("tags"))).containsExactly("q4");
        assertThat(kept.path("version").asLong()).as("each change a new version").isEqualTo(5);
        JsonNode untouched = other.get("/entries/" + theirs).body();
        assertThat(untouched.path("category").asText()).isEqualTo("Misc");
        assertThat(untouched.path("version").asLong()).isEqualTo(1);
    }

    @Test
    void givenATypoedCategory_whenRenamedIntoTheRightOne_thenEveryEntryOfItMovesAndOnlyThose() {
        String a = api.create("2026-11-01", "DEBIT", "10.00", "Trvel", "Taxi").path("id").asText();
        String b = api.create("2026-11-02", "DEBIT", "10.00", "trvel", "Bus").path("id").asText();
        String c = api.create("2026-11-03", "DEBIT", "10.00", "Travel", "Train").path("id").asText();
        ApiClient other = ApiClient.newUser();
        String theirs = other.create("2026-11-01", "DEBIT", "10.00", "Trvel", "Not yours").path("id").asText();

        ApiClient.Response merged = api.post("/categories/rename", Map.of("from", "TRVEL", "to", "Travel"));

        assertThat(merged.status()).isEqualTo(200);
        assertThat(texts(merged.body().path("ids"))).containsExactlyInAnyOrder(a, b);
        assertThat(api.get("/summary?groupBy=category").body().path("groups").findValuesAsText("key")).containsExactly("Travel");
        assertThat(api.get("/entries/" + c).body().path("version").asLong()).isEqualTo(1);
        assertThat(other.get("/entries/" + theirs).body().path("category").asText()).isEqualTo("Trvel");
    }

    @Test
    void givenAMergeOfTwoSpellings_whenUndoneWithWhatTheAnswerSays_thenEachEntryHasItsOwnSpellingBack() {
        String a = api.create("2026-11-01", "DEBIT", "10.00", "Trvel", "Taxi").path("id").asText();
        String b = api.create("2026-11-02", "DEBIT", "10.00", "trvel", "Bus").path("id").asText();

        JsonNode merged = api.post("/categories/rename", Map.of("from", "Trvel", "to", "Travel")).body();
        for (JsonNode group : merged.path("previous")) {
            bulk(Map.of("action", "setCategory", "ids", texts(group.path("ids")), "category", group.path("category").asText()));
        }

        assertThat(merged.path("previous").findValuesAsText("category")).containsExactly("Trvel", "trvel");
        assertThat(api.get("/entries/" + a).body().path("category").asText()).isEqualTo("Trvel");
        assertThat(api.get("/entries/" + b).body().path("category").asText()).isEqualTo("trvel");
        assertThat(api.get("/entries/" + b).body().path("version").asLong()).isEqualTo(3); // each change is a version
    }

    @Test
    void givenBadBulkRequests_whenSent_thenEachIsATypedFieldErrorAndNothingChanges() {
        String id = api.create("2026-11-01", "DEBIT", "10.00", "Misc", "Bill").path("id").asText();

        assertThat(fields(api.post("/entries/bulk", Map.of("action", "explode", "ids", List.of(id))))).containsExactly("action");
        assertThat(fields(api.post("/entries/bulk", Map.of("action", "delete", "ids", List.of())))).containsExactly("ids");
        assertThat(fields(api.post("/entries/bulk", Map.of("action", "delete", "ids", List.of("nope"))))).containsExactly("ids[0]");
        assertThat(fields(api.post("/entries/bulk", Map.of("action", "addTag", "ids", List.of(id))))).containsExactly("tag");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tooMany.add(java.util.UUID.randomUUID().toString());
        }
        assertThat(fields(api.post("/entries/bulk", Map.of("action", "delete", "ids", tooMany)))).containsExactly("ids");
        assertThat(fields(api.post("/categories/rename", Map.of("to", "X")))).containsExactly("from");
        assertThat(api.get("/entries/" + id).body().path("version").asLong()).isEqualTo(1);
    }

    private JsonNode bulk(Map<String, Object> body) {
        ApiClient.Response response = api.post("/entries/bulk", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    private static List<String> fields(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        return response.body().path("error").path("details").findValuesAsText("field");
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
