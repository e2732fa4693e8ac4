package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tags on entries: stored lower-case and once each, a filter everywhere filters apply, suggested from one's own. */
class TagsTest {
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenEntriesWithTags_whenFilteredByOneInAnyCase_thenExactlyThoseAreListedSummedAndSuggested() {
        String trip = id(create("2026-11-04", "180.00", "Hotel", "Trip", " work ", "trip"));
        String work = id(create("2026-11-05", "40.00", "Printer ink", "work"));
        create("2026-11-06", "12.00", "Groceries");
        ApiClient other = ApiClient.newUser();
        other.post("/entries", withTags(ApiClient.entry("2026-11-06", "DEBIT", "1.00", "Food", "x"), "travelling"));

        JsonNode stored = api.get("/entries/" + trip).body();
        assertThat(texts(stored.path("tags"))).containsExactly("trip", "work");
        assertThat(ids(api.get("/entries?tag=TRIP").body())).containsExactly(trip);
        assertThat(ids(api.get("/entries?tag=work").body())).containsExactly(work, trip);
        assertThat(api.get("/summary?tag=work").body().path("debit").asText()).isEqualTo("220.00");
        assertThat(texts(api.get("/suggestions?field=tag&prefix=tr").body().path("suggestions"))).containsExactly("trip");
        assertThat(texts(api.get("/suggestions?field=tag").body().path("suggestions")))
                .as("most used first, never another user's").containsExactly("work", "trip");
    }

    @Test
    void givenTagsThatBreakTheRules_whenSent_thenEachIsATypedFieldErrorAndNothingIsStored() {
        ObjectNode tooMany = ApiClient.entry("2026-11-04", "DEBIT", "1.00", "Food", "Too many tags");
        for (int i = 0; i < 11; i++) {
            tooMany.withArray("tags").add("t" + i);
        }
        ObjectNode tooLong = withTags(ApiClient.entry("2026-11-04", "DEBIT", "1.00", "Food", "Too long"), "x".repeat(33), "ok");
        ObjectNode notText = ApiClient.entry("2026-11-04", "DEBIT", "1.00", "Food", "Not text");
        notText.putArray("tags").add(5);
        ObjectNode blank = withTags(ApiClient.entry("2026-11-04", "DEBIT", "1.00", "Food", "Blank"), "  ");

        assertThat(fields(api.post("/entries", tooMany))).containsExactly("tags");
        assertThat(fields(api.post("/entries", tooLong))).containsExactly("tags[0]");
        assertThat(fields(api.post("/entries", notText))).containsExactly("tags[0]");
        assertThat(fields(api.post("/entries", blank))).containsExactly("tags[0]");
        assertThat(fields(api.get("/entries?tag=" + "y".repeat(40)))).containsExactly("tag");
        assertThat(api.get("/entries").body().path("items").size()).isZero();
    }

    @Test
    void givenATaggedEntry_whenRetriedEditedOrReused_thenTagsAreContentAndPutReplacesThem() {
        ObjectNode body = withTags(ApiClient.entry("2026-11-04", "DEBIT", "5.00", "Food", "Tea"), "break");
        body.put("id", UUID.randomUUID().toString());
        JsonNode created = api.post("/entries", body).body();

        assertThat(api.post("/entries", body).status()).as("a retry").isEqualTo(200);
        ObjectNode reused = body.deepCopy();
        reused.putArray("tags").add("lunch");
        assertThat(api.post("/entries", reused).status()).as("the same id with other tags").isEqualTo(409);
        ObjectNode edit = withTags(ApiClient.entry("2026-11-04", "DEBIT", "5.00", "Food", "Tea"), "lunch", "team");
        JsonNode edited = api.put("/entries/" + created.path("id").asText(), edit, "\"1\"").body();
        assertThat(texts(edited.path("tags"))).containsExactly("lunch", "team");
        assertThat(ids(api.get("/entries?tag=break").body())).isEmpty();
        assertThat(ids(api.get("/entries?tag=team").body())).containsExactly(created.path("id").asText());
    }

    private JsonNode create(String date, String amount, String description, String... tags) {
        ApiClient.Response response = api.post("/entries",
                withTags(ApiClient.entry(date, "DEBIT", amount, "Travel", description), tags));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.body();
    }

    private static ObjectNode withTags(ObjectNode entry, String... tags) {
        var list = entry.putArray("tags");
        for (String tag : tags) {
            list.add(tag);
        }
        return entry;
    }

    private static List<String> fields(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        return response.body().path("error").path("details").findValuesAsText("field");
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static List<String> ids(JsonNode page) {
        return page.path("items").findValuesAsText("id");
    }

    private static String id(JsonNode entry) {
        return entry.path("id").asText();
    }
}
