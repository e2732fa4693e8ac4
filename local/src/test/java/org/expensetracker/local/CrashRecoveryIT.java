package org.expensetracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.expensetracker.local.api.Receipts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.Field;

/**
 * Nothing acknowledged is lost, whatever stops the local stack: the packaged jar runs in its own
 * process, is killed (SIGKILL) or stopped (SIGTERM, Ctrl-C) in the middle of work, started again on
 * the same data directory, and everything it had accepted finishes, once.
 */
class CrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern READY = Pattern.compile(
            "READY web=\\S+ api=(\\S+) cognito=(\\S+) clientId=(\\S+) dataApi=(\\S+) s3=(\\S+) sqs=(\\S+)");
    /** The promise: whatever was interrupted completes within 60 s of the READY line. */
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    private final List<Process> started = new ArrayList<>();

    enum Stop { KILL, TERM }

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    @ParameterizedTest
    @EnumSource(Stop.class)
    void givenAnExportOf20kRowsUnderWay_whenTheStackIsStoppedAndStartedAgain_thenItCompletesOnceWithEveryRow(Stop stop)
            throws Exception {
        Path dataDir = Files.createTempDirectory("crash-export");
        Stack stack = start(dataDir, freePort());
        User user = stack.signUp();
        stack.sql("INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category, description,"
                + " create_fingerprint) SELECT '" + user.sub() + "', gen_random_uuid(), date '2026-01-01' + (n % 300),"
                + " 'DEBIT', 1 + n % 1000, 'INR', 'Seeded', 'Seeded entry ' || n || ' ' || repeat('x', 200), md5(n::text)"
                + " FROM generate_series(1, 20000) n");
        String exportId = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("id", exportId, "format", "csv", "filters", Map.of());
        assertThat(user.call("POST", "/exports", request).status()).isEqualTo(202);
        String seen = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            seen = user.call("GET", "/exports/" + exportId, null).body().path("status").asText();
            if (!seen.equals("QUEUED")) {
                break;
            }
        }
        stack.stop(stop);

        Stack again = start(dataDir, stack.port());
        assertThat(again.urls()).as("ports are kept across restarts").isEqualTo(stack.urls());
        User same = again.logIn(user);
        JsonNode job = awaitStatus(same, "/exports/" + exportId, Set.of("SUCCEEDED", "FAILED"));
        assertThat(job.path("status").asText()).as("stopped while %s", seen).isEqualTo("SUCCEEDED");
        assertThat(job.path("rowCount").asLong()).isEqualTo(20_000);
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(new String(download(job.path("downloadUrl").asText()), StandardCharsets.UTF_8)
                        .substring(1))).getRecords();
        assertThat(rows).hasSize(20_000);
        assertThat(rows.stream().map(row -> row.get("Entry ID")).distinct().count()).isEqualTo(20_000);
        // The retried request finds the finished job, not a run that never ends.
        ApiAnswer retry = same.call("POST", "/exports", request);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(again.sql("SELECT count(*) FROM exports").get(0).get(0).longValue()).isEqualTo(1);
        again.stop(Stop.TERM);
    }

    @ParameterizedTest
    @EnumSource(Stop.class)
    void given30ReceiptsJustUploaded_whenTheStackIsStoppedAndStartedAgain_thenEveryOneIsDecidedOnce(Stop stop)
            throws Exception {
        Path dataDir = Files.createTempDirectory("crash-receipts");
        Stack stack = start(dataDir, freePort());
        User user = stack.signUp();
        Map<String, Boolean> expectAvailable = new LinkedHashMap<>();
        List<CompletableFuture<HttpResponse<Void>>> puts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String entryId = user.call("POST", "/entries", Map.of("date", "2026-11-21", "type", "DEBIT",
                    "amount", "10.00", "category", "Crash", "description", "Receipt " + i)).body().path("id").asText();
            boolean good = i % 6 != 0;
            byte[] bytes = good ? Receipts.pdf("Receipt " + i + " " + UUID.randomUUID()) : Receipts.png(10, 10);
            JsonNode announced = user.announce(entryId, "receipt-" + i + ".pdf", bytes);
            expectAvailable.put(announced.path("document").path("id").asText(), good);
            puts.add(HTTP.sendAsync(putRequest(announced.path("upload"), bytes), HttpResponse.BodyHandlers.discarding()));
        }
        for (CompletableFuture<HttpResponse<Void>> put : puts) {
            assertThat(put.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        // One more announced before the stop and uploaded after it, with the URL issued before.
        String lateEntry = user.call("POST", "/entries", Map.of("date", "2026-11-22", "type", "DEBIT",
                "amount", "5.00", "description", "Late upload")).body().path("id").asText();
        byte[] late = Receipts.pdf("Uploaded after the restart");
        JsonNode lateAnnounced = user.announce(lateEntry, "late.pdf", late);
        stack.stop(stop);

        Stack again = start(dataDir, stack.port());
        assertThat(again.urls()).isEqualTo(stack.urls());
        User same = again.logIn(user);
        assertThat(HTTP.send(putRequest(lateAnnounced.path("upload"), late), HttpResponse.BodyHandlers.discarding())
                .statusCode()).as("an upload URL issued before the restart still works").isEqualTo(200);
        expectAvailable.put(lateAnnounced.path("document").path("id").asText(), true);
        for (Map.Entry<String, Boolean> document : expectAvailable.entrySet()) {
            JsonNode decided = awaitStatus(same, "/documents/" + document.getKey(), Set.of("AVAILABLE", "REJECTED"));
            assertThat(decided.path("status").asText()).as(document.getKey())
                    .isEqualTo(document.getValue() ? "AVAILABLE" : "REJECTED");
        }
        List<List<Field>> counts = again.sql("SELECT count(*), count(DISTINCT entry_id), sum(CASE WHEN status = 'AVAILABLE'"
                + " THEN 1 ELSE 0 END) FROM documents WHERE owner_id = '" + user.sub() + "'");
        assertThat(counts.get(0).get(0).longValue()).isEqualTo(31);
        assertThat(counts.get(0).get(1).longValue()).isEqualTo(31);
        assertThat(counts.get(0).get(2).longValue()).isEqualTo(26);
        assertThat(again.sql("SELECT count(*) FROM entries WHERE document_count <> (SELECT count(*) FROM documents d"
                + " WHERE d.owner_id = entries.owner_id AND d.entry_id = entries.id)").get(0).get(0).longValue()).isZero();
        again.stop(Stop.TERM);
    }

    @Test
    void givenAThousandCreates_whenPostgresIsKilledMidway_thenEveryAnsweredCreateIsStored() throws Exception {
        Path dataDir = Files.createTempDirectory("crash-postgres");
        Stack stack = start(dataDir, freePort());
        User user = stack.signUp();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            work.add(CompletableFuture.runAsync(() -> {
                while (sent.incrementAndGet() <= 1000) {
                    String id = UUID.randomUUID().toString();
                    try {
                        ApiAnswer answer = user.call("POST", "/entries", Map.of("id", id, "date", "2026-11-21",
                                "type", "DEBIT", "amount", "3.50", "description", "Durable " + id));
                        if (answer.status() == 201) {
                            answered.add(id);
                        }
                    } catch (Exception e) {
                        // the stack may answer nothing useful once its database is gone; only 201s count
                    }
                }
            }, clients));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (answered.size() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        killPostgres(dataDir);
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        clients.shutdown();
        stack.stop(Stop.TERM);
        assertThat(answered.size()).isGreaterThanOrEqualTo(300);

        Stack again = start(dataDir, stack.port());
        Set<String> stored = new HashSet<>();
        for (List<Field> row : again.sql("SELECT id::text FROM entries WHERE owner_id = '" + user.sub() + "'")) {
            stored.add(row.get(0).stringValue());
        }
        assertThat(stored).containsAll(answered);
        again.stop(Stop.TERM);
    }

    @Test
    void givenADatabaseThatStartsPausedFor20s_whenStarted_thenItIsReadyAtOnceAndServesOnceResumed() throws Exception {
        Path dataDir = Files.createTempDirectory("paused-start");
        Stack stack = start(dataDir, freePort(), "--db-start-paused", "20");
        User user = stack.signUp();
        ApiAnswer first = user.call("GET", "/entries", null);
        if (first.status() != 200) {
            assertThat(first.status()).isEqualTo(503);
            assertThat(first.body().path("error").path("code").asText()).isEqualTo("DATABASE_RESUMING");
            assertThat(first.retryAfter()).isPresent();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        ApiAnswer answer = first;
        while (answer.status() != 200 && System.nanoTime() < deadline) {
            assertThat(answer.status()).as(answer.body().toString()).isIn(200, 503);
            Thread.sleep(1000);
            answer = user.call("GET", "/entries", null);
        }
        assertThat(answer.status()).isEqualTo(200);
        assertThat(user.call("POST", "/entries", Map.of("date", "2026-11-21", "type", "CREDIT", "amount", "1.00"))
                .status()).isEqualTo(201);
        stack.stop(Stop.TERM);
    }

    // ---- the stack as a separate process ----

    private Stack start(Path dataDir, int port, String... extra) throws Exception {
        LocalStackProcess.Running running = LocalStackProcess.start(port, dataDir, extra);
        started.add(running.process());
        Matcher ready = READY.matcher(running.ready());
        assertThat(ready.matches()).as(running.ready()).isTrue();
        return new Stack(running.process(), port, ready.group(1), ready.group(2), ready.group(3), ready.group(4),
                ready.group(5), ready.group(6));
    }

    /** kill -9 of the postmaster and every backend, as a crash of PostgreSQL would leave it. */
    private static void killPostgres(Path dataDir) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
    }

    private static JsonNode awaitStatus(User user, String path, Set<String> done) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        JsonNode body;
        do {
            body = user.call("GET", path, null).body();
            if (done.contains(body.path("status").asText())) {
                return body;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not done within " + RECOVERY + " of READY: " + body);
    }

    private static HttpRequest putRequest(JsonNode upload, byte[] bytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        Iterator<Map.Entry<String, JsonNode>> headers = upload.path("headers").fields();
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> header = headers.next();
            request.header(header.getKey(), header.getValue().asText());
        }
        return request.build();
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record ApiAnswer(int status, JsonNode body, Optional<String> retryAfter) {
    }

    record Stack(Process process, int port, String api, String cognito, String clientId, String dataApi, String s3,
                 String sqs) {
        List<String> urls() {
            return List.of(api, cognito, dataApi, s3, sqs);
        }

        void stop(Stop how) throws InterruptedException {
            if (how == Stop.KILL) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the stack ends on %s", how).isTrue();
        }

        User signUp() throws Exception {
            String email = "crash-" + UUID.randomUUID() + "@example.com";
            String password = "Correct-horse-9-battery";
            cognito("SignUp", Map.of("ClientId", clientId, "Username", email, "Password", password));
            // As on AWS: the code the pool e-mailed (here: the local mailbox), then ConfirmSignUp.
            HttpResponse<String> mailbox = HTTP.send(HttpRequest.newBuilder(URI.create(cognito
                    + "/_local/mailbox?to=" + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode messages = JSON.readTree(mailbox.body()).path("messages");
            assertThat(messages).as(mailbox.body()).isNotEmpty();
            cognito("ConfirmSignUp", Map.of("ClientId", clientId, "Username", email,
                    "ConfirmationCode", messages.get(messages.size() - 1).path("code").asText()));
            return logIn(new User(this, email, password, null, null));
        }

        User logIn(User user) throws Exception {
            JsonNode result = cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "USER_PASSWORD_AUTH",
                    "AuthParameters", Map.of("USERNAME", user.email(), "PASSWORD", user.password())));
            String token = result.path("AuthenticationResult").path("AccessToken").asText();
            String sub = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("sub").asText();
            return new User(this, user.email(), user.password(), token, sub);
        }

        private JsonNode cognito(String operation, Map<String, Object> body) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(cognito))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }

        /** A statement through the stack's Data API, as an operator with the AWS SDK would send it. */
        List<List<Field>> sql(String statement) {
            try (RdsDataClient client = RdsDataClient.builder().endpointOverride(URI.create(dataApi))
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build()) {
                return client.executeStatement(b -> b.resourceArn(LocalStack.CLUSTER_ARN).secretArn(LocalStack.SECRET_ARN)
                        .database("expenses").sql(statement)).records();
            }
        }
    }

    record User(Stack stack, String email, String password, String token, String sub) {
        ApiAnswer call(String method, String path, Object body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.api() + path))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new ApiAnswer(response.statusCode(), json, response.headers().firstValue("Retry-After"));
        }

        JsonNode announce(String entryId, String name, byte[] bytes) throws Exception {
            ApiAnswer answer = call("POST", "/entries/" + entryId + "/documents", Map.of("fileName", name,
                    "contentType", "application/pdf", "sizeBytes", bytes.length,
                    "sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))));
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
            return answer.body();
        }
    }
}
