package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * While the database resumes from auto-pause, requests wait and succeed, or answer 503
 * DATABASE_RESUMING with Retry-After once the wait budget is spent: never a 500.
 */
class DatabaseResumeTest {
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenAShortResume_whenRequestsArrive_thenTheyWaitAndSucceed() throws Exception {
        api.create("2026-11-01", "DEBIT", "5.00", "Food", "before the pause");
        api.stack().dataApi().resumeFor(Duration.ofSeconds(3));

        List<ApiClient.Response> responses = concurrently(4);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isBetween(200, 201));
        assertThat(api.get("/entries").body().path("items").size()).isEqualTo(3);
    }

    @Test
    void givenAResumeLongerThanTheWaitBudget_whenRequestsArrive_thenTheyAnswer503WithRetryAfter() throws Exception {
        api.stack().dataApi().resumeFor(Duration.ofSeconds(14));
        try {
            List<ApiClient.Response> responses = concurrently(2);

            assertThat(responses).allSatisfy(r -> {
                assertThat(r.status()).as(r.toString()).isIn(200, 201, 503);
                if (r.status() == 503) {
                    assertThat(r.errorCode()).isEqualTo("DATABASE_RESUMING");
                    assertThat(r.header("Retry-After")).matches("\\d+");
                }
            });
            assertThat(responses).anySatisfy(r -> assertThat(r.status()).isEqualTo(503));
        } finally {
            api.stack().dataApi().resumeFor(Duration.ZERO);
        }
        assertThat(api.get("/entries").status()).isEqualTo(200);
    }

    private List<ApiClient.Response> concurrently(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> k % 2 == 0
                        ? api.post("/entries", ApiClient.entry("2026-11-02", "DEBIT", "1.00", "Food", "during " + k))
                        : api.get("/entries")));
            }
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
