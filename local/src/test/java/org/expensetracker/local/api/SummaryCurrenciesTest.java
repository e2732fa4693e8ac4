package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Every currency is counted: the summary gives the totals of each currency among the filtered entries. */
class SummaryCurrenciesTest {
    private final ApiClient api = ApiClient.newUser();

    private void entry(String date, String type, String amount, String currency, String category, String description) {
        var body = ApiClient.entry(date, type, amount, category, description);
        body.put("currency", currency);
        assertThat(api.post("/entries", body).status()).isEqualTo(201);
    }

    @Test
    void givenEntriesInThreeCurrencies_whenSummarised_thenEachCurrencyHasItsTotalsBesideTheHomeOne() {
        entry("2026-11-02", "DEBIT", "1250.00", "INR", "Travel", "Taxi");
        entry("2026-11-03", "CREDIT", "50000.00", "INR", "Salary", "November salary");
        entry("2026-11-04", "DEBIT", "180.00", "EUR", "Travel", "Hotel Lübeck");
        entry("2026-11-05", "DEBIT", "20.50", "EUR", "Food", "Dinner");
        entry("2026-11-06", "DEBIT", "9.99", "USD", "Software", "Subscription");

        JsonNode summary = api.get("/summary?groupBy=category").body();

        assertThat(summary.path("currency").asText()).isEqualTo("INR");
        assertThat(summary.path("debit").asText()).isEqualTo("1250.00");
        assertThat(summary.path("count").asInt()).isEqualTo(2);
        assertThat(summary.path("groups").findValuesAsText("key")).containsExactly("Salary", "Travel");
        JsonNode currencies = summary.path("currencies");
        assertThat(currencies.findValuesAsText("currency")).containsExactly("EUR", "INR", "USD");
        assertThat(currencies.get(0).path("debit").asText()).isEqualTo("200.50");
        assertThat(currencies.get(0).path("net").asText()).isEqualTo("-200.50");
        assertThat(currencies.get(0).path("count").asInt()).isEqualTo(2);
        assertThat(currencies.get(1).path("credit").asText()).isEqualTo("50000.00");
        assertThat(currencies.get(1).path("net").asText()).isEqualTo("48750.00");
        assertThat(currencies.get(2).path("debit").asText()).isEqualTo("9.99");
    }

    @Test
    void givenAForeignBillFoundByAWord_whenSummarised_thenItsCurrencyIsCountedAndTheHomeTotalsAreZero() {
        entry("2026-11-04", "DEBIT", "180.00", "EUR", "Travel", "Hotel Lübeck");
        entry("2026-11-05", "DEBIT", "300.00", "INR", "Food", "Lunch");

        JsonNode found = api.get("/summary?q=lubeck").body();
        JsonNode inEuro = api.get("/summary?currency=EUR&groupBy=month").body();

        assertThat(found.path("debit").asText()).isEqualTo("0.00");
        assertThat(found.path("currencies").findValuesAsText("currency")).containsExactly("EUR");
        assertThat(found.path("currencies").get(0).path("debit").asText()).isEqualTo("180.00");
        assertThat(inEuro.path("debit").asText()).isEqualTo("180.00");
        assertThat(inEuro.path("groups").findValuesAsText("key")).containsExactly("2026-11");
        assertThat(inEuro.path("currencies").findValuesAsText("currency")).containsExactly("EUR");
        assertThat(ApiClient.newUser().get("/summary").body().path("currencies").size())
                .as("another user sees none of it").isZero();
    }
}
