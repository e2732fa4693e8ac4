package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A phone on a bad network sends the same request again before the first answered, and the two
 * race each other into the database. The same request racing itself gets the same answer: the one
 * resource, created once, never a 409 or a 500. A different request with the same id stays a 409.
 */
class RacingRetriesTest {
    private static final int RACERS = 8;
    private static final int ROUNDS = 10;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(RACERS);
    private final ApiClient api = ApiClient.newUser();

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void givenTheSameCreateSentConcurrently_whenTheyRace_thenOneEntryAndEveryAnswerIsASuccess() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = UUID.randomUUID().toString();
            Map<String, Object> body = Map.of("id", id, "date", "2026-11-21", "type", "DEBIT", "amount", "12.00",
                    "description", "Raced " + round);
            List<ApiClient.Response> answers = race(() -> api.post("/entries", body));

            assertThat(answers).extracting(ApiClient.Response::status).as(answers.toString()).containsOnly(200, 201);
            assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
            assertThat(answers).extracting(a -> a.body().path("id").asText()).containsOnly(id);
        }
        assertThat(api.get("/entries?limit=200").body().path("items")).hasSize(ROUNDS);
        assertThat(api.post("/entries", Map.of("id", api.get("/entries?limit=1").body().path("items").get(0)
                .path("id").asText(), "date", "2026-11-21", "type", "DEBIT", "amount", "99.00")).status()).isEqualTo(409);
    }

    @Test
    void givenTheSameAnnouncementSentConcurrently_whenTheyRace_thenOneDocumentAndEveryAnswerIsASuccess() throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Raced receipts").path("id").asText();
        for (int round = 0; round < ROUNDS; round++) {
            String id = UUID.randomUUID().toString();
            Map<String, Object> body = Map.of("id", id, "fileName", "r" + round + ".pdf", "contentType", "application/pdf",
                    "sizeBytes", 100 + round);
            List<ApiClient.Response> answers = race(() -> api.post("/entries/" + entryId + "/documents", body));

            assertThat(answers).extracting(ApiClient.Response::status).as(answers.toString()).containsOnly(200, 201);
            assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
            assertThat(answers).extracting(a -> a.body().path("document").path("id").asText()).containsOnly(id);
        }
        assertThat(api.get("/entries/" + entryId).body().path("documentCount").asInt()).isEqualTo(ROUNDS);
    }

    @Test
    void givenTheSameExportSentConcurrently_whenTheyRace_thenOneJobAndEveryAnswerIsASuccess() throws Exception {
        api.create("2026-11-21", "DEBIT", "10.00", "Food", "Exported");
        for (int round = 0; round < ROUNDS; round++) {
            String id = UUID.randomUUID().toString();
            Map<String, Object> body = Map.of("id", id, "format", "csv", "filters", Map.of("from", "2026-11-01"));
            List<ApiClient.Response> answers = race(() -> api.post("/exports", body));

            assertThat(answers).extracting(ApiClient.Response::status).as(answers.toString()).containsOnly(200, 202);
            assertThat(answers).filteredOn(a -> a.status() == 202).hasSize(1);
            assertThat(answers).extracting(a -> a.body().path("id").asText()).containsOnly(id);
        }
        assertThat(api.get("/exports").body().path("items")).hasSize(ROUNDS);
    }

    /** Sends the request from every racer at the same moment; returns every answer. */
    private static List<ApiClient.Response> race(Supplier<ApiClient.Response> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiClient.Response>> racers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            racers.add(POOL.submit(() -> {
                go.await();
                return request.get();
            }));
        }
        go.countDown();
        List<ApiClient.Response> answers = new ArrayList<>();
        for (Future<ApiClient.Response> racer : racers) {
            answers.add(racer.get());
        }
        return answers;
    }
}
