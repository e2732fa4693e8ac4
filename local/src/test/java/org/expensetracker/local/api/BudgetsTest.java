package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Budgets per category and month: what was spent and what remains, in the budget's currency. */
class BudgetsTest {
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenBudgetsAndAMonthsExpenses_whenTheMonthIsAskedFor_thenEachShowsSpentRemainingAndWhatIsOver() {
        api.create("2026-11-03", "DEBIT", "4000.00", "Eating out", "Dinners");
        api.create("2026-11-20", "DEBIT", "2500.00", "eating OUT", "Birthday");
        api.create("2026-11-21", "CREDIT", "300.00", "Eating out", "Split back");
        api.create("2026-12-01", "DEBIT", "999.00", "Eating out", "Next month");
        api.create("2026-11-05", "DEBIT", "800.00", "Travel", "Train");
        var eur = ApiClient.entry("2026-11-06", "DEBIT", "50.00", "Travel", "Paris metro");
        eur.put("currency", "EUR");
        api.post("/entries", eur);
        ApiClient other = ApiClient.newUser();
        other.create("2026-11-03", "DEBIT", "100000.00", "Travel", "Not yours");

        ApiClient.Response put = api.put("/budgets/Eating%20out", Map.of("amount", "6000.00"), null);
        api.put("/budgets/Travel", Map.of("amount", 5000, "currency", "INR"), null);
        JsonNode november = api.get("/budgets?month=2026-11").body();
        JsonNode december = api.get("/budgets?month=2026-12").body();

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().path("category").asText()).isEqualTo("Eating out");
        assertThat(november.path("month").asText()).isEqualTo("2026-11");
        assertThat(november.path("items").findValuesAsText("category")).containsExactly("Eating out", "Travel");
        JsonNode eating = november.path("items").get(0);
        assertThat(eating.path("spent").asText()).as("expenses of the month in any case, not the refund").isEqualTo("6500.00");
        assertThat(eating.path("remaining").asText()).isEqualTo("-500.00");
        assertThat(eating.path("over").asBoolean()).isTrue();
        JsonNode travel = november.path("items").get(1);
        assertThat(travel.path("spent").asText()).as("only the budget's currency, only mine").isEqualTo("800.00");
        assertThat(travel.path("remaining").asText()).isEqualTo("4200.00");
        assertThat(travel.path("over").asBoolean()).isFalse();
        assertThat(december.path("items").get(0).path("spent").asText()).isEqualTo("999.00");
        assertThat(other.get("/budgets?month=2026-11").body().path("items").size()).isZero();
    }

    @Test
    void givenABudget_whenReplacedDeletedOrSentBad_thenItChangesOrIsATypedError() {
        api.put("/budgets/Travel", Map.of("amount", "100.00"), null);
        ApiClient.Response replaced = api.put("/budgets/travel", Map.of("amount", "200.00", "currency", "eur"), null);
        ApiClient.Response bad = api.put("/budgets/Travel", Map.of("amount", "-1", "currency", "EURO"), null);

        assertThat(replaced.body().path("amount").asText()).isEqualTo("200.00");
        assertThat(replaced.body().path("currency").asText()).isEqualTo("EUR");
        assertThat(api.get("/budgets").body().path("items").size()).as("one budget per category, any case").isEqualTo(1);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").path("details").findValuesAsText("field")).containsExactlyInAnyOrder("amount", "currency");
        assertThat(api.get("/budgets?month=2026-13").status()).isEqualTo(400);
        assertThat(ApiClient.newUser().delete("/budgets/Travel").status()).as("another user's budget").isEqualTo(404);
        assertThat(api.delete("/budgets/TRAVEL").status()).isEqualTo(204);
        assertThat(api.delete("/budgets/Travel").status()).isEqualTo(404);
        assertThat(api.get("/budgets").body().path("items").size()).isZero();
    }
}
