package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.ratesupdater.RatesUpdateHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Home-amount suggestions from the ECB's euro reference rates: the local stack's {@code --rates-file}
 * loading, GET /rates (cross rates through the euro, the latest working day, the caller's home currency),
 * and the rates updater fetching the same XML over HTTP as it does from the ECB on AWS.
 */
class RatesTest {
    /** A working week of rates in the ECB's own layout; GBP is missing on the Friday. */
    static final String WEEK = ecbFile("""
            <Cube time="2026-11-20"><Cube currency="USD" rate="1.0523"/><Cube currency="INR" rate="89.1234"/></Cube>
            <Cube time="2026-11-19"><Cube currency="USD" rate="1.0498"/><Cube currency="INR" rate="88.9"/><Cube currency="GBP" rate="0.8312"/></Cube>
            <Cube time="2026-11-16"><Cube currency="USD" rate="1.04"/><Cube currency="INR" rate="88.0"/><Cube currency="GBP" rate="0.83"/></Cube>
            """);

    @TempDir
    Path dir;

    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenTheWeeksRates_whenAEuroBillIsConverted_thenTheDaysRateAndTheHomeAmountAreSuggested() throws IOException {
        load(WEEK);

        JsonNode eur = api.get("/rates?from=EUR&date=2026-11-20&amount=120.00").body();

        // to: the caller's home currency (no settings saved: the deployment's INR)
        assertThat(eur.path("from").asText()).isEqualTo("EUR");
        assertThat(eur.path("to").asText()).isEqualTo("INR");
        assertThat(eur.path("date").asText()).isEqualTo("2026-11-20");
        assertThat(eur.path("rateDate").asText()).isEqualTo("2026-11-20");
        assertThat(eur.path("rate").asText()).isEqualTo("89.123400");
        assertThat(eur.path("amount").asText()).isEqualTo("120.00");
        assertThat(eur.path("converted").asText()).isEqualTo("10694.81");
        assertThat(eur.path("source").asText()).isEqualTo("ECB");
    }

    @Test
    void givenASundayBillInDollars_whenConverted_thenFridaysRatesAreCrossedThroughTheEuro() throws IOException {
        load(WEEK);

        JsonNode usd = api.get("/rates?from=usd&to=INR&date=2026-11-22&amount=10").body();

        assertThat(usd.path("rateDate").asText()).isEqualTo("2026-11-20");
        assertThat(usd.path("rate").asText()).isEqualTo("84.693909"); // 89.1234 / 1.0523
        assertThat(usd.path("converted").asText()).isEqualTo("846.94");
        // without an amount: the rate alone
        JsonNode rateOnly = api.get("/rates?from=USD&to=INR&date=2026-11-20").body();
        assertThat(rateOnly.has("converted")).isFalse();
        assertThat(rateOnly.path("rate").asText()).isEqualTo("84.693909");
    }

    @Test
    void givenAHomeCurrencyInTheSettings_whenNoTargetIsNamed_thenItIsTheTargetAndTheLatestDayWithBothRatesIsUsed() throws IOException {
        load(WEEK);
        assertThat(api.put("/settings", Map.of("homeCurrency", "GBP"), null).status()).isEqualTo(200);

        JsonNode usd = api.get("/rates?from=USD&date=2026-11-20&amount=25.00").body();

        assertThat(usd.path("to").asText()).isEqualTo("GBP");
        assertThat(usd.path("rateDate").asText()).isEqualTo("2026-11-19"); // GBP was not published on the 20th here
        assertThat(usd.path("rate").asText()).isEqualTo("0.791770");
        assertThat(usd.path("converted").asText()).isEqualTo("19.79");
        // another user's settings are theirs alone
        assertThat(ApiClient.newUser().get("/rates?from=USD&date=2026-11-20").body().path("to").asText()).isEqualTo("INR");
    }

    @Test
    void givenTheSameCurrency_whenConverted_thenTheRateIsOneWhateverTheFileHolds() {
        JsonNode same = api.get("/rates?from=INR&to=inr&date=2020-01-01&amount=99.50").body();

        assertThat(same.path("rate").asText()).isEqualTo("1.000000");
        assertThat(same.path("converted").asText()).isEqualTo("99.50");
        assertThat(same.path("rateDate").asText()).isEqualTo("2020-01-01");
    }

    @Test
    void givenNoRateWithinAWeek_whenConverted_thenNotFoundSaysWhy() throws IOException {
        load(WEEK);

        ApiClient.Response stale = api.get("/rates?from=EUR&to=INR&date=2026-11-30");
        ApiClient.Response unknown = api.get("/rates?from=AED&to=INR&date=2026-11-20");

        assertThat(stale.status()).isEqualTo(404);
        assertThat(stale.body().path("error").path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(stale.body().path("error").path("message").asText())
                .contains("from EUR to INR on 2026-11-30 or in the 7 days before it");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").path("message").asText()).contains("from AED to INR");
    }

    @Test
    void givenBadParameters_whenConverted_thenEveryOneIsNamedAtOnce() {
        ApiClient.Response bad = api.get("/rates?to=XX&date=2026-13-01&amount=1,250.00");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(bad.body().path("error").path("details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("from", "to", "date", "amount");
    }

    @Test
    void givenTheSameFileTwiceAndThenACorrection_whenLoaded_thenOnlyTheCorrectedRateIsWritten() throws IOException {
        String file = ecbFile("""
                <Cube time="2026-10-02"><Cube currency="CHF" rate="0.9412"/><Cube currency="SEK" rate="11.5"/></Cube>
                """);
        int first = load(file);
        int again = load(file);
        int corrected = load(file.replace("0.9412", "0.9421"));

        assertThat(first).isEqualTo(3); // CHF, SEK and the euro's own 1 on that day
        assertThat(again).isZero();
        assertThat(corrected).isEqualTo(1);
        assertThat(api.get("/rates?from=EUR&to=CHF&date=2026-10-02").body().path("rate").asText()).isEqualTo("0.942100");
    }

    @Test
    void givenTheEcbFeedOverHttp_whenTheUpdaterRuns_thenItsRatesAreServedAndARerunChangesNothing() throws IOException {
        String feed = ecbFile("""
                <Cube time="2026-09-11"><Cube currency="NOK" rate="11.72"/><Cube currency="INR" rate="97.5"/></Cube>
                <Cube time="2026-09-10"><Cube currency="NOK" rate="11.70"/><Cube currency="INR" rate="97.1"/></Cube>
                """);
        AtomicReference<String> served = new AtomicReference<>(feed);
        AtomicInteger status = new AtomicInteger(200);
        HttpServer ecb = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ecb.createContext("/stats/eurofxref/eurofxref-hist-90d.xml", exchange -> {
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        ecb.start();
        try {
            Map<String, String> env = new HashMap<>(TestStack.get().functionEnvironment());
            env.put(EnvNames.ECB_RATES_URL, "http://127.0.0.1:" + ecb.getAddress().getPort()
                    + "/stats/eurofxref/eurofxref-hist-90d.xml");
            RatesUpdateHandler updater = new RatesUpdateHandler(env::get);

            Map<String, Object> run = updater.handleRequest(Map.of("source", "aws.events"), null);
            Map<String, Object> rerun = updater.handleRequest(Map.of("source", "aws.events"), null);

            assertThat(run).containsEntry("ratesFetched", 4).containsEntry("ratesWritten", 6)
                    .containsEntry("days", 2L).containsEntry("latest", "2026-09-11");
            assertThat(rerun).containsEntry("ratesWritten", 0);
            assertThat(api.get("/rates?from=NOK&to=INR&date=2026-09-13&amount=100").body().path("converted").asText())
                    .isEqualTo("831.91"); // 100 × 97.5 / 11.72

            // the feed down or answering something else: the run fails (EventBridge retries it), nothing is stored
            status.set(503);
            assertThatThrownBy(() -> updater.handleRequest(Map.of(), null)).hasMessageContaining("HTTP 503");
            status.set(200);
            served.set("<html><body>Maintenance</body></html>");
            assertThatThrownBy(() -> updater.handleRequest(Map.of(), null)).hasMessageContaining("no usable rates");
            served.set(feed.replace("97.5", "97,5"));
            assertThatThrownBy(() -> updater.handleRequest(Map.of(), null)).hasMessageContaining("rate=\"97,5\"");
            assertThat(api.get("/rates?from=EUR&to=INR&date=2026-09-11").body().path("rate").asText()).isEqualTo("97.500000");
        } finally {
            ecb.stop(0);
        }
    }

    private int load(String xml) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "eurofxref", ".xml"), xml);
        return TestStack.get().loadRates(file);
    }

    /** The ECB's envelope around days of rates, as its files have it. */
    static String ecbFile(String days) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
                  <gesmes:subject>Reference rates</gesmes:subject>
                  <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
                  <Cube>
                %s  </Cube>
                </gesmes:Envelope>
                """.formatted(days);
    }
}
