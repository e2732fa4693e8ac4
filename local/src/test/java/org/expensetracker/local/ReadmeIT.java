package org.expensetracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's promises, checked on the packaged jar in its own process: the start command
 * reaches the READY line of the contract, the curl walk-through works as written, SIGTERM stops
 * everything (PostgreSQL included), and the data is still there after a restart.
 */
class ReadmeIT {
    /** The READY line of DESIGN.md, exactly. */
    private static final Pattern READY = Pattern.compile(
            "READY web=http://127\\.0\\.0\\.1:(\\d+)/ api=http://127\\.0\\.0\\.1:\\1/api"
                    + " cognito=http://127\\.0\\.0\\.1:\\1/cognito clientId=(\\S+) dataApi=http://127\\.0\\.0\\.1:(\\d+)"
                    + " s3=http://127\\.0\\.0\\.1:(\\d+) sqs=http://127\\.0\\.0\\.1:(\\d+)");

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void givenAFreshDataDir_whenStartedAsTheReadmeSays_thenTheWalkThroughWorksAndSigtermStopsEverything() throws Exception {
        Path dataDir = Files.createTempDirectory("readme-it");
        int port = freePort();

        LocalStackProcess.Running first = start(port, dataDir);
        assertThat(first.ready()).matches(READY);
        Matcher ready = READY.matcher(first.ready());
        assertThat(ready.matches()).isTrue();
        assertThat(Integer.parseInt(ready.group(1))).isEqualTo(port);

        String script = walkThrough().replace("127.0.0.1:8080", "127.0.0.1:" + port);
        Path workDir = Files.createTempDirectory("walkthrough");
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(workDir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        // Signed up the AWS way: unconfirmed, a code mailed (locally: to the mailbox), confirmed with it.
        assertThat(output).contains("\"UserConfirmed\":false", "\"Destination\":\"m***@e***\"");
        assertThat(fetch(port, "/cognito/_local/mailbox.html?to=me%40example.com"))
                .contains("me@example.com", "Your verification code");
        assertThat(output).contains("\"amount\":\"1250.00\"");
        // Found once by its description and once by the word inside its receipt.
        assertThat(output.lines().filter(line -> line.equals("\"Taxi to airport\"")).count()).as(output).isEqualTo(2);
        // The CSV export of the month, with its BOM, header and the entry (its receipt named).
        assertThat(output).contains("\uFEFFDate,Type,Debit,Credit,Currency,Category,Description,Receipts,Entry ID")
                .containsPattern("2026-11-21,DEBIT,1250.00,,INR,Travel,Taxi to airport,receipt.pdf,[0-9a-f-]{36}");

        // Run from outside the repository, the site comes from the jar: page, its files, nothing beyond.
        assertThat(fetch(port, "/")).contains("<title>Expense Tracker</title>");
        assertThat(fetch(port, "/style.css")).contains("font");
        assertThat(fetch(port, "/config-view.js")).contains("config.json");
        // the QR code library npm ci installed into web/vendor/ is packaged with the site; npm's own files are not
        assertThat(fetch(port, "/vendor/qrcode.js")).contains("export default qrcode");
        assertThat(status(port, "/package.json")).isEqualTo(404);
        assertThat(status(port, "/node_modules/qrcode-generator/package.json")).isEqualTo(404);
        // A path above the root is not even a request for a file: refused as a bad URL (400) or not found.
        assertThat(status(port, "/../pom.xml")).isIn(400, 404);

        // The API description is served beside the app.
        String openApi = new String(new java.net.URL("http://127.0.0.1:" + port + "/openapi.yaml").openStream()
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openApi).startsWith("openapi: 3").contains("/entries/{id}:");

        int postgresPort = postgresPort(dataDir);
        stop(first);
        assertThat(isListening(port)).isFalse();
        assertThat(isListening(postgresPort)).as("PostgreSQL stopped with the stack").isFalse();

        // The same data dir again: the account and the entry survived the restart.
        LocalStackProcess.Running second = start(port, dataDir);
        String logInAndCount = script.substring(0, script.indexOf("# Sign up"))
                + script.substring(script.indexOf("# Log in"), script.indexOf("# Create"))
                + "curl -fsS \"$BASE/api/entries\" -H \"Authorization: Bearer $TOKEN\" | jq '.items | length'\n";
        Process count = new ProcessBuilder("bash", "-euo", "pipefail", "-c", logInAndCount).directory(workDir.toFile())
                .redirectErrorStream(true).start();
        String countOutput = new String(count.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(count.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(countOutput.strip()).as(countOutput).isEqualTo("1");
        stop(second);
    }

    private static String fetch(int port, String path) throws IOException {
        return new String(new java.net.URL("http://127.0.0.1:" + port + path).openStream().readAllBytes(),
                StandardCharsets.UTF_8);
    }

    private static int status(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(line.split(" ")[1]);
        }
    }

    /** The bash block between the walk-through markers of the README. */
    static String walkThrough() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("readme", "../README.md")));
        Matcher block = Pattern.compile("<!-- walkthrough:start -->\\s*```(?:bash|sh)\\n(.*?)```\\s*<!-- walkthrough:end -->",
                Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README has a marked walk-through").isTrue();
        return block.group(1);
    }

    private LocalStackProcess.Running start(int port, Path dataDir) throws Exception {
        LocalStackProcess.Running running = LocalStackProcess.start(port, dataDir);
        started.add(running.process());
        return running;
    }

    private static void stop(LocalStackProcess.Running running) throws InterruptedException {
        running.process().destroy(); // SIGTERM, like Ctrl-C
        assertThat(running.process().waitFor(30, TimeUnit.SECONDS)).as("stack stops on SIGTERM").isTrue();
    }

    private static int postgresPort(Path dataDir) throws IOException {
        // postmaster.pid line 4 is the port PostgreSQL listens on.
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        return Integer.parseInt(pid.get(3).strip());
    }

    private static boolean isListening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
