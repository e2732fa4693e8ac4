package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Search finds a word however it is cased or accented, in every script, because the stored text and
 * the query are folded the same way, by the same SQL function.
 */
class SearchFoldingTest {
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenEntriesWrittenWithAccentsAndOtherScripts_whenSearchedPlainOrExactly_thenEachIsFound() {
        String lubeck = id(api.create("2026-11-03", "DEBIT", "120.00", "Travel", "Hotel Lübeck, two nights"));
        String istanbul = id(api.create("2026-11-04", "DEBIT", "35.00", "Travel", "İstanbul airport taxi"));
        String greek = id(api.create("2026-11-05", "DEBIT", "12.00", "Food", "ΟΔΟΣ ΕΡΜΟΥ 12 taverna"));
        String cafe = id(api.create("2026-11-06", "DEBIT", "4.50", "Food", "Café crème"));
        String grosse = id(api.create("2026-11-07", "DEBIT", "9.00", "Food", "Große Brezel, MÜNCHEN"));

        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("lubeck", List.of(lubeck)),
                Map.entry("LÜBECK", List.of(lubeck)),
                Map.entry("Lübeck", List.of(lubeck)),
                Map.entry("İstanbul", List.of(istanbul)),
                Map.entry("istanbul", List.of(istanbul)),
                Map.entry("ISTANBUL", List.of(istanbul)),
                Map.entry("ΟΔΟΣ", List.of(greek)),
                Map.entry("οδος", List.of(greek)),
                Map.entry("Οδός", List.of(greek)),
                Map.entry("cafe creme", List.of(cafe)),
                Map.entry("CAFÉ", List.of(cafe)),
                Map.entry("munchen", List.of(grosse)),
                Map.entry("große", List.of(grosse)));
        expected.forEach((query, ids) -> assertThat(search(query)).as("q=%s", query).containsExactlyElementsOf(ids));
        // the folding widens nothing: a word that is not there still finds nothing
        assertThat(search("lubecks")).isEmpty();
        assertThat(search("100%")).isEmpty();
    }

    @Test
    void givenAFoldedSearch_whenExportedOrSummed_thenTheySelectWhatTheListShows() {
        String lubeck = id(api.create("2026-11-03", "DEBIT", "120.00", "Travel", "Hotel Lübeck"));
        api.create("2026-11-04", "DEBIT", "35.00", "Travel", "Hamburg");

        assertThat(search("LUBECK")).containsExactly(lubeck);
        var summary = api.get("/summary?q=" + URLEncoder.encode("lubeck", StandardCharsets.UTF_8)).body();
        assertThat(summary.path("count").asInt()).isEqualTo(1);
        assertThat(summary.path("debit").asText()).isEqualTo("120.00");
    }

    @Test
    void givenATypo_whenTheSearchFindsNothing_thenItSuggestsTheUsersOwnWordAndTheSuggestionFinds() {
        String taxi = id(api.create("2026-11-04", "DEBIT", "35.00", "Travel", "Taxi to the airport"));
        api.create("2026-11-05", "DEBIT", "4.00", "Food", "Coffee at the station");
        ApiClient other = ApiClient.newUser();
        other.create("2026-11-05", "DEBIT", "4.00", "Food", "Airprots of Zanzibar");

        var typo = api.get("/entries?q=airprot").body();
        var phrase = api.get("/entries?q=" + URLEncoder.encode("to the airprot", StandardCharsets.UTF_8)).body();
        var found = api.get("/entries?q=airport").body();
        var nothingNear = api.get("/entries?q=xylophone").body();

        assertThat(typo.path("items").size()).isZero();
        assertThat(typo.path("suggestion").asText()).isEqualTo("airport");
        assertThat(search(typo.path("suggestion").asText())).containsExactly(taxi);
        assertThat(phrase.path("suggestion").asText()).as("each word mended").isEqualTo("to the airport");
        assertThat(search(phrase.path("suggestion").asText())).containsExactly(taxi);
        assertThat(found.has("suggestion")).as("a search that finds something suggests nothing").isFalse();
        assertThat(nothingNear.has("suggestion")).isFalse();
        // another user's words are never suggested
        assertThat(api.get("/entries?q=zanzibra").body().has("suggestion")).isFalse();
    }

    private List<String> search(String query) {
        return api.get("/entries?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).body().path("items")
                .findValuesAsText("id");
    }

    private static String id(com.fasterxml.jackson.databind.JsonNode entry) {
        return entry.path("id").asText();
    }
}
