package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.local.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exports end to end: POST /exports → SQS → export worker → S3 multipart → presigned download. */
class ExportsApiTest {
    static final LocalStack STACK = TestStack.get();
    static final DataApiSql SQL = DataApiClients.sql(DataApiClients.client(), STACK.functionEnvironment()::get);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Text that breaks naive CSV: separators, quotes, line breaks, formula starters, tabs, non-ASCII. */
    static final List<String> AWKWARD = List.of("comma, inside", "quote \" inside", "new\nline", "crlf\r\nline",
            "=SUM(A1:A9)", "+44 call", "-minus first", "@handle", "\ttab first", "日本語 ä ö 😀 مرحبا", "plain",
            "\"quoted\"", "trailing space ", "semi; colon");
    static final int ROWS = 10_000;
    private static ApiClient owner;
    private static Map<String, Map<String, String>> stored;

    @BeforeAll
    static void tenThousandAwkwardEntries() {
        owner = ApiClient.newUser();
        seed(ReceiptsApiTest.sub(owner), ROWS);
        stored = storedEntries(ReceiptsApiTest.sub(owner));
        assertThat(stored).hasSize(ROWS);
    }

    /** Seeds entries straight in SQL: ten thousand API calls would test nothing more and take a minute. */
    static void seed(String ownerId, int rows) {
        String palette = String.join("\u001f", AWKWARD);
        SQL.execute(SqlStatement.of("""
                INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category, description,
                                     create_fingerprint)
                SELECT :owner, gen_random_uuid(), date '2026-01-01' + (i % 300)::int,
                       CASE WHEN i % 3 = 0 THEN 'CREDIT' ELSE 'DEBIT' END,
                       ((i * 7919) % 1000000) / 100.0 + 0.01, CASE WHEN i % 10 = 0 THEN 'EUR' ELSE 'INR' END,
                       left(p[1 + i % cardinality(p)], 60), p[1 + (i / 7) % cardinality(p)] || ' #' || i, 'seed'
                  FROM generate_series(1, :rows::int) AS i, string_to_array(:palette, E'\\x1f') AS p""")
                .bind("owner", ownerId).bind("rows", (long) rows).bind("palette", palette));
    }

