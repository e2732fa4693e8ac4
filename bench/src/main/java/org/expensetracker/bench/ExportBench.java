package org.expensetracker.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.export.ExportJob;
import org.expensetracker.core.export.ExportRequest;
import org.expensetracker.core.export.ExportStatus;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.export.DataApiExportRepository;
import org.expensetracker.dataapi.export.ExportRowsQuery;
import org.expensetracker.exportworker.ExportWorkerHandler;
import org.expensetracker.local.LocalStack;
import org.expensetracker.local.gateway.LocalLambdaContext;
import org.expensetracker.storage.S3Clients;
import org.postgresql.PGConnection;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Export throughput and memory: N entries (10,000 and 100,000) exported as CSV (debitCredit, no
 * filters) by the real export worker — Data API keyset pages → CSV writer → S3 multipart upload —
 * against PostgreSQL's own {@code COPY … TO STDOUT WITH CSV} of the same rows on the same database,
 * the floor of what any export can cost. The worker is invoked on this thread, directly with an
 * SQS event as the event source mapping would; it reads pages ahead and uploads parts on two helper
 * threads of its own, so its Data API and S3 calls overlap with its CSV writing. The export's heap
 * growth is read from the heap pools' peaks. Prints Markdown tables.
 */
public final class ExportBench {
    private static final int[] SIZES = {10_000, 100_000};
    private static final int WARMUP_ROWS = 2_000;
    private static final int RUNS = 3;
    private static final double MB = 1024.0 * 1024.0;

    private final LocalStack stack;
    private final DataSource postgres;
    private final DataApiExportRepository jobs;
    private final ExportWorkerHandler worker;
    /** Time and allocation inside Data API calls and inside S3 calls, on the thread that made them. */
    private final CallTimer dataApiCalls = new CallTimer();
    /** The row limit of each page statement of the last export, in order, for the JDBC replay. */
    private final List<Long> pageLimits = Collections.synchronizedList(new ArrayList<>());
    private final CallTimer s3Calls = new CallTimer();
    private final S3Client s3;
    private final HeapWatch heap = new HeapWatch();
    private final LiveHeapProbe liveHeap = new LiveHeapProbe();

