package org.expensetracker.exportworker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The helper threads of an export run: daemons, named, logging with the run's context, ended with the run. */
final class BackgroundThreads {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundThreads.class);
    private static final AtomicInteger COUNT = new AtomicInteger();

    /** Daemon threads, so that even a thread that will not end cannot keep the JVM alive. */
    static final ThreadFactory FACTORY = task -> {
        Thread thread = new Thread(task, "export-background-" + COUNT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    };

    private BackgroundThreads() {
    }

    /** Runs tasks on {@code executor} with the submitting thread's MDC (request id, correlation id). */
    static Executor withLogContext(Executor executor) {
        return task -> {
            Map<String, String> context = MDC.getCopyOfContextMap();
            executor.execute(() -> {
                if (context == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(context);
                }
                try {
                    task.run();
                } finally {
                    MDC.clear();
                }
            });
        };
    }

    /**
     * Interrupts what still runs (a page fetched ahead of a failure: the interrupt cuts its SDK call or
     * resume wait short) and waits up to {@code grace} for every thread to end.
     */
    static void end(ExecutorService executor, Duration grace) {
        executor.shutdownNow();
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + grace.toNanos();
            while (true) {
                try {
                    if (executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                    LOG.warn("an export helper thread did not end within {}; left to end on its own", grace);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the run's outcome is decided: finish the clean-up, then pass it on
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
