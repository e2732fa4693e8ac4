package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A closed period (settings' {@code lockedThrough}): every way of writing an entry dated on or before it
 * answers 409 PERIOD_LOCKED and changes nothing, until the user moves the lock back; other users, and
 * entries after the lock, are not affected.
 */
class ClosedPeriodsTest {
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenAClosedQuarter_whenItsEntriesAreCreatedChangedDeletedOrRestored_thenEachIsRefusedAndNothingChanges() {
        String filed = api.create("2026-09-30", "DEBIT", "1250.00", "Travel", "Taxi to the airport").path("id").asText();
        String trashed = api.create("2026-08-15", "DEBIT", "80.00", "Food", "Lunch").path("id").asText();
        String open = api.create("2026-10-01", "DEBIT", "40.00", "Travel", "Bus").path("id").asText();
        assertThat(api.delete("/entries/" + trashed).status()).isEqualTo(204);
        var retried = ApiClient.entry("2026-09-29", "DEBIT", "9.00", "Food", "Coffee");
        retried.put("id", UUID.randomUUID().toString());
        assertThat(api.post("/entries", retried).status()).isEqualTo(201);

        JsonNode settings = api.put("/settings", Map.of("lockedThrough", "2026-09-30"), null).body();
        assertThat(settings.path("lockedThrough").asText()).isEqualTo("2026-09-30");
        assertThat(api.get("/settings").body().path("lockedThrough").asText()).isEqualTo("2026-09-30");

        assertLocked(api.post("/entries", ApiClient.entry("2026-09-30", "DEBIT", "5.00", "Food", "Late receipt")));
        assertLocked(api.put("/entries/" + filed, ApiClient.entry("2026-09-30", "DEBIT", "1300.00", "Travel", "Taxi"), "\"1\""));
        // moving an entry out of the closed period, or an open one into it, changes the period too
        assertLocked(api.put("/entries/" + filed, ApiClient.entry("2026-10-02", "DEBIT", "1250.00", "Travel", "Taxi"), "\"1\""));
        assertLocked(api.put("/entries/" + open, ApiClient.entry("2026-09-01", "DEBIT", "40.00", "Travel", "Bus"), "\"1\""));
        assertLocked(api.delete("/entries/" + filed));
        assertLocked(api.post("/entries/" + trashed + "/restore", null));
        // a bulk action with one filed entry among open ones is refused whole
        assertLocked(api.post("/entries/bulk", Map.of("action", "addTag", "ids", List.of(open, filed), "tag", "q3")));

        JsonNode stillFiled = api.get("/entries/" + filed).body();
        assertThat(stillFiled.path("amount").asText()).isEqualTo("1250.00");
        assertThat(stillFiled.path("version").asLong()).isEqualTo(1);
        assertThat(stillFiled.path("tags").size()).isZero();
        assertThat(api.get("/entries/" + open).body().path("tags").size()).isZero();
        assertThat(api.get("/entries?from=2026-09-01&to=2026-09-30").body().path("items").size()).isEqualTo(2);
        // a create made before the lock and repeated after it is answered as before (the phone's retry)
        assertThat(api.post("/entries", retried).status()).isEqualTo(200);
        // after the lock: business as usual
        assertThat(api.put("/entries/" + open, ApiClient.entry("2026-10-01", "DEBIT", "45.00", "Travel", "Bus"), "\"1\"")
                .status()).isEqualTo(200);
        assertThat(api.post("/entries", ApiClient.entry("2026-10-01", "DEBIT", "5.00", "Food", "Tea")).status()).isEqualTo(201);
        // someone else's entries of the same dates are theirs to change
        ApiClient other = ApiClient.newUser();
        String theirs = other.create("2026-09-30", "DEBIT", "10.00", "Food", "Not locked").path("id").asText();
        assertThat(other.delete("/entries/" + theirs).status()).isEqualTo(204);
    }

    @Test
    void givenAClosedPeriod_whenTheLockIsMovedBack_thenItsEntriesCanBeCorrectedAgain() {
        String filed = api.create("2026-03-31", "DEBIT", "100.00", "Office", "Printer").path("id").asText();
        api.put("/settings", Map.of("lockedThrough", "2026-03-31"), null);
        assertLocked(api.delete("/entries/" + filed));

        assertThat(api.put("/settings", Map.of("lockedThrough", "2026-02-28"), null).status()).isEqualTo(200);
        assertThat(api.put("/entries/" + filed, ApiClient.entry("2026-03-31", "DEBIT", "110.00", "Office", "Printer"), "\"1\"")
                .status()).isEqualTo(200);
        Map<String, Object> open = new HashMap<>();
        open.put("lockedThrough", null);
        JsonNode opened = api.put("/settings", open, null).body();
        assertThat(opened.path("lockedThrough").isNull()).isTrue();
        assertThat(api.post("/entries", ApiClient.entry("2026-01-05", "DEBIT", "5.00", "Food", "Old bill")).status()).isEqualTo(201);
        // other fields sent without lockedThrough leave the lock alone
        api.put("/settings", Map.of("lockedThrough", "2026-01-31"), null);
        assertThat(api.put("/settings", Map.of("locale", "en-IN"), null).body().path("lockedThrough").asText()).isEqualTo("2026-01-31");
    }

    @Test
    void givenAClosedPeriod_whenACategoryIsRenamedAndSchedulesRun_thenOnlyOpenDatesChange() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate lock = today.minusDays(10);
        String filed = api.create(lock.toString(), "DEBIT", "10.00", "Trvel", "Taxi").path("id").asText();
        String open = api.create(lock.plusDays(1).toString(), "DEBIT", "10.00", "Trvel", "Bus").path("id").asText();
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("frequency", "DAILY");
        schedule.put("interval", 1);
        schedule.put("startDate", today.minusDays(14).toString());
        Map<String, Object> template = Map.of("type", "DEBIT", "amount", "3.00", "category", "Coffee", "description", "Daily coffee");
        assertThat(api.post("/recurring", Map.of("schedule", schedule, "template", template)).status()).isEqualTo(201);
        api.put("/settings", Map.of("lockedThrough", lock.toString()), null);

        JsonNode renamed = api.post("/categories/rename", Map.of("from", "Trvel", "to", "Travel")).body();
        TestStack.get().runMaintenance();

        assertThat(renamed.path("ids").get(0).asText()).isEqualTo(open);
        assertThat(renamed.path("ids").size()).isEqualTo(1);
        assertThat(api.get("/entries/" + filed).body().path("category").asText()).isEqualTo("Trvel");
        // the schedule's dates in the closed period pass without an entry; from the day after the lock, one a day
        List<String> made = api.get("/entries?category=Coffee&limit=100").body().path("items").findValuesAsText("date");
        assertThat(made).hasSize(10).allMatch(date -> LocalDate.parse(date).isAfter(lock));
    }

    private static void assertLocked(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo("PERIOD_LOCKED");
        assertThat(response.body().path("error").path("message").asText())
                .contains("on or before 20").contains("closed period").contains("Move the lock back");
    }
}
