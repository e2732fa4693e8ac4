package org.expensetracker.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The packaged local stack in a process of its own, as a person starts it from the README. */
final class LocalStackProcess {
    private LocalStackProcess() {
    }

    /**
     * Starts {@code java -jar local-stack.jar --port … --data-dir … extra…} and waits (90 s at most) for
     * its READY line; the caller keeps the process to stop it.
     */
    static Running start(int port, Path dataDir, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar",
                System.getProperty("localStackJar", "target/local-stack.jar"),
                "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                if (line.startsWith("READY ")) {
                    return new Running(process, line, lines);
                }
            } else if (!process.isAlive()) {
                break;
            }
        }
        process.destroyForcibly();
        throw new AssertionError("no READY line; output was:\n" + seen);
    }

    /** The process, its READY line and what it prints after it. */
    record Running(Process process, String ready, BlockingQueue<String> output) {
    }
}