    private ExportBench(LocalStack stack) {
        this.stack = stack;
        this.postgres = stack.postgresDataSource();
        Map<String, String> env = stack.functionEnvironment();
        this.jobs = new DataApiExportRepository(DataApiClients.sql(DataApiClients.client(), env::get));
        // The clients the worker builds for itself on Lambda, each behind a stopwatch.
        this.s3 = S3Clients.client();
        this.worker = new ExportWorkerHandler(env::get,
                DataApiClients.sql(timed(RdsDataClient.class, DataApiClients.client(), dataApiCalls, this::afterDataApiCall),
                        env::get),
                timed(S3Client.class, s3, s3Calls, request -> { }));
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("bench-exports");
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withDataDir(dataDir))) {
            ExportBench bench = new ExportBench(stack);
            String warmupOwner = bench.seed(WARMUP_ROWS);
            List<Result> results = new ArrayList<>();
            for (int rows : SIZES) {
                results.add(bench.measure(rows, warmupOwner));
            }
            print(results);
        } finally {
            Repo.deleteQuietly(dataDir);
        }
    }

    private Result measure(int rows, String warmupOwner) throws Exception {
        long seedStart = System.nanoTime();
        String owner = seed(rows);
        System.out.printf("seeded %,d entries in %.1f s%n", rows, (System.nanoTime() - seedStart) / 1e9);
        export(warmupOwner, WARMUP_ROWS);
        copy(owner, rows);
        List<ExportRun> exports = new ArrayList<>();
        List<CopyRun> copies = new ArrayList<>();
        List<Double> pages = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            // Alternated, so drift (autovacuum, the page cache) touches all alike.
            exports.add(export(owner, rows));
            List<Long> limits = List.copyOf(pageLimits);
            copies.add(copy(owner, rows));
            pages.add(jdbcPages(owner, rows, limits));
        }
        // One more, untimed: a full GC after every few pages tells what the export holds on to.
        long liveGrowth = liveHeapDuringExport(owner, rows);
        return new Result(rows, exports, copies, median(pages), liveGrowth);
    }

    /**
     * Seeds {@code rows} live entries for a new owner in one statement: descriptions of 20–120
     * characters, many with commas, some with quotes or a line break; categories from a small set; dates over
     * four years; one entry in eight a CREDIT; mostly INR.
     */
    private String seed(int rows) throws SQLException {
        String owner = "bench-" + UUID.randomUUID();
        try (Connection connection = postgres.getConnection();
             var insert = connection.prepareStatement("""
                     INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category,
                                          description, create_fingerprint)
                     SELECT ?, gen_random_uuid(), date '2026-11-30' - (i * 7 % 1461),
                            CASE WHEN i % 8 = 0 THEN 'CREDIT' ELSE 'DEBIT' END,
                            CASE WHEN i % 8 = 0 THEN (i::bigint * 7919 % 25000000) / 100.0 + 100
                                 ELSE (i::bigint * 7919 % 500000) / 100.0 + 1 END,
                            CASE WHEN i % 25 = 0 THEN 'EUR' WHEN i % 40 = 0 THEN 'USD' ELSE 'INR' END,
                            c[1 + i * 13 % cardinality(c)],
                            left(w[1 + i * 31 % cardinality(w)] || ' ' || w[1 + (i * 17 + 5) % cardinality(w)]
                                 || ' ' || w[1 + (i / 3 + 7) % cardinality(w)] || ' '
                                 || w[1 + (i / 11) % cardinality(w)] || ' #' || i,
                                 20 + i * 37 % 101),
                            'bench'
                       FROM generate_series(1, ?) AS i,
                            (SELECT ARRAY['Food', 'Groceries', 'Transport', 'Rent', 'Utilities', 'Health',
                                          'Shopping', 'Entertainment', 'Travel', 'Salary', 'Gifts', 'Office'] AS c,
                                    ARRAY['Lunch with the team, split four ways', 'Taxi from the airport to the hotel',
                                          'Groceries: milk, eggs, bread, butter', 'Monthly rent for the flat',
                                          'Refund for "damaged" headphones', E'Pharmacy\\nreceipt attached',
                                          'Fuel top-up on the highway', 'Streaming subscription',
                                          'Electricity bill for March', 'Coffee and a "quick" croissant',
                                          'Train ticket to Pune, return', 'Office chair (ergonomic)',
                                          'Dinner at Café Mondegar', 'Hardware store: screws; paint',
                                          'Gym membership, quarterly', 'Gift for Priya''s birthday'] AS w) AS p""")) {
            insert.setString(1, owner);
            insert.setInt(2, rows);
            int inserted = insert.executeUpdate();
            if (inserted != rows) {
                throw new IllegalStateException("seeded " + inserted + " of " + rows);
            }
        }
        try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
            // Fresh statistics and visibility map, and no autovacuum of the new rows during the runs.
            statement.execute("VACUUM ANALYZE entries");
        }
        return owner;
    }

    /** One export through the real worker, timed, with its heap growth and the allocation of this thread. */
    private ExportRun export(String ownerId, long expectedRows) {
        OwnerId owner = new OwnerId(ownerId);
        ExportJob job = newJob(owner);
        SQSEvent event = message(owner, job);
        LocalLambdaContext context = context();

        heap.begin();
        dataApiCalls.reset();
        s3Calls.reset();
        pageLimits.clear();
        long allocatedBefore = allocatedBytes();
        long start = System.nanoTime();
        SQSBatchResponse response = worker.handleRequest(event, context);
        long nanos = System.nanoTime() - start;
        long allocated = allocatedBytes() - allocatedBefore;
        HeapWatch.Growth growth = heap.end();

        ExportJob done = verified(owner, job, response, expectedRows);
        return new ExportRun(nanos / 1e9, done.bytes(), growth, allocated, dataApiCalls.snapshot(), s3Calls.snapshot());
    }

    /**
     * An export with a full GC after every {@value LiveHeapProbe#EVERY}th Data API call (while the page
     * just read and the one before are referenced): the most the heap held, above what it held before.
     */
    private long liveHeapDuringExport(String ownerId, long expectedRows) {
        OwnerId owner = new OwnerId(ownerId);
        ExportJob job = newJob(owner);
        SQSEvent event = message(owner, job);
        liveHeap.start();
        SQSBatchResponse response;
        try {
            response = worker.handleRequest(event, context());
        } finally {
            liveHeap.stop();
        }
        verified(owner, job, response, expectedRows);
        return liveHeap.maxGrowth();
    }

    private ExportJob newJob(OwnerId owner) {
        ExportRequest request = ExportRequest.parse(null, Map.of(), "csv", "debitCredit");
        return jobs.create(owner, request, request.fingerprint(),
                ExportJob.objectKey(owner, request.id(), request.format())).job();
    }

    private static LocalLambdaContext context() {
        return new LocalLambdaContext(UUID.randomUUID().toString(), "export-worker", 900_000, 1024);
    }

    /** Checks the run succeeded with every row, and removes its file; returns the finished job. */
    private ExportJob verified(OwnerId owner, ExportJob job, SQSBatchResponse response, long expectedRows) {
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("the export failed: " + response.getBatchItemFailures());
        }
        ExportJob done = jobs.find(owner, job.id()).orElseThrow();
        if (done.status() != ExportStatus.SUCCEEDED || done.rowCount() != expectedRows) {
            throw new IllegalStateException("export ended " + done.status() + " with " + done.rowCount() + " rows");
        }
        s3.deleteObject(b -> b.bucket(stack.receiptsBucket()).key(job.objectKey()));
        return done;
    }

    private static SQSEvent message(OwnerId owner, ExportJob job) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody("{\"ownerId\":\"" + owner.value() + "\",\"exportId\":\"" + job.id() + "\"}");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setEventSource("aws:sqs");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    /** The same rows, same order, by PostgreSQL itself, into a stream that only counts. */
    private CopyRun copy(String owner, long expectedRows) throws SQLException, IOException {
        String sql = """
                COPY (SELECT entry_date, entry_type, amount, currency, category, description, id FROM entries
                       WHERE owner_id = '%s' AND deleted_at IS NULL ORDER BY entry_date DESC, id DESC)
                  TO STDOUT WITH CSV""".formatted(owner.replace("'", "''"));
        try (Connection connection = postgres.getConnection()) {
            var copyApi = connection.unwrap(PGConnection.class).getCopyAPI();
            CountingOutputStream out = new CountingOutputStream();
            long start = System.nanoTime();
            long copied = copyApi.copyOut(sql, out);
            long nanos = System.nanoTime() - start;
            if (copied != expectedRows) {
                throw new IllegalStateException("COPY gave " + copied + " rows of " + expectedRows);
            }
            return new CopyRun(nanos / 1e9, out.count);
        }
    }

    /**
     * The worker's page statement (ExportRowsQuery's SQL, no filters) over plain JDBC, page after page with
     * the same keyset and the same row limits as the worker's export: what the SQL itself costs, without the
     * Data API's JSON, HTTP and SDK.
     */
    private double jdbcPages(String owner, long expectedRows, List<Long> limits) throws SQLException {
        String first = jdbc(ExportRowsQuery.pageSql(List.of()));
        String next = jdbc(ExportRowsQuery.pageSql(List.of(ExportRowsQuery.AFTER_POSITION)));
        try (Connection connection = postgres.getConnection();
             PreparedStatement firstPage = connection.prepareStatement(first);
             PreparedStatement nextPage = connection.prepareStatement(next)) {
            long rows = 0;
            Object afterDate = null;
            Object afterId = null;
            long start = System.nanoTime();
            for (long limit : limits) {
                PreparedStatement page = afterDate == null ? firstPage : nextPage;
                page.setString(1, owner);
                if (afterDate != null) {
                    page.setObject(2, afterDate);
                    page.setObject(3, afterId);
                }
                page.setLong(afterDate == null ? 2 : 4, limit);
                try (ResultSet result = page.executeQuery()) {
                    while (result.next()) {
                        String head = result.getString(1);
                        result.getString(2);
                        result.getString(3);
                        String[] keys = head.split(" ", 3);
                        afterDate = LocalDate.ofEpochDay(Long.parseLong(keys[1]));
                        afterId = UUID.fromString(keys[0]);
                        rows++;
                    }
                }
            }
            long nanos = System.nanoTime() - start;
            if (rows != expectedRows) {
                throw new IllegalStateException("JDBC pages gave " + rows + " rows of " + expectedRows);
            }
            return nanos / 1e9;
        }
    }

    /** The statement's named parameters as JDBC's positional ones; they appear as owner, after, limit. */
    private static String jdbc(String sql) {
        return sql.replaceAll(":(owner|afterDate|afterId|limit)\\b", "?");
    }

    private static void print(List<Result> results) {
        System.out.println();
        System.out.println("| rows | export s | rows/s | export MB | peak heap MB | COPY s | ratio |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            double seconds = r.exportSeconds();
            System.out.printf("| %,d | %.2f | %,.0f | %.1f | %.0f | %.3f | %.1f× |%n", r.rows, seconds, r.rows / seconds,
                    r.exportMb(), r.peakHeapMb(), r.copySeconds(), seconds / r.copySeconds());
        }
        System.out.println();
        Result small = results.get(0);
        Result large = results.get(results.size() - 1);
        System.out.printf("Peak heap during the export: %.0f MB at %,d rows, %.0f MB at %,d rows: %.1f× for %.0f× the rows"
                        + " (flat memory: close to 1×).%n", small.peakHeapMb(), small.rows, large.peakHeapMb(),
                large.rows, large.peakHeapMb() / small.peakHeapMb(), (double) large.rows / small.rows);
        System.out.printf("Live heap during the export (full GC every %d Data API calls of an extra run):"
                        + " %.1f MB at %,d rows, %.1f MB at %,d rows."
                        + " Highest heap after the timed runs' own GCs: %s at %,d rows, %s at %,d rows.%n",
                LiveHeapProbe.EVERY, small.liveGrowth / MB, small.rows, large.liveGrowth / MB, large.rows,
                small.liveAfterGcMb(), small.rows, large.liveAfterGcMb(), large.rows);
        for (Result r : results) {
            System.out.printf("Peak heap MB per run at %,d rows: %s.%n", r.rows, r.exports.stream()
                    .map(run -> "%.0f".formatted(run.heap.peakGrowth() / MB)).toList());
        }
        for (Result r : results) {
            System.out.printf("Per run at %,d rows, in order: export s %s, COPY s %s.%n", r.rows,
                    r.exports.stream().map(run -> "%.3f".formatted(run.seconds())).toList(),
                    r.copies.stream().map(run -> "%.3f".formatted(run.seconds())).toList());
        }
        System.out.println();
        System.out.println("Where the time goes (the run of median time; Data API and S3: summed wall time of their calls,"
                + " and the calling thread's CPU inside them. The worker reads pages one ahead and uploads parts on"
                + " helper threads, so these calls overlap with the CSV writing and with each other; what the export"
                + " spends outside Data API calls is mostly the last part's upload and the completion):");
        System.out.println();
        System.out.println("| rows | export s | Data API calls | Data API s | CPU in them s | same pages over JDBC s |"
                + " S3 calls | S3 s | export s − Data API s |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            ExportRun run = r.medianRun();
            System.out.printf("| %,d | %.2f | %d | %.2f | %.2f | %.2f | %d | %.2f | %.2f |%n", r.rows, run.seconds,
                    run.dataApi.calls, run.dataApi.seconds(), run.dataApi.cpuSeconds(), r.jdbcPagesSeconds,
                    run.s3.calls, run.s3.seconds(), run.seconds - run.dataApi.seconds());
        }
        System.out.println();
        String pools = String.join(" / ", small.medianRun().heap.byPool().keySet());
        System.out.println("Memory (the same run; allocated: by the worker thread itself, and inside Data API and S3 calls"
                + " on whichever thread made them; the local Data API and S3 allocate on their own threads in the same"
                + " heap):");
        System.out.println();
        System.out.println("| rows | GCs | peak growth MB by pool: " + pools + " | max after GC MB |"
                + " allocated by the worker thread MB | in Data API calls | in S3 calls | worker thread B/row |");
        System.out.println("|---:|---:|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            ExportRun run = r.medianRun();
            String afterGc = run.heap.maxAfterGcGrowth < 0 ? "– (no GC)" : "%.0f".formatted(run.heap.maxAfterGcGrowth / MB);
            System.out.printf("| %,d | %d | %s | %s | %.0f | %.0f | %.0f | %,.0f |%n", r.rows, run.heap.collections,
                    run.heap.byPoolMb(), afterGc, run.allocated / MB, run.dataApi.allocated / MB, run.s3.allocated / MB,
                    (double) run.allocated / r.rows);
        }
        System.out.println();
        System.out.println("MB = 2^20 bytes; medians of " + RUNS + " runs after a " + String.format("%,d", WARMUP_ROWS)
                + "-row warm-up export per size; COPY writes no BOM, header or formula guard.");
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", max heap " + Math.round(Runtime.getRuntime().maxMemory() / MB) + " MB");
    }

    /** Bytes allocated by this thread so far (HotSpot's ThreadMXBean), or -1 when the JVM does not tell. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    /** CPU time of this thread so far, or 0 when the JVM does not tell. */
    private static long cpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    /** After every Data API call that answered: notes a page statement's row limit, and lets the live-heap probe look. */
    private void afterDataApiCall(Object request) {
        if (request instanceof ExecuteStatementRequest statement && statement.sql().contains("AS receipts")) {
            statement.parameters().stream().filter(p -> p.name().equals("limit")).findFirst()
                    .ifPresent(limit -> pageLimits.add(limit.value().longValue()));
        }
        liveHeap.afterCall();
    }

    @SuppressWarnings("unchecked")
    private static <T> T timed(Class<T> type, T delegate, CallTimer timer, Consumer<Object> afterCall) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            // Service operations return a response; the builders' convenience overloads end in them, counted once.
            boolean operation = SdkResponse.class.isAssignableFrom(method.getReturnType());
            long allocatedBefore = allocatedBytes();
            long cpuBefore = cpuNanos();
            long start = System.nanoTime();
            boolean answered = false;
            try {
                Object response = method.invoke(delegate, args);
                answered = true;
                return response;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (operation) {
                    timer.add(System.nanoTime() - start, cpuNanos() - cpuBefore, allocatedBytes() - allocatedBefore);
                    afterCall.accept(answered && args != null && args.length > 0 ? args[0] : null);
                }
            }
        });
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private record Result(int rows, List<ExportRun> exports, List<CopyRun> copies, double jdbcPagesSeconds,
                          long liveGrowth) {
        double exportSeconds() {
            return medianOf(exports, ExportRun::seconds);
        }

        double exportMb() {
            return medianOf(exports, run -> run.bytes / MB);
        }

        double peakHeapMb() {
            return medianOf(exports, run -> run.heap.peakGrowth / MB);
        }

        String liveAfterGcMb() {
            if (exports.stream().anyMatch(run -> run.heap.maxAfterGcGrowth < 0)) {
                return "– (no GC in some run)";
            }
            return "%.0f MB".formatted(medianOf(exports, run -> run.heap.maxAfterGcGrowth / MB));
        }

        double copySeconds() {
            return medianOf(copies, CopyRun::seconds);
        }

        /** The run of median wall time, for a breakdown that adds up. */
        ExportRun medianRun() {
            return exports.stream().sorted(Comparator.comparingDouble(ExportRun::seconds)).toList().get(exports.size() / 2);
        }

        private static <T> double medianOf(List<T> runs, ToDoubleFunction<T> metric) {
            return median(runs.stream().map(run -> metric.applyAsDouble(run)).toList());
        }
    }

    private record ExportRun(double seconds, long bytes, HeapWatch.Growth heap, long allocated, CallTimer.Totals dataApi,
                             CallTimer.Totals s3) {
    }

    private record CopyRun(double seconds, long bytes) {
    }

    /**
     * Calls with their summed wall time, and CPU time and allocation on the calling thread (the worker's, or
     * the worker's helper threads: page fetches and part uploads run there, overlapping the CSV writing).
     */
    private static final class CallTimer {
        private int calls;
        private long nanos;
        private long cpuNanos;
        private long allocated;

        synchronized void add(long elapsed, long cpu, long bytes) {
            calls++;
            nanos += elapsed;
            cpuNanos += cpu;
            allocated += bytes;
        }

        synchronized void reset() {
            calls = 0;
            nanos = 0;
            cpuNanos = 0;
            allocated = 0;
        }

        synchronized Totals snapshot() {
            return new Totals(calls, nanos, cpuNanos, allocated);
        }

        record Totals(int calls, long nanos, long cpuNanos, long allocated) {
            double seconds() {
                return nanos / 1e9;
            }

            double cpuSeconds() {
                return cpuNanos / 1e9;
            }
        }
    }

    /**
     * The heap's growth over a stretch of work: the heap pools' peaks (reset at the start, after a few
     * full GCs) summed, minus what was in use at the start; and, from the GC notifications, the highest
     * heap occupancy right after a collection, which is the part of the peak that was live.
     */
    private static final class HeapWatch {
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        /** Per collector, the number of collections it had done when the watch began (a GC's id is its number). */
        private final Map<String, Long> countsAtBegin = new ConcurrentHashMap<>();
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final AtomicLong notified = new AtomicLong();
        private long usedBefore;
        private Map<String, Long> poolsBefore;

        HeapWatch() {
            NotificationListener listener = (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                Long before = countsAtBegin.get(info.getGcName());
                if (before == null || info.getGcInfo().getId() <= before) {
                    return; // not watching, or one of the System.gc() before the watch, reported late
                }
                long used = 0;
                for (MemoryPoolMXBean pool : pools) {
                    MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                    used += after == null ? 0 : after.getUsed();
                }
                notified.incrementAndGet();
                maxAfterGc.accumulateAndGet(used, Math::max);
            };
            for (GarbageCollectorMXBean collector : collectors) {
                if (collector instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                }
            }
        }

        void begin() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            poolsBefore = new LinkedHashMap<>();
            usedBefore = 0;
            for (MemoryPoolMXBean pool : pools) {
                long used = pool.getUsage().getUsed();
                poolsBefore.put(pool.getName(), used);
                usedBefore += used;
                pool.resetPeakUsage();
            }
            maxAfterGc.set(0);
            notified.set(0);
            for (GarbageCollectorMXBean collector : collectors) {
                countsAtBegin.put(collector.getName(), collector.getCollectionCount());
            }
        }

        Growth end() {
            Map<String, Long> peakGrowth = new LinkedHashMap<>();
            long peak = 0;
            for (MemoryPoolMXBean pool : pools) {
                long used = pool.getPeakUsage().getUsed();
                peak += used;
                peakGrowth.put(pool.getName(), used - poolsBefore.get(pool.getName()));
            }
            long collections = 0;
            for (GarbageCollectorMXBean collector : collectors) {
                collections += collector.getCollectionCount() - countsAtBegin.get(collector.getName());
            }
            // GC notifications arrive on their own thread, a little after the collection.
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (notified.get() < collections && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            countsAtBegin.clear();
            long maxLive = collections == 0 ? -1 : maxAfterGc.get() - usedBefore;
            return new Growth(peak - usedBefore, maxLive, (int) collections, peakGrowth);
        }

        record Growth(long peakGrowth, long maxAfterGcGrowth, int collections, Map<String, Long> byPool) {
            String byPoolMb() {
                StringBuilder text = new StringBuilder();
                for (Map.Entry<String, Long> pool : byPool.entrySet()) {
                    text.append(text.length() == 0 ? "" : " / ").append("%.0f".formatted(pool.getValue() / MB));
                }
                return text.toString();
            }
        }
    }

    /** Samples the live heap (a full GC, then the heap pools' use) after every few Data API calls while started. */
    private static final class LiveHeapProbe {
        static final int EVERY = 3;
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        private boolean active;
        private int calls;
        private long baseline;
        private long max;

        synchronized void start() {
            baseline = liveNow();
            max = baseline;
            calls = 0;
            active = true;
        }

        synchronized void afterCall() {
            if (active && ++calls % EVERY == 0) {
                max = Math.max(max, liveNow());
            }
        }

        synchronized void stop() {
            active = false;
        }

        synchronized long maxGrowth() {
            return max - baseline;
        }

        private long liveNow() {
            System.gc();
            long used = 0;
            for (MemoryPoolMXBean pool : pools) {
                used += pool.getUsage().getUsed();
            }
            return used;
        }
    }

    private static final class CountingOutputStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
