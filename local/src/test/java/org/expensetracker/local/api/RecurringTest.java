package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.expensetracker.local.LocalStack;
import org.junit.jupiter.api.Test;

/**
 * Recurring entries are made by the maintenance run up to today, each once: reruns, overlapping
 * runs and deleted occurrences never make a duplicate or skip a date; an edit changes what comes next.
 */
class RecurringTest {
    private static final LocalStack STACK = TestStack.get();
    private final ApiClient api = ApiClient.newUser();
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @Test
    void givenAMonthlyRentStartedThreeMonthsAgo_whenMaintenanceRunsTwiceAndAtOnce_thenEachMonthHasExactlyOneEntry() {
        LocalDate start = today.minusMonths(3);
        JsonNode rent = create("MONTHLY", 1, start, null, "DEBIT", "25000.00", "Rent", "Flat rent");
        String id = rent.path("id").asText();
        assertThat(rent.path("nextDate").asText()).isEqualTo(start.toString());

        STACK.runMaintenance();
        CompletableFuture<?> one = CompletableFuture.runAsync(STACK::runMaintenance);
        CompletableFuture<?> two = CompletableFuture.runAsync(STACK::runMaintenance);
        CompletableFuture.allOf(one, two).join();

        List<String> expected = new ArrayList<>();
        for (int k = 3; k >= 0; k--) {
            expected.add(start.plusMonths(k).toString());
        }
        JsonNode made = api.get("/entries?category=Rent").body().path("items");
        assertThat(made.findValuesAsText("date")).containsExactlyElementsOf(expected);
        assertThat(made.findValuesAsText("recurringId")).containsOnly(id);
        assertThat(made.findValuesAsText("amount")).containsOnly("25000.00");
        assertThat(api.get("/recurring/" + id).body().path("nextDate").asText()).isEqualTo(start.plusMonths(4).toString());
    }

    @Test
    void givenMadeEntries_whenOneIsDeletedAndTheScheduleEdited_thenNothingComesBackAndOnlyFutureEntriesChange() {
        LocalDate start = today.minusWeeks(4);
        String id = create("WEEKLY", 2, start, null, "CREDIT", "500.00", "Allowance", "Pocket money").path("id").asText();
        STACK.runMaintenance();
        JsonNode made = api.get("/entries?category=Allowance").body().path("items");
        assertThat(made.size()).isEqualTo(3); // start, +2 weeks, +4 weeks (today)
        String deleted = made.get(0).path("id").asText();
        assertThat(api.delete("/entries/" + deleted).status()).isEqualTo(204);

        Map<String, Object> edit = body("WEEKLY", 2, start, null, "CREDIT", "650.00", "Allowance", "Pocket money");
        JsonNode edited = api.put("/recurring/" + id, edit, null).body();
        STACK.runMaintenance();

        assertThat(edited.path("template").path("amount").asText()).isEqualTo("650.00");
        assertThat(edited.path("nextDate").asText()).isEqualTo(start.plusWeeks(6).toString());
        JsonNode after = api.get("/entries?category=Allowance").body().path("items");
        assertThat(after.size()).as("the deleted one stays deleted").isEqualTo(2);
        assertThat(after.findValuesAsText("amount")).as("what was made keeps its amount").containsOnly("500.00");
        assertThat(api.delete("/recurring/" + id).status()).isEqualTo(204);
        assertThat(api.get("/entries?category=Allowance").body().path("items").size()).as("its entries stay").isEqualTo(2);
        assertThat(api.get("/recurring/" + id).status()).isEqualTo(404);
    }

    @Test
    void givenASubscriptionThatEnded_whenMaintenanceRuns_thenItStopsAtItsEndAndHasNoNextDate() {
        LocalDate start = today.minusDays(10);
        JsonNode daily = create("DAILY", 3, start, start.plusDays(7), "DEBIT", "1.50", "Software", "Trial");
        STACK.runMaintenance();

        assertThat(api.get("/entries?category=Software").body().path("items").findValuesAsText("date"))
                .containsExactly(start.plusDays(6).toString(), start.plusDays(3).toString(), start.toString());
        assertThat(api.get("/recurring/" + daily.path("id").asText()).body().path("nextDate").isNull()).isTrue();
        assertThat(api.get("/recurring").body().path("items").findValuesAsText("id")).containsExactly(daily.path("id").asText());
    }

    @Test
    void givenBadSchedulesOrAnotherUsersId_whenSent_thenTypedErrorsOrNotFoundAndNothingIsMade() {
        Map<String, Object> bad = body("HOURLY", 0, today, today.minusDays(1), "DEBIT", "-3", "X", "Bad");
        ApiClient.Response refused = api.post("/recurring", bad);
        String mine = create("MONTHLY", 1, today.plusDays(5), null, "DEBIT", "10.00", "Gym", "Membership").path("id").asText();
        ApiClient other = ApiClient.newUser();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("details").findValuesAsText("field"))
                .contains("schedule.frequency", "schedule.interval", "template.amount");
        assertThat(other.get("/recurring/" + mine).status()).isEqualTo(404);
        assertThat(other.put("/recurring/" + mine, body("MONTHLY", 1, today, null, "DEBIT", "1.00", "Gym", "x"), null).status())
                .isEqualTo(404);
        assertThat(other.delete("/recurring/" + mine).status()).isEqualTo(404);
        assertThat(other.get("/recurring").body().path("items").size()).isZero();
        STACK.runMaintenance();
        assertThat(api.get("/entries?category=Gym").body().path("items").size()).as("it starts in five days").isZero();
    }

    private JsonNode create(String frequency, int interval, LocalDate start, LocalDate end, String type, String amount,
                            String category, String description) {
        ApiClient.Response response = api.post("/recurring", body(frequency, interval, start, end, type, amount, category, description));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.body();
    }

    private static Map<String, Object> body(String frequency, int interval, LocalDate start, LocalDate end, String type,
                                            String amount, String category, String description) {
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("frequency", frequency);
        schedule.put("interval", interval);
        schedule.put("startDate", start.toString());
        if (end != null) {
            schedule.put("endDate", end.toString());
        }
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("type", type);
        template.put("amount", amount);
        template.put("category", category);
        template.put("description", description);
        return Map.of("schedule", schedule, "template", template);
    }
}