    /** id → column values as the database holds them. */
    static Map<String, Map<String, String>> storedEntries(String ownerId) {
        Map<String, Map<String, String>> byId = new HashMap<>();
        String afterDate = "9999-12-31";
        String afterId = "ffffffff-ffff-ffff-ffff-ffffffffffff";
        while (true) {
            var page = SQL.execute(SqlStatement.of("""
                    SELECT id::text AS id, entry_date::text AS date, entry_type, amount::text AS amount, currency,
                           category, description
                      FROM entries WHERE owner_id = :owner AND deleted_at IS NULL
                       AND (entry_date, id) < (:d::date, :i::uuid)
                     ORDER BY entry_date DESC, id DESC LIMIT 1000""")
                    .bind("owner", ownerId).bind("d", afterDate).bind("i", afterId)).rows();
            if (page.isEmpty()) {
                return byId;
            }
            for (var row : page) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String column : List.of("date", "entry_type", "amount", "currency", "category", "description")) {
                    values.put(column, row.string(column));
                }
                byId.put(row.string("id"), values);
                afterDate = row.string("date");
                afterId = row.string("id");
            }
        }
    }

    @Test
    void givenTenThousandAwkwardEntries_whenExportedInBothLayouts_thenACsvParserReadsBackExactlyTheStoredValues() throws Exception {
        for (String layout : List.of("debitCredit", "signed")) {
            JsonNode job = awaitDone(owner, startExport(owner, Map.of("layout", layout)));
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("rowCount").asLong()).isEqualTo(ROWS);

            byte[] file = download(job);
            assertThat(job.path("bytes").asLong()).isEqualTo(file.length);
            assertThat(Arrays.copyOf(file, 3)).containsExactly(0xEF, 0xBB, 0xBF);
            List<CSVRecord> records = parse(file);
            assertThat(header(file)).isEqualTo(layout.equals("signed")
                    ? List.of("Date", "Type", "Amount", "Currency", "Category", "Description", "Receipts", "Entry ID")
                    : List.of("Date", "Type", "Debit", "Credit", "Currency", "Category", "Description", "Receipts", "Entry ID"));
            assertThat(records).hasSize(ROWS);
            Set<String> seen = new HashSet<>();
            for (CSVRecord record : records) {
                String id = record.get("Entry ID");
                assertThat(seen.add(id)).isTrue();
                Map<String, String> expected = stored.get(id);
                assertThat(expected).as("exported id %s is the owner's", id).isNotNull();
                assertThat(record.get("Date")).isEqualTo(expected.get("date"));
                assertThat(record.get("Type")).isEqualTo(expected.get("entry_type"));
                assertThat(record.get("Currency")).isEqualTo(expected.get("currency"));
                assertThat(unguard(record.get("Category"))).isEqualTo(expected.get("category"));
                assertThat(unguard(record.get("Description"))).isEqualTo(expected.get("description"));
                BigDecimal amount = new BigDecimal(expected.get("amount"));
                boolean debit = expected.get("entry_type").equals("DEBIT");
                if (layout.equals("signed")) {
                    assertThat(new BigDecimal(record.get("Amount"))).isEqualTo(debit ? amount.negate() : amount);
                } else {
                    assertThat(record.get(debit ? "Debit" : "Credit")).isEqualTo(amount.toPlainString());
                    assertThat(record.get(debit ? "Credit" : "Debit")).isEmpty();
                }
            }
            assertThat(seen).isEqualTo(stored.keySet());
            String raw = new String(file, StandardCharsets.UTF_8);
            assertThat(raw).contains("'=SUM(A1:A9)").contains("'@handle").contains("'\ttab first");
        }
    }

    @Test
    void givenFilters_whenExported_thenExactlyTheRowsTheListReturnsForThemAreExported() throws Exception {
        Map<String, String> filters = Map.of("q", "quote", "from", "2026-03-01", "to", "2026-08-31", "type", "DEBIT",
                "minAmount", "100");
        JsonNode job = awaitDone(owner, startExport(owner, filters));
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        Set<String> exported = new HashSet<>();
        for (CSVRecord record : parse(download(job))) {
            exported.add(record.get("Entry ID"));
        }

        Set<String> listed = new HashSet<>();
        String cursor = null;
        do {
            Map<String, String> query = new LinkedHashMap<>(filters);
            query.put("limit", "200");
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonNode page = owner.get("/entries" + ApiClient.query(query)).body();
            page.path("items").forEach(item -> listed.add(item.path("id").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);

        assertThat(exported).isNotEmpty().isEqualTo(listed);
        assertThat(job.path("rowCount").asLong()).isEqualTo(listed.size());
    }

    @Test
    void givenEntriesWithReceipts_whenExportedAsZip_thenTheZipHoldsTheCsvAndEveryReceiptByteIdentical() throws Exception {
        ApiClient user = ApiClient.newUser();
        Map<String, byte[]> uploaded = new HashMap<>();
        String first = user.create("2026-11-20", "DEBIT", "80.00", "Hotel", "Night, one").path("id").asText();
        String second = user.create("2026-11-21", "DEBIT", "12.50", "Food", "Lunch").path("id").asText();
        user.create("2026-11-22", "CREDIT", "500.00", "Refund", "No receipt");
        byte[] pdf = Receipts.pdf("Hotel invoice");
        byte[] jpeg = Receipts.jpeg(64, 48);
        byte[] png = Receipts.png(10, 10);
        uploaded.put(ReceiptsApiTest.awaitIndexed(user, ReceiptsApiTest.upload(user, first, "invoice.pdf",
                "application/pdf", pdf, true).path("id").asText()).path("id").asText(), pdf);
        uploaded.put(ReceiptsApiTest.awaitIndexed(user, ReceiptsApiTest.upload(user, first, "bill, page 2.jpg",
                "image/jpeg", jpeg, true).path("id").asText()).path("id").asText(), jpeg);
        uploaded.put(ReceiptsApiTest.awaitIndexed(user, ReceiptsApiTest.upload(user, second, "lunch.png",
                "image/png", png, true).path("id").asText()).path("id").asText(), png);

        JsonNode job = awaitDone(user, startExport(user, Map.of("format", "zip")));
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");

        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(download(job)))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        String csvName = entries.keySet().stream().filter(n -> n.endsWith(".csv")).findFirst().orElseThrow();
        List<CSVRecord> records = parse(entries.get(csvName));
        assertThat(records).hasSize(3);
        List<String> named = new ArrayList<>();
        for (CSVRecord record : records) {
            if (!record.get("Receipts").isEmpty()) {
                named.addAll(List.of(record.get("Receipts").split("; ")));
            }
        }
        assertThat(named).hasSize(3).allSatisfy(path -> assertThat(entries).containsKey(path));
        assertThat(entries).hasSize(4);
        for (Map.Entry<String, byte[]> receipt : uploaded.entrySet()) {
            String path = named.stream().filter(p -> p.contains(receipt.getKey())).findFirst().orElseThrow();
            assertThat(entries.get(path)).isEqualTo(receipt.getValue());
        }
    }

    @Test
    void givenTaggedEntries_whenExported_thenATagsColumnFollowsEntryIdAndAnExportWithoutTagsKeepsTheContractsColumns()
            throws Exception {
        ApiClient user = ApiClient.newUser();
        var tagged = ApiClient.entry("2026-11-21", "DEBIT", "1250.00", "Travel", "Taxi to the airport");
        tagged.putArray("tags").add("=cmd").add("Trip 2026");
        String taggedId = user.post("/entries", tagged).body().path("id").asText();
        String plainId = user.create("2026-11-20", "CREDIT", "500.00", "Salary", "November").path("id").asText();
        List<String> contract = List.of("Date", "Type", "Debit", "Credit", "Currency", "Category", "Description",
                "Receipts", "Entry ID");

        byte[] all = download(awaitDone(user, startExport(user, Map.of())));
        byte[] incomeOnly = download(awaitDone(user, startExport(user, Map.of("type", "CREDIT"))));

        List<String> withTags = new ArrayList<>(contract);
        withTags.add("Tags");
        assertThat(header(all)).containsExactlyElementsOf(withTags);
        Map<String, String> tagsById = new HashMap<>();
        parse(all).forEach(record -> tagsById.put(record.get("Entry ID"), record.get("Tags")));
        // stored lower-case, in their order, joined like receipts; a cell starting with = is guarded
        assertThat(tagsById).containsExactlyInAnyOrderEntriesOf(Map.of(taggedId, "'=cmd; trip 2026", plainId, ""));
        assertThat(header(incomeOnly)).containsExactlyElementsOf(contract);
        assertThat(parse(incomeOnly)).singleElement().satisfies(record -> assertThat(record.get("Entry ID")).isEqualTo(plainId));
    }

    @Test
    void givenAnotherUsersExport_whenRead_thenNotFoundAndExportsHoldOnlyTheirOwnersRows() throws Exception {
        ApiClient other = ApiClient.newUser();
        String own = other.create("2026-11-21", "DEBIT", "1.00", "Mine", "Only mine").path("id").asText();
        JsonNode theirs = awaitDone(other, startExport(other, Map.of()));
        JsonNode ownersJob = owner.get("/exports").body().path("items").get(0);

        assertThat(other.get("/exports/" + ownersJob.path("id").asText()).status()).isEqualTo(404);
        assertThat(owner.get("/exports/" + theirs.path("id").asText()).status()).isEqualTo(404);
        assertThat(other.get("/exports").body().path("items").findValuesAsText("id"))
                .containsExactly(theirs.path("id").asText());
        List<CSVRecord> records = parse(download(theirs));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("Entry ID")).isEqualTo(own);
    }

    @Test
    void givenBadExportRequests_whenStarted_thenValidationFailedAndNothingIsQueued() {
        int before = owner.get("/exports").body().path("items").size();
        for (Map<String, Object> body : List.of(Map.<String, Object>of("format", "pdf"), Map.<String, Object>of("layout", "wide"),
                Map.<String, Object>of("filters", Map.of("from", "2026-02-30")), Map.<String, Object>of("filters", Map.of("colour", "red")),
                Map.<String, Object>of("filters", "q=x"))) {
            ApiClient.Response response = owner.post("/exports", body);
            assertThat(response.status()).as(body.toString()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
        }
        assertThat(owner.get("/exports").body().path("items").size()).isEqualTo(before);
    }

    static String startExport(ApiClient user, Map<String, ?> filtersOrOptions) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> filters = new LinkedHashMap<>();
        filtersOrOptions.forEach((k, v) -> {
            if (k.equals("format") || k.equals("layout") || k.equals("id")) {
                body.put(k, v);
            } else {
                filters.put(k, v);
            }
        });
        body.put("filters", filters);
        ApiClient.Response response = user.post("/exports", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.body().path("status").asText()).isEqualTo("QUEUED");
        return response.body().path("id").asText();
    }

    static JsonNode awaitDone(ApiClient user, String exportId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode job;
        do {
            job = user.get("/exports/" + exportId).body();
            String status = job.path("status").asText();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                return job;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("export still running: " + job);
    }

    static byte[] download(JsonNode job) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(job.path("downloadUrl").asText()))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The data records (the first line is taken as the header, by which cells are read). */
    static List<CSVRecord> parse(byte[] file) throws IOException {
        try (CSVParser parser = parser(file)) {
            return parser.getRecords();
        }
    }

    static List<String> header(byte[] file) throws IOException {
        try (CSVParser parser = parser(file)) {
            return parser.getHeaderNames();
        }
    }

    private static CSVParser parser(byte[] file) throws IOException {
        assertThat(Arrays.copyOf(file, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        Reader reader = new InputStreamReader(new ByteArrayInputStream(file, 3, file.length - 3), StandardCharsets.UTF_8);
        return CSVFormat.RFC4180.builder().setHeader().get().parse(reader);
    }

    /** The formula-injection guard is a leading ' on text that starts with = + - @ TAB CR or LF. */
    static String unguard(String cell) {
        if (cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@\t\r\n".indexOf(cell.charAt(1)) >= 0) {
            return cell.substring(1);
        }
        return cell;
    }

    static UUID id(JsonNode job) {
        return UUID.fromString(job.path("id").asText());
    }
}
