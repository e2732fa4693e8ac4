package org.expensetracker.local.dataapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.expensetracker.local.postgres.LocalPostgres;
import org.junit.jupiter.api.Test;

/** The local stack's PostgreSQL keeps its data across runs, even after the JVM was killed with -9. */
class LocalPostgresRestartTest {

    /** Runs in a child JVM: starts PostgreSQL, writes a row, and waits to be killed. */
    public static final class KilledOwner {
        public static void main(String[] args) throws Exception {
            LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]), 0);
            try (Connection connection = postgres.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE survivor (note text)");
                statement.execute("INSERT INTO survivor VALUES ('kept')");
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void givenTheOwningJvmWasKilled_whenStartedAgain_thenTheOrphanIsStoppedAndTheDataIsStillThere() throws Exception {
        Path dataDir = Files.createTempDirectory("local-postgres-restart");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledOwner.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        long orphanPid = -1;
        try {
            assertThat(readyLine(owner).get(120, TimeUnit.SECONDS)).isTrue();
            orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());

            owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).hasValue(true);

            try (LocalPostgres postgres = LocalPostgres.start(dataDir, 0)) {
                assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
                try (Connection connection = postgres.dataSource().getConnection();
                        Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT note FROM survivor")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("kept");
                }
            }
            assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
        } finally {
            owner.destroyForcibly();
            if (orphanPid > 0) {
                ProcessHandle.of(orphanPid).ifPresent(ProcessHandle::destroy);
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static CompletableFuture<Boolean> readyLine(Process process) {
        return CompletableFuture.supplyAsync(() -> {
            BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.equals("READY")) {
                        // Keep draining so the child never blocks on a full pipe.
                        CompletableFuture.runAsync(() -> drain(output));
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    private static void drain(BufferedReader output) {
        try {
            while (output.readLine() != null) {
                // discard
            }
        } catch (java.io.IOException ignored) {
            // The child is gone.
        }
    }
}
