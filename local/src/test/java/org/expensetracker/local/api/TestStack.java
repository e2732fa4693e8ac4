package org.expensetracker.local.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.expensetracker.local.LocalStack;

/**
 * One local stack for all API tests of this JVM: starting PostgreSQL is the slow part, and the
 * tests isolate themselves by signing up their own users.
 */
public final class TestStack {
    private static LocalStack stack;

    private TestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path dataDir = Files.createTempDirectory("expense-tracker-it");
                // Short queue visibility so redelivery and dead-lettering happen within a test's patience.
                stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withDataDir(dataDir)
                        .withQueueVisibility(java.time.Duration.ofSeconds(2)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }
}
