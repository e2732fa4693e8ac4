package org.expensetracker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.expensetracker.http.Route;
import org.expensetracker.http.Routes;
import org.expensetracker.local.LocalStack;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Data API round trips per request: for every route of {@link Routes#ALL}, one or more realistic
 * requests through the local HTTP API as a signed-in user, each counted by the local Data API's own
 * counter (calls served between sending the request and receiving its answer, with the queues idle so
 * nothing else runs). Each request is repeated {@value #REPEATS} times on fresh data. Prints a
 * Markdown table.
 */
public final class RoundTripsBench {
    private static final int REPEATS = 3;
    private static final String MONTH = "from=2026-11-01&to=2026-11-30";

    private final LocalStack stack;
    private final BenchApi api;
    private final byte[] receipt;
    private final List<Row> rows = new ArrayList<>();

    private RoundTripsBench(LocalStack stack, BenchApi api) throws Exception {
        this.stack = stack;
        this.api = api;
        this.receipt = ReceiptLatencyBench.pdf("Blue Cab Co. fare 1250.00", "Airport to city, paid by card");
    }

    /** A request to count, made ready by a setup whose own calls are not counted. */
    @FunctionalInterface
    private interface Request {
        BenchApi.Response send() throws Exception;
    }

    @FunctionalInterface
    private interface Prepared {
        Request prepare() throws Exception;
    }

    private record Row(String route, String request, int status, List<Long> calls, Map<String, Long> operations) {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("bench-roundtrips");
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withDataDir(dataDir)
                .withMaintenanceInterval(Duration.ofHours(1)))) {
            RoundTripsBench bench = new RoundTripsBench(stack, BenchApi.signUp(stack));
            bench.seed();
            bench.measureAll();
            bench.print();
        } finally {
            Repo.deleteQuietly(dataDir);
        }
    }

    /** 60 entries in November 2026 (more than one page), a few of them taxi rides. */
    private void seed() throws Exception {
        String[] categories = {"Travel", "Food", "Groceries", "Transport", "Office", "Rent"};
        for (int i = 0; i < 60; i++) {
            api.ok("POST", "/entries", Map.of("date", "2026-11-%02d".formatted(1 + i % 30),
                    "type", i % 8 == 0 ? "CREDIT" : "DEBIT", "amount", "%d.%02d".formatted(10 + i * 37 % 900, i % 100),
                    "category", categories[i % categories.length],
                    "description", i % 5 == 0 ? "Taxi to the airport #" + i : "Lunch with the team #" + i));
        }
        // The maintenance run the stack makes soon after it starts must not fall into a count.
        Thread.sleep(2_000);
        quiet(true);
    }

    private void measureAll() throws Exception {
        Map<String, Object> create = entry("Taxi to airport");
        measure("POST /entries", "create, with a client id", 201, () -> {
            Map<String, Object> body = new LinkedHashMap<>(create);
            body.put("id", UUID.randomUUID().toString());
            return () -> api.call("POST", "/entries", body);
        });
        measure("POST /entries", "the same create repeated (idempotent retry)", -1, () -> {
            Map<String, Object> body = new LinkedHashMap<>(create);
            body.put("id", UUID.randomUUID().toString());
            api.ok("POST", "/entries", body);
            return () -> api.call("POST", "/entries", body);
        });
        measure("GET /entries", "first page (50 of 60+)", 200, () -> () -> api.call("GET", "/entries", null));
        measure("GET /entries", "next page (cursor)", 200, () -> {
            String cursor = api.ok("GET", "/entries?limit=20", null).path("nextCursor").asText();
            return () -> api.call("GET", "/entries?limit=20&cursor=" + cursor, null);
        });
        measure("GET /entries", "q=taxi", 200, () -> () -> api.call("GET", "/entries?q=taxi", null));
        measure("GET /entries", "month, category, type and amount range", 200, () -> () -> api.call("GET",
                "/entries?" + MONTH + "&category=travel&type=DEBIT&minAmount=10&maxAmount=500", null));

        String withReceipt = newEntry();
        String document = attachAvailable(withReceipt);
        measure("GET /entries/{id}", "an entry with one receipt (download URL signed)", 200,
                () -> () -> api.call("GET", "/entries/" + withReceipt, null));
        measure("GET /entries/{id}", "an id that does not exist", 404,
                () -> () -> api.call("GET", "/entries/" + UUID.randomUUID(), null));
        measure("PUT /entries/{id}", "If-Match the current version", 200, () -> {
            String id = newEntry();
            return () -> api.call("PUT", "/entries/" + id, entry("Taxi to airport, tip included"), "If-Match", "\"1\"");
        });
        measure("PUT /entries/{id}", "If-Match a stale version", 412, () -> {
            String id = newEntry();
            api.ok("PUT", "/entries/" + id, entry("Taxi, edited elsewhere"), "If-Match", "\"1\"");
            return () -> api.call("PUT", "/entries/" + id, entry("Taxi to airport, tip included"), "If-Match", "\"1\"");
        });
        measure("DELETE /entries/{id}", "to the trash", 204, () -> {
            String id = newEntry();
            return () -> api.call("DELETE", "/entries/" + id, null);
        });
        measure("GET /trash", "entries deleted above", 200, () -> () -> api.call("GET", "/trash", null));
        measure("POST /entries/{id}/restore", "from the trash", 200, () -> {
            String id = newEntry();
            api.ok("DELETE", "/entries/" + id, null);
            return () -> api.call("POST", "/entries/" + id + "/restore", null);
        });
        measure("GET /suggestions", "field=category&prefix=tr", 200,
                () -> () -> api.call("GET", "/suggestions?field=category&prefix=tr", null));
        measure("GET /suggestions", "field=description&prefix=ta", 200,
                () -> () -> api.call("GET", "/suggestions?field=description&prefix=ta", null));
        measure("GET /summary", "a month by category", 200,
                () -> () -> api.call("GET", "/summary?" + MONTH + "&groupBy=category", null));
        measure("GET /summary", "all by month", 200, () -> () -> api.call("GET", "/summary?groupBy=month", null));

        measure("POST /entries/{id}/documents", "announce a PDF (upload URL signed)", 201, () -> () -> api.call("POST",
                "/entries/" + withReceipt + "/documents", Map.of("fileName", "taxi-receipt.pdf",
                        "contentType", "application/pdf", "sizeBytes", receipt.length)));
        measure("GET /documents/{id}", "an indexed receipt (download URL signed)", 200,
                () -> () -> api.call("GET", "/documents/" + document, null));
        measure("DELETE /documents/{id}", "an indexed receipt (row and S3 object)", 204, () -> {
            String id = attachAvailable(newEntry());
            return () -> api.call("DELETE", "/documents/" + id, null);
        });

        List<String> exports = new ArrayList<>();
        String exportsQueue = stack.functionEnvironment().get("EXPORTS_QUEUE_URL");
        try (SqsClient sqs = stack.sqs().client()) {
            // Held back 10 s in the queue, so the export worker's own calls cannot fall into the count.
            delay(sqs, exportsQueue, 10);
            measure("POST /exports", "a month as CSV", 202, () -> () -> {
                BenchApi.Response response = api.call("POST", "/exports", Map.of("filters", Map.of("from", "2026-11-01",
                        "to", "2026-11-30"), "format", "csv", "layout", "debitCredit"));
                exports.add(response.body().path("id").asText());
                return response;
            }, false); // the held-back messages stay in the queue until all three are counted
            for (String id : exports) {
                if (!"QUEUED".equals(api.ok("GET", "/exports/" + id, null).path("status").asText())) {
                    throw new IllegalStateException("the export worker ran during the count of POST /exports");
                }
            }
            delay(sqs, exportsQueue, 0);
        }
        for (String id : exports) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!"SUCCEEDED".equals(api.ok("GET", "/exports/" + id, null).path("status").asText())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("export " + id + " did not finish");
                }
                Thread.sleep(100);
            }
        }
        measure("GET /exports/{id}", "a finished export (download URL signed)", 200,
                () -> () -> api.call("GET", "/exports/" + exports.get(0), null));
        measure("GET /exports", "the user's recent exports", 200, () -> () -> api.call("GET", "/exports", null));

        List<String> measured = rows.stream().map(Row::route).distinct().toList();
        for (Route route : Routes.ALL) {
            if (!measured.contains(route.key())) {
                throw new IllegalStateException("no request measured for " + route.key());
            }
        }
    }

    private void measure(String route, String request, int expectedStatus, Prepared prepared) throws Exception {
        measure(route, request, expectedStatus, prepared, true);
    }

    private void measure(String route, String request, int expectedStatus, Prepared prepared, boolean drainQueues)
            throws Exception {
        List<Long> calls = new ArrayList<>();
        Map<String, Long> operations = Map.of();
        int status = 0;
        for (int i = 0; i < REPEATS; i++) {
            Request ready = prepared.prepare();
            quiet(drainQueues);
            long before = stack.dataApi().calls();
            Map<String, Long> operationsBefore = operations();
            BenchApi.Response response = ready.send();
            long after = stack.dataApi().calls();
            operations = difference(operations(), operationsBefore);
            status = response.status();
            if (expectedStatus > 0 ? status != expectedStatus : status >= 300) {
                throw new IllegalStateException(route + " (" + request + ") answered " + status + " " + response.raw().body());
            }
            calls.add(after - before);
        }
        rows.add(new Row(route, request, status, calls, operations));
        System.out.printf("%-30s %-50s %d → %s Data API calls%n", route, request, status, calls);
    }

    /** Waits until no queue holds work (unless told not to) and the Data API has served nothing for 100 ms. */
    private void quiet(boolean drainQueues) throws InterruptedException {
        if (drainQueues) {
            stack.awaitQueuesIdle(Duration.ofSeconds(60));
        }
        long calls;
        do {
            calls = stack.dataApi().calls();
            Thread.sleep(100);
        } while (calls != stack.dataApi().calls());
    }

    private Map<String, Long> operations() throws java.io.IOException {
        Map<String, Long> counts = new TreeMap<>();
        JsonNode operations = BenchApi.JSON.readTree(stack.dataApi().statsJson()).path("operations");
        for (Iterator<Map.Entry<String, JsonNode>> it = operations.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> operation = it.next();
            counts.put(operation.getKey(), operation.getValue().asLong());
        }
        return counts;
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> difference = new TreeMap<>();
        after.forEach((name, count) -> {
            long delta = count - before.getOrDefault(name, 0L);
            if (delta != 0) {
                difference.put(name, delta);
            }
        });
        return difference;
    }

    private static void delay(SqsClient sqs, String queueUrl, int seconds) {
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.DELAY_SECONDS,
                Integer.toString(seconds))));
    }

    private static Map<String, Object> entry(String description) {
        return Map.of("date", "2026-11-21", "type", "DEBIT", "amount", "1250.00", "category", "Travel",
                "description", description);
    }

    private String newEntry() throws Exception {
        return api.ok("POST", "/entries", entry("Taxi to airport")).path("id").asText();
    }

    /** A receipt announced, uploaded with the presigned URL and indexed (AVAILABLE); its document id. */
    private String attachAvailable(String entryId) throws Exception {
        JsonNode announced = api.ok("POST", "/entries/" + entryId + "/documents", Map.of("fileName", "taxi-receipt.pdf",
                "contentType", "application/pdf", "sizeBytes", receipt.length));
        BenchApi.upload(announced.path("upload"), receipt);
        String id = announced.path("document").path("id").asText();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"AVAILABLE".equals(api.ok("GET", "/documents/" + id, null).path("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("receipt " + id + " was not indexed");
            }
            Thread.sleep(20);
        }
        return id;
    }

    private void print() {
        System.out.println();
        System.out.println("Data API calls per request, through the local HTTP API (" + REPEATS + " repeats each, on fresh"
                + " data; counted by the local Data API while nothing else runs):");
        System.out.println();
        System.out.println("| route | request | status | Data API calls | operations |");
        System.out.println("|---|---|---:|---:|---|");
        for (Row row : rows) {
            long min = row.calls.stream().mapToLong(Long::longValue).min().orElse(0);
            long max = row.calls.stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.printf("| `%s` | %s | %d | %s | %s |%n", row.route, row.request, row.status,
                    min == max ? Long.toString(min) : min + "–" + max,
                    row.operations.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
        List<String> above = rows.stream().filter(row -> row.calls.stream().anyMatch(calls -> calls != 1))
                .map(row -> row.route + " (" + row.request + "): " + row.calls).distinct().toList();
        System.out.println();
        System.out.println(above.isEmpty() ? "Every request measured costs exactly one Data API call."
                : "Requests that cost other than one Data API call: " + String.join("; ", above) + ".");
        System.out.println("Machine: " + Repo.machine());
    }
}
