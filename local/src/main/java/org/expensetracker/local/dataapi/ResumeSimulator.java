package org.expensetracker.local.dataapi;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Plays an Aurora Serverless v2 cluster with auto-pause: while it resumes, calls are answered with
 * DatabaseResumingException, which the SDK does not retry, so the caller's own retry gets exercised.
 */
final class ResumeSimulator {
    private final Duration resumeDuration;
    private final Duration autoPauseAfter;
    private final BooleanSupplier hasOpenTransactions;
    private boolean paused;
    private long resumingUntilNanos;
    private long lastServedNanos;

    ResumeSimulator(boolean startPaused, Duration resumeDuration, Duration autoPauseAfter,
            BooleanSupplier hasOpenTransactions) {
        this.paused = startPaused;
        this.resumeDuration = resumeDuration;
        this.autoPauseAfter = autoPauseAfter;
        this.hasOpenTransactions = hasOpenTransactions;
        this.resumingUntilNanos = System.nanoTime();
        this.lastServedNanos = System.nanoTime();
    }

    /** Every call answers "resuming" for the next {@code duration}. */
    synchronized void resumeFor(Duration duration) {
        paused = false;
        resumingUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /** As if auto-paused: the next call starts a resume of the configured duration. */
    synchronized void pause() {
        paused = true;
    }

    synchronized boolean isResuming() {
        return paused || System.nanoTime() - resumingUntilNanos < 0;
    }

    /** Whether this call must be refused because the cluster is (now) resuming. */
    synchronized boolean refuseCall() {
        long now = System.nanoTime();
        if (!paused && autoPauseAfter != null && now - lastServedNanos > autoPauseAfter.toNanos()
                && !hasOpenTransactions.getAsBoolean()) {
            paused = true;
        }
        if (paused) {
            paused = false;
            resumingUntilNanos = now + resumeDuration.toNanos();
        }
        if (now - resumingUntilNanos < 0) {
            return true;
        }
        lastServedNanos = now;
        return false;
    }
}
