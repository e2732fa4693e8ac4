package org.expensetracker.dataapi;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.Supplier;
import org.expensetracker.core.error.DatabaseResumingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits out an auto-paused Aurora cluster. The Data API answers DatabaseResumingException for the
 * 15-30 s a resume takes and the SDK does not retry it, so we do: exponential backoff with jitter,
 * bounded by a total wait that fits the caller (an API request cannot wait as long as a queue
 * worker). Past that budget the caller gets a typed 503 with a Retry-After hint.
 */
public final class ResumeRetry {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeRetry.class);
    static final Duration FIRST_DELAY = Duration.ofMillis(250);
    static final Duration MAX_DELAY = Duration.ofSeconds(4);
    static final int RETRY_AFTER_SECONDS = 10;
    /**
     * Not ThreadLocalRandom: its seed would be in a SnapStart snapshot, and every environment
     * restored from it would then back off in lockstep. The Lambda runtime reseeds SecureRandom
     * after a restore.
     */
    private static final SecureRandom JITTER = new SecureRandom();

    private final Duration budget;
    private final Sleeper sleeper;

    public ResumeRetry(Duration budget) {
        this(budget, Thread::sleep);
    }

    ResumeRetry(Duration budget, Sleeper sleeper) {
        this.budget = budget;
        this.sleeper = sleeper;
    }

    public <T> T call(Supplier<T> call) {
        long waited = 0;
        long delay = FIRST_DELAY.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException e) {
                long jittered = delay / 2 + JITTER.nextLong(delay / 2 + 1);
                if (waited + jittered > budget.toMillis()) {
                    LOG.warn("database still resuming after {} attempts and {} ms; giving up", attempt, waited);
                    throw new DatabaseResumingException(RETRY_AFTER_SECONDS);
                }
                LOG.info("database resuming; attempt {} waits {} ms", attempt, jittered);
                sleep(jittered);
                waited += jittered;
                delay = Math.min(delay * 2, MAX_DELAY.toMillis());
            }
        }
    }

    private void sleep(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseResumingException(RETRY_AFTER_SECONDS);
        }
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }
}
