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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
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
import org.expensetracker.exportworker.ExportWorkerHandler;
import org.expensetracker.local.LocalStack;
import org.expensetracker.local.gateway.LocalLambdaContext;
import org.expensetracker.storage.S3Clients;
import org.postgresql.PGConnection;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Export throughput and memory: N entries (10,000 and 100,000) exported as CSV (debitCredit, no
 * filters) by the real export worker — Data API keyset pages → CSV writer → S3 multipart upload —
 * against PostgreSQL's own {@code COPY … TO STDOUT WITH CSV} of the same rows on the same database,
 * the floor of what any export can cost. The worker runs on this thread, invoked directly with an
 * SQS event as the event source mapping would; the export's heap growth is read from the heap
 * pools' peaks. Prints Markdown tables.
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
    /** Wall time spent inside Data API calls and inside S3 calls, on the worker's thread. */
    private final CallTimer dataApiCalls = new CallTimer();
    private final CallTimer s3Calls = new CallTimer();
    private final S3Client s3;
    private final HeapWatch heap = new HeapWatch();

    private ExportBench(LocalStack stack) {
        this.stack = stack;
        this.postgres = stack.postgresDataSource();
        Map<String, String> env = stack.functionEnvironment();
        this.jobs = new DataApiExportRepository(DataApiClients.sql(DataApiClients.client(), env::get));
        // The clients the worker builds for itself on Lambda, each behind a stopwatch.
        this.s3 = S3Clients.client();
        this.worker = new ExportWorkerHandler(env::get,
                DataApiClients.sql(timed(RdsDataClient.class, DataApiClients.client(), dataApiCalls), env::get),
                timed(S3Client.class, s3, s3Calls));
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
            deleteQuietly(dataDir);
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
        for (int run = 0; run < RUNS; run++) {
            // Alternated, so drift (autovacuum, the page cache) touches both alike.
            exports.add(export(owner, rows));
            copies.add(copy(owner, rows));
        }
        return new Result(rows, exports, copies);
    }

    /**
     * Seeds {@code rows} live entries for a new owner in one statement: descriptions of 20–120
     * characters, some with commas, quotes or a line break; categories from a small set; dates over
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
                            left(w[1 + i * 31 % cardinality(w)] || ', ' || w[1 + (i * 17 + 5) % cardinality(w)]
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
        ExportRequest request = ExportRequest.parse(null, Map.of(), "csv", "debitCredit");
        ExportJob job = jobs.create(owner, request, request.fingerprint(),
                ExportJob.objectKey(owner, request.id(), request.format())).job();
        SQSEvent event = message(owner, job);
        LocalLambdaContext context = new LocalLambdaContext(UUID.randomUUID().toString(), "export-worker", 900_000, 1024);

        heap.begin();
        dataApiCalls.reset();
        s3Calls.reset();
        long allocatedBefore = allocatedBytes();
        long start = System.nanoTime();
        SQSBatchResponse response = worker.handleRequest(event, context);
        long nanos = System.nanoTime() - start;
        long allocated = allocatedBytes() - allocatedBefore;
        HeapWatch.Growth growth = heap.end();

        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("the export failed: " + response.getBatchItemFailures());
        }
        ExportJob done = jobs.find(owner, job.id()).orElseThrow();
        if (done.status() != ExportStatus.SUCCEEDED || done.rowCount() != expectedRows) {
            throw new IllegalStateException("export ended " + done.status() + " with " + done.rowCount() + " rows");
        }
        s3.deleteObject(b -> b.bucket(stack.receiptsBucket()).key(job.objectKey()));
        return new ExportRun(nanos / 1e9, done.bytes(), growth, allocated, dataApiCalls.snapshot(), s3Calls.snapshot());
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

    private static void print(List<Result> results) {
        System.out.println();
        System.out.println("| rows | export s | rows/s | export MB | peak heap MB | COPY s | ratio |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            double seconds = r.exportSeconds();
            System.out.printf("| %,d | %.2f | %,.0f | %.1f | %.0f | %.3f | %.0f× |%n", r.rows, seconds, r.rows / seconds,
                    r.exportMb(), r.peakHeapMb(), r.copySeconds(), seconds / r.copySeconds());
        }
        System.out.println();
        Result small = results.get(0);
        Result large = results.get(results.size() - 1);
        System.out.printf("Peak heap during the export: %.0f MB at %,d rows, %.0f MB at %,d rows (%.1f× for %.0f× the rows;"
                        + " flat memory means close to 1×).%n", small.peakHeapMb(), small.rows, large.peakHeapMb(),
                large.rows, large.peakHeapMb() / small.peakHeapMb(), (double) large.rows / small.rows);
        System.out.printf("Highest heap after a GC during the export: %s at %,d rows, %s at %,d rows"
                        + " (what survives a collection; the peak above is mostly garbage waiting for the next one).%n",
                small.liveAfterGcMb(), small.rows, large.liveAfterGcMb(), large.rows);
        System.out.println();
        System.out.println("Where the export's time goes (medians of " + RUNS + " runs; Data API and S3 are the wall time"
                + " of their calls on the worker thread, the rest is row mapping + CSV):");
        System.out.println();
        System.out.println("| rows | Data API calls | Data API s | S3 calls | S3 s | rest s | allocated MB |"
                + " allocated B/row | GCs | eden / survivor / old peak growth MB |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Result r : results) {
            ExportRun typical = r.medianRun();
            double rest = typical.seconds - typical.dataApi.seconds() - typical.s3.seconds();
            System.out.printf("| %,d | %d | %.2f | %d | %.2f | %.2f | %s | %s | %d | %s |%n", r.rows, typical.dataApi.calls,
                    typical.dataApi.seconds(), typical.s3.calls, typical.s3.seconds(), rest, r.allocatedMb(),
                    r.allocatedPerRow(), typical.heap.collections, typical.heap.byPoolMb());
        }
        System.out.println();
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

    @SuppressWarnings("unchecked")
    private static <T> T timed(Class<T> type, T delegate, CallTimer timer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            // Service operations return a response; the builders' convenience overloads end in them, counted once.
            boolean operation = SdkResponse.class.isAssignableFrom(method.getReturnType());
            long start = System.nanoTime();
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (operation) {
                    timer.add(System.nanoTime() - start);
                }
            }
        });
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private record Result(int rows, List<ExportRun> exports, List<CopyRun> copies) {
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
            if (exports.stream().anyMatch(run -> run.heap.collections == 0)) {
                return "– (no GC in some run)";
            }
            return "%.0f MB".formatted(medianOf(exports, run -> run.heap.maxAfterGcGrowth / MB));
        }

        String allocatedMb() {
            return exports.get(0).allocated < 0 ? "n/a" : "%.0f".formatted(medianOf(exports, run -> run.allocated / MB));
        }

        String allocatedPerRow() {
            return exports.get(0).allocated < 0 ? "n/a" : "%,.0f".formatted(medianOf(exports, run -> (double) run.allocated / rows));
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

    /** Calls and their summed wall time; used from the worker's thread only. */
    private static final class CallTimer {
        private int calls;
        private long nanos;

        void add(long elapsed) {
            calls++;
            nanos += elapsed;
        }

        void reset() {
            calls = 0;
            nanos = 0;
        }

        Totals snapshot() {
            return new Totals(calls, nanos);
        }

        record Totals(int calls, long nanos) {
            double seconds() {
                return nanos / 1e9;
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
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private volatile boolean watching;
        private long usedBefore;
        private Map<String, Long> poolsBefore;

        HeapWatch() {
            NotificationListener listener = (notification, handback) -> {
                if (!watching || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (MemoryPoolMXBean pool : pools) {
                    MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                    used += after == null ? 0 : after.getUsed();
                }
                collections.incrementAndGet();
                maxAfterGc.accumulateAndGet(used, Math::max);
            };
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
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
            collections.set(0);
            watching = true;
        }

        Growth end() {
            Map<String, Long> peakGrowth = new LinkedHashMap<>();
            long peak = 0;
            for (MemoryPoolMXBean pool : pools) {
                long used = pool.getPeakUsage().getUsed();
                peak += used;
                peakGrowth.put(pool.getName(), used - poolsBefore.get(pool.getName()));
            }
            try {
                Thread.sleep(100); // GC notifications arrive on their own thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watching = false;
            return new Growth(peak - usedBefore, maxAfterGc.get() - usedBefore, (int) collections.get(), peakGrowth);
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
