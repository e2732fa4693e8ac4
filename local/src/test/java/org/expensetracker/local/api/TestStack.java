package org.expensetracker.local.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                LocalStack.Options options = LocalStack.Options.defaults().withPort(0).withDataDir(dataDir)
                        .withQueueVisibility(java.time.Duration.ofSeconds(2));
                // Serve the working tree's web app (the browser tests drive it), wherever Maven runs from.
                Path web = repositoryWebDirectory();
                if (web != null) {
                    options = options.withWebDir(web);
                }
                stack = LocalStack.start(options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }

    /**
     * The repository's web/ directory: the nearest ancestor (of the working directory, else of
     * the compiled test classes) that holds web/index.html next to the local/ module.
     */
    public static Path repositoryWebDirectory() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(TestStack.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // No code source (unusual class loader): the working directory must do.
        }
        for (Path start : starts) {
            for (Path dir = start.normalize(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("web/index.html")) && Files.isDirectory(dir.resolve("local"))
                        && Files.isRegularFile(dir.resolve("pom.xml"))) {
                    return dir.resolve("web");
                }
            }
        }
        return null;
    }
}
