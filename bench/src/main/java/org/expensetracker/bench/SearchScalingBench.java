package org.expensetracker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.entry.PageRequest;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.entry.DataApiEntryRepository;
import org.expensetracker.local.LocalStack;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;

/**
 * Search and listing as one user's data grows from 10,000 to 1,000,000 entries, among 2,000,000 rows
 * of 20 other users: p50/p95 of {@code GET /entries?q=<word>} for a word in 1% of the user's rows and
 * for a rare word (in 20 of them), and of a one-month date-range list, each {@value #REQUESTS} times
 * through the local HTTP API as a client; beside them the same Data API statement sent alone, and
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of exactly the statement the repository sends (captured from
 * its RDS Data API request and run through the same local Data API), which shows the indexes used.
 * The plan can depend on ANALYZE's random sample, so each query is planned under {@value #CENSUS} fresh
 * samples and measured under every plan that came up. Rows are seeded in a few big INSERT … SELECT
 * statements over JDBC, then VACUUM ANALYZE. Prints Markdown.
 */
public final class SearchScalingBench {
    private static final int OTHER_OWNERS = 20;
    private static final int OTHER_ROWS_EACH = 100_000;
    private static final int SMALL = 10_000;
    private static final int LARGE = 1_000_000;
    /** Warm-up requests per query before each size is measured (the first size would otherwise pay for JIT). */
    private static final int WARMUP = 30;
    private static final int REQUESTS = 50;
    /** Fresh ANALYZE samples per query and size, to see every plan the planner may pick. */
    private static final int CENSUS = 8;
    /** In 1% of every owner's rows (i % 100 = 37). */
    static final String COMMON_WORD = "zanzibar";
    /** In 20 rows of every owner (i % 500 = 3, i ≤ 10,000), whatever the size. */
    static final String RARE_WORD = "quokka";

    private final LocalStack stack;
    private final BenchApi api;
    private final String owner;
    private final RdsDataClient dataApi = DataApiClients.client();

    private SearchScalingBench(LocalStack stack, BenchApi api) throws Exception {
        this.stack = stack;
        this.api = api;
        this.owner = api.ownerId();
    }

    /** One kind of request, as the client sends it and as the repository filters it. */
    private record Query(String label, String path, Map<String, String> filter) {
    }

    private static final List<Query> QUERIES = List.of(
            new Query("q=" + COMMON_WORD + " (1% of the user's rows)", "/entries?q=" + COMMON_WORD, Map.of("q", COMMON_WORD)),
            new Query("q=" + RARE_WORD + " (20 of the user's rows)", "/entries?q=" + RARE_WORD, Map.of("q", RARE_WORD)),
            new Query("one month (from=2025-06-01&to=2025-06-30)", "/entries?from=2025-06-01&to=2025-06-30",
                    Map.of("from", "2025-06-01", "to", "2025-06-30")));

