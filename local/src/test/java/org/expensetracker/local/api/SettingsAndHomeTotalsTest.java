package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A user's settings (home currency, fiscal year, locale) and what a foreign bill cost at home: the
 * summary's home totals count every entry in the home currency and every other one that says what it
 * cost there, and name how many do not.
 */
class SettingsAndHomeTotalsTest {

    @Test
    void givenANewUser_whenTheySetTheirHomeCurrencyAndFiscalYear_thenOnlyTheyHaveThemAndTheRestStays() {
        ApiClient user = ApiClient.newUser();
        ApiClient other = ApiClient.newUser();

        JsonNode defaults = user.get("/settings").body();
        ApiClient.Response changed = user.put("/settings", Map.of("homeCurrency", "eur", "fiscalYearStartMonth", 4), null);
        ApiClient.Response locale = user.put("/settings", Map.of("locale", "en-in"), null);

        assertThat(defaults.path("homeCurrency").asText()).isEqualTo("INR");
        assertThat(defaults.path("fiscalYearStartMonth").asInt()).isEqualTo(1);
        assertThat(defaults.path("lockedThrough").isNull()).isTrue();
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().path("homeCurrency").asText()).isEqualTo("EUR");
        assertThat(changed.body().path("fiscalYearStartMonth").asInt()).isEqualTo(4);
        assertThat(locale.body().path("locale").asText()).isEqualTo("en-IN");
        assertThat(locale.body().path("homeCurrency").asText()).as("a field not sent stays").isEqualTo("EUR");
        assertThat(user.get("/settings").body()).isEqualTo(locale.body());
        assertThat(other.get("/settings").body().path("homeCurrency").asText()).isEqualTo("INR");
    }

    @Test
    void givenBadSettings_whenSent_thenEachFieldIsNamedAndNothingChanges() {
        ApiClient user = ApiClient.newUser();
        user.put("/settings", Map.of("homeCurrency", "GBP"), null);
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("homeCurrency", "POUNDS");
        bad.put("fiscalYearStartMonth", 13);
        bad.put("locale", "not a locale!");
        bad.put("lockedThrough", "31/03/2026");

        ApiClient.Response refused = user.put("/settings", bad, null);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.body().path("error").path("details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("homeCurrency", "fiscalYearStartMonth", "locale", "lockedThrough");
        assertThat(user.put("/settings", Map.of("fiscalYearStartMonth", "April"), null).status()).isEqualTo(400);
        assertThat(user.get("/settings").body().path("homeCurrency").asText()).isEqualTo("GBP");
    }

    @Test
    void givenForeignBillsWithAndWithoutTheirHomeCost_whenSummarised_thenHomeTotalsCountThemAndNameTheMissing() {
        ApiClient user = ApiClient.newUser();
        create(user, "2026-11-02", "1250.00", "INR", null);
        String hotel = create(user, "2026-11-04", "180.00", "EUR", "16200.00");
        create(user, "2026-11-05", "9.99", "USD", null);

        JsonNode summary = user.get("/summary").body();

        JsonNode home = summary.path("home");
        assertThat(home.path("currency").asText()).isEqualTo("INR");
        assertThat(home.path("debit").asText()).isEqualTo("17450.00");
        assertThat(home.path("count").asInt()).isEqualTo(2);
        assertThat(home.path("missing").asInt()).as("the USD bill says nothing of its cost at home").isEqualTo(1);
        assertThat(user.get("/entries/" + hotel).body().path("homeAmount").asText()).isEqualTo("16200.00");
        assertThat(summary.path("debit").asText()).as("the INR totals stay INR entries only").isEqualTo("1250.00");

        // with EUR as home, the totals follow it and the INR entry is the one that is missing
        user.put("/settings", Map.of("homeCurrency", "EUR"), null);
        JsonNode inEuro = user.get("/summary").body();
        assertThat(inEuro.path("currency").asText()).isEqualTo("EUR");
        assertThat(inEuro.path("debit").asText()).isEqualTo("180.00");
        assertThat(inEuro.path("home").path("debit").asText()).isEqualTo("180.00");
        assertThat(inEuro.path("home").path("missing").asInt()).isEqualTo(2);
    }

    @Test
    void givenAHomeAmount_whenBadOrRetried_thenItIsATypedErrorOrTheSameEntry() {
        ApiClient user = ApiClient.newUser();
        var body = ApiClient.entry("2026-11-04", "DEBIT", "180.00", "Travel", "Hotel");
        body.put("currency", "EUR");
        body.put("homeAmount", "-5");
        ApiClient.Response refused = user.post("/entries", body);
        body.put("homeAmount", "16200.00");
        body.put("id", UUID.randomUUID().toString());
        ApiClient.Response created = user.post("/entries", body);
        ApiClient.Response retried = user.post("/entries", body);
        body.put("homeAmount", "16300.00");
        ApiClient.Response reused = user.post("/entries", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("details").findValuesAsText("field")).containsExactly("homeAmount");
        assertThat(created.status()).isEqualTo(201);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(reused.status()).as("the same id with another home amount is other content").isEqualTo(409);
        var update = ApiClient.entry("2026-11-04", "DEBIT", "180.00", "Travel", "Hotel");
        update.put("currency", "EUR");
        ApiClient.Response cleared = user.put("/entries/" + created.body().path("id").asText(), update, "\"1\"");
        assertThat(cleared.body().path("homeAmount").isNull()).as("PUT replaces: no homeAmount, none stored").isTrue();
        assertThat(user.get("/summary").body().path("home").path("missing").asInt()).isEqualTo(1);
    }

    private static String create(ApiClient user, String date, String amount, String currency, String homeAmount) {
        var body = ApiClient.entry(date, "DEBIT", amount, "Travel", "Bill in " + currency);
        body.put("currency", currency);
        if (homeAmount != null) {
            body.put("homeAmount", homeAmount);
        }
        ApiClient.Response response = user.post("/entries", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.body().path("id").asText();
    }

}
