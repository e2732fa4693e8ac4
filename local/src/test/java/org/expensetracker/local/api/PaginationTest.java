package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keyset pagination: every entry exactly once, even while new entries arrive between pages. */
class PaginationTest {
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenEntriesOfTheSameDay_whenListedAndPaged_thenTheOneAddedLastComesFirst() {
        ApiClient user = ApiClient.newUser();
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            added.add(user.create("2026-11-21", "DEBIT", "1.00", "Food", "same day " + i).path("id").asText());
        }
        user.create("2026-11-20", "DEBIT", "1.00", "Food", "the day before");
        List<String> newestFirst = new ArrayList<>(added);
        java.util.Collections.reverse(newestFirst);

        assertThat(user.get("/entries?limit=5").body().path("items").findValuesAsText("id"))
                .containsExactlyElementsOf(newestFirst);
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = user.get("/entries?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            paged.addAll(page.path("items").findValuesAsText("id"));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        assertThat(paged.subList(0, 5)).containsExactlyElementsOf(newestFirst);
        assertThat(paged).hasSize(6);
    }

    @Test
    void givenEntriesInsertedWhilePaging_whenPagingToTheEnd_thenEveryOriginalEntryAppearsExactlyOnce() {
        Set<String> original = new HashSet<>();
        LocalDate start = LocalDate.of(2026, 1, 1);
        for (int i = 0; i < 45; i++) {
            // Several entries share a date, so the id tie-breaker is exercised.
            original.add(api.create(start.plusDays(i / 3).toString(), "DEBIT", (i + 1) + ".00", "Cat", "n" + i)
                    .path("id").asText());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        LocalDate previousDate = LocalDate.MAX;
        do {
            JsonNode page = api.get("/entries?limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            for (JsonNode item : page.path("items")) {
                seen.add(item.path("id").asText());
                LocalDate date = LocalDate.parse(item.path("date").asText());
                assertThat(date).isBeforeOrEqualTo(previousDate);
                previousDate = date;
            }
            // Inserts on both sides of the cursor: newer ones (already passed) and ones still ahead.
            api.create(start.plusDays(400 + pages).toString(), "DEBIT", "1.00", "Late", "newer " + pages);
            api.create(start.plusDays(pages % 15).toString(), "DEBIT", "1.00", "Late", "older " + pages);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(original);
        assertThat(pages).isGreaterThan(6);
    }

    @Test
    void givenExactlyOnePageOfEntries_whenListed_thenThereIsNoNextCursor() {
        for (int i = 0; i < 3; i++) {
            api.create("2026-02-0" + (i + 1), "CREDIT", "1.00", "C", "d" + i);
        }
        JsonNode page = api.get("/entries?limit=3").body();
        assertThat(page.path("items")).hasSize(3);
        assertThat(page.path("nextCursor").isNull()).isTrue();
    }
}