    private record Measured(Query query, int userRows, int chosen, int items, boolean more, List<Double> apiMillis,
                            List<Double> dataApiMillis, String sql, String parameters, List<String> plan) {
        double p(double quantile) {
            return percentile(apiMillis, quantile);
        }

        double dataApiP50() {
            return percentile(dataApiMillis, 0.5);
        }

        String executionMs() {
            return plan.stream().filter(line -> line.startsWith("Execution Time:")).findFirst()
                    .map(line -> line.replaceAll("[^0-9.]", "")).orElse("?");
        }

        String indexes() {
            Set<String> used = new LinkedHashSet<>();
            Matcher matcher = Pattern.compile("(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\\w+)")
                    .matcher(String.join("\n", plan));
            while (matcher.find()) {
                used.add(matcher.group(1) + " " + matcher.group(2));
            }
            return used.isEmpty() ? "none (Seq Scan)" : String.join(", ", used);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("bench-search");
        System.out.println("disk before: " + disk(dataDir));
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withDataDir(dataDir)
                .withMaintenanceInterval(Duration.ofHours(1)))) {
            SearchScalingBench bench = new SearchScalingBench(stack, BenchApi.signUp(stack));
            bench.seedOthers();
            bench.seedUser(1, SMALL);
            List<Measured> small = bench.measureAll(SMALL);
            bench.seedUser(SMALL + 1, LARGE);
            List<Measured> large = bench.measureAll(LARGE);
            System.out.println("disk with " + String.format("%,d", bench.rows()) + " rows: " + disk(dataDir));
            print(small, large);
            bench.dataApi.close();
        } finally {
            Repo.deleteQuietly(dataDir);
            System.out.println("disk after clean-up: " + disk(dataDir.getParent()));
        }
    }

    // ------------------------------------------------------------------ seeding

    private void seedOthers() throws SQLException {
        List<String> owners = new ArrayList<>();
        for (int i = 1; i <= OTHER_OWNERS; i++) {
            owners.add("bench-other-%02d".formatted(i));
        }
        long start = System.nanoTime();
        try (Connection connection = stack.postgresDataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT.formatted(
                     "unnest(?::text[]) WITH ORDINALITY AS o(owner, n), generate_series(1, ?) AS i"))) {
            insert.setArray(1, connection.createArrayOf("text", owners.toArray()));
            insert.setInt(2, OTHER_ROWS_EACH);
            insert.executeUpdate();
        }
        vacuumAnalyze();
        System.out.printf("seeded %,d rows of %d other users in %.1f s%n", (long) OTHER_OWNERS * OTHER_ROWS_EACH,
                OTHER_OWNERS, (System.nanoTime() - start) / 1e9);
    }

    /** The user's rows i = from..to, in one statement (the same generator as the other users'). */
    private void seedUser(int from, int to) throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = stack.postgresDataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT.formatted(
                     "(SELECT ?::text AS owner, 0 AS n) AS o, generate_series(?, ?) AS i"))) {
            insert.setString(1, owner);
            insert.setInt(2, from);
            insert.setInt(3, to);
            insert.executeUpdate();
        }
        vacuumAnalyze();
        System.out.printf("seeded the user's rows %,d–%,d in %.1f s%n", from, to, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Entries as people write them: a date over four years, mostly debits, a category from a dozen, a
     * description of two everyday phrases plus a number; the common word in 1% of the rows, the rare
     * word in 20. %s is the FROM list giving {@code o.owner}, {@code o.n} and {@code i}.
     */
    private static final String INSERT = """
            INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category, description,
                                 create_fingerprint)
            SELECT o.owner, gen_random_uuid(), date '2026-11-30' - ((i * 7 + o.n::int * 13) %% 1461),
                   CASE WHEN i %% 8 = 0 THEN 'CREDIT' ELSE 'DEBIT' END,
                   (i::bigint * 7919 %% 500000) / 100.0 + 1, 'INR',
                   c[1 + (i * 13 + o.n::int) %% cardinality(c)],
                   w[1 + (i * 31 + o.n::int) %% cardinality(w)] || ', ' || w[1 + (i * 17 + 5) %% cardinality(w)]
                       || CASE WHEN i %% 100 = 37 THEN ' zanzibar' ELSE '' END
                       || CASE WHEN i %% 500 = 3 AND i <= 10000 THEN ' quokka' ELSE '' END
                       || ' #' || i,
                   'bench'
              FROM %s,
                   (SELECT ARRAY['Food', 'Groceries', 'Transport', 'Rent', 'Utilities', 'Health', 'Shopping',
                                 'Entertainment', 'Travel', 'Salary', 'Gifts', 'Office'] AS c,
                           ARRAY['Lunch with the team', 'Taxi from the airport', 'Milk, eggs and bread',
                                 'Monthly rent for the flat', 'Refund for headphones', 'Pharmacy receipt',
                                 'Fuel top-up on the highway', 'Streaming subscription', 'Electricity bill',
                                 'Coffee and a croissant', 'Train ticket to Pune', 'Office chair',
                                 'Dinner at Cafe Mondegar', 'Hardware store: screws, paint', 'Gym membership',
                                 'Gift for a birthday'] AS w) AS p""";

    private void vacuumAnalyze() throws SQLException {
        try (Connection connection = stack.postgresDataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE entries");
        }
    }

    private long rows() throws SQLException {
        try (Connection connection = stack.postgresDataSource().getConnection(); Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM entries")) {
            result.next();
            return result.getLong(1);
        }
    }

    // ------------------------------------------------------------------ measuring

    /**
     * Per query: which plans PostgreSQL picks over {@value #CENSUS} fresh ANALYZE samples (the estimate for
     * {@code LIKE '%word%'} comes from the few histogram entries the random sample happens to contain), then
     * for each plan it picked, statistics that make it pick that plan again and the requests measured under it.
     */
    private List<Measured> measureAll(int userRows) throws Exception {
        List<Measured> results = new ArrayList<>();
        for (Query query : QUERIES) {
            ExecuteStatementRequest request = statementOf(query);
            Map<String, Integer> census = new LinkedHashMap<>();
            for (int i = 0; i < CENSUS; i++) {
                analyze();
                census.merge(plan(request), 1, Integer::sum);
            }
            List<String> plans = census.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .map(Map.Entry::getKey).toList();
            for (String plan : plans) {
                if (!reanalyzeUntil(request, plan)) {
                    System.out.printf("%,d rows: %s: could not get plan back after %d ANALYZE runs%n", userRows, query.label,
                            CENSUS * 2);
                    continue;
                }
                Measured measured = measure(query, request, userRows, census.get(plan));
                results.add(measured);
                System.out.printf("%,d rows: %-45s plan in %d of %d ANALYZE samples: p50 %6.1f ms, p95 %6.1f ms,"
                                + " Data API alone p50 %6.1f ms, execution %s ms, %s%n", userRows, query.label,
                        measured.chosen, CENSUS, measured.p(0.5), measured.p(0.95), measured.dataApiP50(),
                        measured.executionMs(), measured.indexes());
            }
        }
        analyze();
        return results;
    }

    private Measured measure(Query query, ExecuteStatementRequest request, int userRows, int chosen) throws Exception {
        List<Double> apiMillis = new ArrayList<>();
        JsonNode page = null;
        for (int i = 0; i < WARMUP + REQUESTS; i++) {
            long start = System.nanoTime();
            page = api.ok("GET", query.path, null);
            if (i >= WARMUP) {
                apiMillis.add((System.nanoTime() - start) / 1e6);
            }
        }
        List<Double> dataApiMillis = new ArrayList<>();
        for (int i = 0; i < WARMUP + REQUESTS; i++) {
            long start = System.nanoTime();
            dataApi.executeStatement(request);
            if (i >= WARMUP) {
                dataApiMillis.add((System.nanoTime() - start) / 1e6);
            }
        }
        List<String> plan = explain(request, "ANALYZE, BUFFERS");
        return new Measured(query, userRows, chosen, page.path("items").size(), !page.path("nextCursor").isNull(),
                apiMillis, dataApiMillis, request.sql(), request.parameters().stream()
                .map(parameter -> parameter.name() + "=" + value(parameter.value())
                        + (parameter.typeHintAsString() == null ? "" : " (" + parameter.typeHintAsString() + ")"))
                .collect(Collectors.joining(", ")), plan);
    }

    /** The plan's shape (EXPLAIN with COSTS OFF): the same text means the same plan. */
    private String plan(ExecuteStatementRequest request) {
        return String.join("\n", explain(request, "COSTS OFF"));
    }

    private boolean reanalyzeUntil(ExecuteStatementRequest request, String plan) throws SQLException {
        for (int i = 0; i < CENSUS * 2; i++) {
            if (plan(request).equals(plan)) {
                return true;
            }
            analyze();
        }
        return plan(request).equals(plan);
    }

    /** EXPLAIN of the statement with its parameters, through the same local Data API the functions use. */
    private List<String> explain(ExecuteStatementRequest request, String options) {
        List<String> lines = new ArrayList<>();
        dataApi.executeStatement(request.toBuilder().sql("EXPLAIN (" + options + ") " + request.sql()).build())
                .records().forEach(record -> lines.add(record.get(0).stringValue()));
        return lines;
    }

    private void analyze() throws SQLException {
        try (Connection connection = stack.postgresDataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE entries");
        }
    }

    private static String value(software.amazon.awssdk.services.rdsdata.model.Field field) {
        return field.stringValue() != null ? "'" + field.stringValue() + "'" : String.valueOf(field.longValue());
    }

    /**
     * The Data API request the entry repository sends for this filter (first page, default limit), captured
     * from the repository itself, so the EXPLAIN is of exactly that statement with exactly those parameters.
     */
    private ExecuteStatementRequest statementOf(Query query) {
        AtomicReference<ExecuteStatementRequest> captured = new AtomicReference<>();
        RdsDataClient capturing = (RdsDataClient) Proxy.newProxyInstance(RdsDataClient.class.getClassLoader(),
                new Class<?>[] {RdsDataClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("executeStatement") && args != null && args.length == 1
                            && args[0] instanceof ExecuteStatementRequest request) {
                        captured.set(request);
                    }
                    try {
                        return method.invoke(dataApi, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Map<String, String> env = stack.functionEnvironment();
        new DataApiEntryRepository(DataApiClients.sql(capturing, env::get))
                .list(new OwnerId(owner), EntryFilter.parse(query.filter::get), PageRequest.parse(null, null));
        if (captured.get() == null) {
            throw new IllegalStateException("the repository sent no ExecuteStatement for " + query.label);
        }
        return captured.get();
    }

    // ------------------------------------------------------------------ report

    private static void print(List<Measured> small, List<Measured> large) {
        System.out.println();
        System.out.printf("Search and listing, one user among %,d rows of %d other users; per plan PostgreSQL picked over %d"
                        + " fresh ANALYZE samples, %d requests through the local HTTP API after %d warm-up; \"Data API alone\" ="
                        + " the repository's statement sent straight to the local Data API; execution = EXPLAIN ANALYZE of it:%n",
                (long) OTHER_OWNERS * OTHER_ROWS_EACH, OTHER_OWNERS, CENSUS, REQUESTS, WARMUP);
        System.out.println();
        System.out.println("| request | user's rows | plan picked | items (more?) | p50 ms | p95 ms | Data API alone p50 ms |"
                + " execution ms | indexes used |");
        System.out.println("|---|---:|---:|---|---:|---:|---:|---:|---|");
        for (Query query : QUERIES) {
            for (Measured m : Stream.concat(small.stream(), large.stream()).filter(m -> m.query == query).toList()) {
                System.out.printf("| %s | %,d | %d of %d | %d%s | %.1f | %.1f | %.1f | %s | %s |%n", m.query.label, m.userRows,
                        m.chosen, CENSUS, m.items, m.more ? " (+ next page)" : "", m.p(0.5), m.p(0.95), m.dataApiP50(),
                        m.executionMs(), m.indexes());
            }
        }
        System.out.println();
        System.out.println("1M / 10k, the 10k side under its usual plan, the 1M side under each plan it was seen to pick:");
        System.out.println();
        System.out.println("| request | 1M plan (picked) | p50 1M / 10k | p95 1M / 10k | Data API alone p50 1M / 10k | within 2×? |");
        System.out.println("|---|---|---:|---:|---:|---|");
        for (Query query : QUERIES) {
            Measured s = small.stream().filter(m -> m.query == query).findFirst().orElseThrow();
            for (Measured l : large.stream().filter(m -> m.query == query).toList()) {
                double p50 = l.p(0.5) / s.p(0.5);
                double p95 = l.p(0.95) / s.p(0.95);
                System.out.printf("| %s | %s (%d of %d) | %.2f× | %.2f× | %.2f× | %s |%n", query.label, l.indexes(), l.chosen,
                        CENSUS, p50, p95, l.dataApiP50() / s.dataApiP50(), p50 <= 2 && p95 <= 2 ? "yes" : "no");
            }
        }
        for (Measured m : Stream.concat(small.stream(), large.stream()).toList()) {
            System.out.println();
            System.out.printf("EXPLAIN (ANALYZE, BUFFERS), %,d rows, %s, plan picked in %d of %d ANALYZE samples:%n",
                    m.userRows, m.query.label, m.chosen, CENSUS);
            System.out.println();
            System.out.println("```");
            System.out.println(m.sql);
            System.out.println("-- " + m.parameters);
            m.plan.forEach(System.out::println);
            System.out.println("```");
        }
        System.out.println();
        System.out.println("Machine: " + Repo.machine());
    }

    private static double percentile(List<Double> values, double quantile) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(quantile * sorted.size()) - 1)));
    }

    private static String disk(Path path) {
        File file = path.toFile();
        return "%.1f GB free of %.1f GB on the file system of %s".formatted(file.getUsableSpace() / 1e9,
                file.getTotalSpace() / 1e9, path);
    }
}
