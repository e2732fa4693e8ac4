package org.expensetracker.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.expensetracker.core.error.DatabaseResumingException;
import org.junit.jupiter.api.Test;

class ResumeRetryTest {
    private final List<Long> sleeps = new ArrayList<>();

    private static software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException resuming() {
        return software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException.builder()
                .message("resuming").build();
    }

    @Test
    void givenTheDatabaseResumesWithinTheBudget_whenCalled_thenTheCallSucceedsAfterBackingOff() {
        AtomicInteger attempts = new AtomicInteger();
        ResumeRetry retry = new ResumeRetry(Duration.ofSeconds(10), sleeps::add);

        String result = retry.call(() -> {
            if (attempts.incrementAndGet() < 4) {
                throw resuming();
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(2)).isGreaterThanOrEqualTo(sleeps.get(0));
    }

    @Test
    void givenTheDatabaseNeverResumes_whenCalled_thenItGivesUpWithinTheBudgetWithRetryAfter() {
        ResumeRetry retry = new ResumeRetry(Duration.ofSeconds(3), sleeps::add);

        assertThatThrownBy(() -> retry.call(() -> {
            throw resuming();
        })).isInstanceOfSatisfying(DatabaseResumingException.class,
                e -> assertThat(e.retryAfterSeconds()).isPositive());
        assertThat(sleeps.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(3000);
        assertThat(sleeps).isNotEmpty();
    }

    @Test
    void givenAnotherFailure_whenCalled_thenItIsNotRetried() {
        ResumeRetry retry = new ResumeRetry(Duration.ofSeconds(3), sleeps::add);
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.call(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
        assertThat(sleeps).isEmpty();
    }
}
