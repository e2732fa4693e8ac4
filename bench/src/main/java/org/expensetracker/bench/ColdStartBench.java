package org.expensetracker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.expensetracker.bench.coldstart.ColdStartRunner;
import org.expensetracker.bench.coldstart.HelloWorldHandler;
import org.expensetracker.bench.coldstart.InitBreakdownProbe;
import org.expensetracker.core.config.Functions;
import org.expensetracker.local.LocalStack;
import org.expensetracker.storage.S3Clients;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cold start of every deployable function beside a hello-world handler, each in a fresh JVM that loads
 * only that function's own zip ({@code functions/<module>/target/<module>.zip}, unzipped: classes at
 * the root, {@code lib/*.jar}) plus a JDK-only runner ({@link ColdStartRunner}) that plays the Lambda
 * runtime: no-argument constructor, then the first event of {@code events/} against the running local
 * stack (endpoints by the SDK's {@code aws.endpointUrl*} system properties, settings by environment
 * variables as on Lambda). Measured in the child with the monotonic clock shared with this process:
 * JVM start (spawn → runner's main), init (handler constructed), first invoke (handleRequest returned),
 * and the classes loaded. One warm-up round, then {@value #RUNS} rounds, functions interleaved, medians; then
 * one diagnostic round per function with class-load logging and a 1 ms stack sampler to tell where the
 * time goes, and in every round {@link InitBreakdownProbe}, which repeats entries-api's init piece by piece.
 * Prints Markdown tables.
 */
public final class ColdStartBench {
    static final String SUB = "7d3c6a52-3f0e-4b8e-9a61-2f4c8e1b9a77";
    static final String ENTRY = "6f1c2a4e-8b3d-4c5e-9f10-1a2b3c4d5e6f";
    static final String DOCUMENT = "0b7e5d2a-1c4f-4e8a-9d3b-5a6c7e8f9012";
    static final String EXPORT = "3c9d1e7a-5b2f-4a60-8e14-7f2b9c0d1a35";
    /** Measured rounds, after one untimed round that warms the OS page cache and the local stack. */
    private static final int RUNS = 5;
    /** The functions whose handler primes itself in a CRaC beforeCheckpoint hook. */
    private static final List<String> PRIMED_FUNCTIONS = List.of("entries-api", "documents-api", "exports-api",
            "receipt-indexer");
    /** How the Lambda Java 17 managed runtime starts the JVM by default (C1 only, serial GC); -Xmx is added per function. */
    private static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNNER = ColdStartRunner.class.getName();

    private final LocalStack stack;
    private final Path work;
    private final byte[] receipt;

    private ColdStartBench(LocalStack stack, Path work) throws IOException {
        this.stack = stack;
        this.work = work;
        this.receipt = ReceiptLatencyBench.pdf("Blue Cab Co. fare 1250.00", "Airport to city, paid by card");
    }

    public static void main(String[] args) throws Exception {
        Path repo = Repo.root(args);
        Path work = Files.createTempDirectory("bench-coldstart");
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withDataDir(work.resolve("data"))
                .withMaintenanceInterval(Duration.ofHours(1)))) {
            ColdStartBench bench = new ColdStartBench(stack, work);
            Path runnerDir = bench.runnerDirectory();
            List<Target> targets = bench.targets(repo);
            bench.seed();

            Map<Target, List<Run>> runs = new LinkedHashMap<>();
            for (int round = 0; round <= RUNS; round++) {
                for (Target target : targets) {
                    bench.prepare(target);
                    Run run = bench.run(target, runnerDir, false);
                    target.check(run, bench);
                    if (round > 0) {
                        runs.computeIfAbsent(target, t -> new ArrayList<>()).add(run);
                    }
                    System.out.printf("%s %-16s cold start %6.0f ms (init %5.0f, first invoke %5.0f), CPU %5d ms, %,d classes: %s%n",
                            round == 0 ? "warm-up" : "round " + round, target.name, run.coldStartMs(), run.initMs(),
                            run.invokeMs(), run.cpuMillis, run.classes, run.response);
                }
            }
            // SnapStart: init and the handler's beforeCheckpoint priming happen before the snapshot; what
            // stays on a request's path is the restore (not measurable here) plus the first invoke after priming.
            Map<Target, List<Run>> primedRuns = new LinkedHashMap<>();
            for (int round = 0; round <= RUNS; round++) {
                for (Target target : targets) {
                    if (!target.hello() && !PRIMED_FUNCTIONS.contains(target.name)) {
                        continue;
                    }
                    bench.prepare(target);
                    Run run = bench.run(target, runnerDir, false, true);
                    target.check(run, bench);
                    if (round > 0) {
                        primedRuns.computeIfAbsent(target, t -> new ArrayList<>()).add(run);
                    }
                    System.out.printf("%s %-16s primed: init %5.0f ms, priming %5.0f ms, first invoke after priming %5.1f ms: %s%n",
                            round == 0 ? "warm-up" : "round " + round, target.name, run.initMs(), run.primeMs(),
                            run.invokeMs(), run.response);
                }
            }
            Map<Target, Diagnosis> diagnoses = new LinkedHashMap<>();
            for (Target target : targets) {
                if (target.probe()) {
                    continue;
                }
                bench.prepare(target);
                Run run = bench.run(target, runnerDir, true);
                diagnoses.put(target, Diagnosis.of(run));
            }
            print(targets, runs, diagnoses);
            printPrimed(targets, runs, primedRuns);
        } finally {
            Repo.deleteQuietly(work);
        }
    }

    // ------------------------------------------------------------------ targets

    /** One thing to cold-start: hello-world, or a function with its unzipped deployable and first event. */
    private static final class Target {
        final String name;
        final String handler;
        final int memoryMb;
        final long timeoutMillis;
        final Path root;
        final Path event;
        final long zipBytes;
        final int zipClasses;
        final String documentStatus;
        final String expected;
        /** Whose lib/ jackson-* jars decode the event (hello-world borrows entries-api's, into a Map). */
        Path decoderRoot;

        Target(String name, String handler, int memoryMb, long timeoutMillis, Path root, Path event, long zipBytes,
               int zipClasses, String documentStatus, String expected) {
            this.name = name;
            this.handler = handler;
            this.memoryMb = memoryMb;
            this.timeoutMillis = timeoutMillis;
            this.root = root;
            this.event = event;
            this.zipBytes = zipBytes;
            this.zipClasses = zipClasses;
            this.documentStatus = documentStatus;
            this.expected = expected;
            this.decoderRoot = root;
        }

        boolean hello() {
            return root == null;
        }

        boolean probe() {
            return handler.equals(InitBreakdownProbe.class.getName());
        }

        /** The run answered as a fresh database with the sample story lets it (any error is a failed bench). */
        void check(Run run, ColdStartBench bench) throws SQLException {
            if (!run.response.startsWith(expected)) {
                throw new IllegalStateException(name + " answered " + run.response + ", expected " + expected
                        + "; its output:\n" + run.log);
            }
            if (name.equals("receipt-indexer") && !"AVAILABLE".equals(bench.queryString(
                    "SELECT status FROM documents WHERE owner_id = ? AND id = '" + DOCUMENT + "'"))) {
                throw new IllegalStateException("the indexer did not index the receipt:\n" + run.log);
            }
            if (name.equals("export-worker") && !"SUCCEEDED".equals(bench.queryString(
                    "SELECT status FROM exports WHERE owner_id = ? AND id = '" + EXPORT + "'"))) {
                throw new IllegalStateException("the export did not succeed:\n" + run.log);
            }
        }
    }

    private List<Target> targets(Path repo) throws IOException {
        Path events = repo.resolve("events");
        Path empty = work.resolve("scheduled-event.json");
        Files.writeString(empty, "{}");
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("hello-world", HelloWorldHandler.class.getName(), 1024, 29_000, null,
                events.resolve("entries-api/get-entry.json"), 0, 1, null, "hello, world"));
        for (Functions function : Functions.values()) {
            if (function == Functions.RATES_UPDATER) {
                continue; // its one job is an HTTPS fetch from the ECB, which this offline harness cannot serve
            }
            Path zip = repo.resolve("functions").resolve(function.module()).resolve("target").resolve(function.module() + ".zip");
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException(zip + " is missing: build the functions first (mvn -DskipTests package)");
            }
            Path root = work.resolve("functions").resolve(function.module());
            unzip(zip, root);
            Path event;
            String status = "AVAILABLE";
            String expected;
            switch (function) {
                case ENTRIES_API -> {
                    event = events.resolve("entries-api/get-entry.json");
                    expected = "HTTP 200";
                }
                case DOCUMENTS_API -> {
                    event = events.resolve("documents-api/attach-document.json");
                    status = null; // the event announces the document
                    expected = "HTTP 201";
                }
                case EXPORTS_API -> {
                    event = events.resolve("exports-api/list-exports.json");
                    expected = "HTTP 200";
                }
                case RECEIPT_INDEXER -> {
                    event = events.resolve("receipt-indexer/object-created.json");
                    status = "PENDING"; // uploaded, waiting for the indexer
                    expected = "SQSBatchResponse(batchItemFailures=[])"; // no failed message
                }
                case EXPORT_WORKER -> {
                    event = events.resolve("export-worker/export-requested.json");
                    expected = "SQSBatchResponse(batchItemFailures=[])"; // no failed message
                }
                default -> {
                    event = empty;
                    expected = "{";
                }
            }
            targets.add(new Target(function.module(), function.handler(), function.memoryMb(),
                    function.timeout().toMillis(), root, event, Files.size(zip), classesIn(root), status, expected));
        }
        targets.get(0).decoderRoot = targets.get(1).root;
        Target entries = targets.get(1);
        targets.add(new Target("entries-api, init piece by piece", InitBreakdownProbe.class.getName(), entries.memoryMb,
                entries.timeoutMillis, entries.root, entries.event, entries.zipBytes, entries.zipClasses, "AVAILABLE", "probed"));
        return targets;
    }

    /**
     * The runner, the hello-world handler and the init probe, copied from this module's classes into a directory
     * of their own (the probe's references resolve against the function's zip, and only when it is the target).
     */
    private Path runnerDirectory() throws IOException {
        Path dir = work.resolve("runner");
        for (Class<?> type : List.of(ColdStartRunner.class, HelloWorldHandler.class, InitBreakdownProbe.class)) {
            String resource = type.getName().replace('.', '/') + ".class";
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            try (InputStream in = ColdStartBench.class.getClassLoader().getResourceAsStream(resource)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Class files the deployable holds: at its root and inside lib/*.jar. */
    private static int classesIn(Path root) throws IOException {
        int count;
        try (Stream<Path> files = Files.walk(root)) {
            count = (int) files.filter(path -> path.toString().endsWith(".class")).count();
        }
        try (Stream<Path> jars = Files.list(root.resolve("lib"))) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    count += (int) zip.stream().filter(entry -> entry.getName().endsWith(".class")).count();
                }
            }
        }
        return count;
    }

    // ------------------------------------------------------------------ the sample story's rows

    /** The sample user's rows, and the receipt the events name uploaded to the local S3 once. */
    private void seed() throws Exception {
        reset("AVAILABLE");
        try (S3Client s3 = S3Clients.client()) {
            s3.putObject(b -> b.bucket(stack.receiptsBucket()).key("uploads/" + SUB + "/" + DOCUMENT)
                    .contentType("application/pdf"), RequestBody.fromBytes(receipt));
        }
        // The local indexer sees the upload, finds the document already AVAILABLE, and leaves it.
        if (!stack.awaitQueuesIdle(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the local queues did not drain");
        }
    }

    private void prepare(Target target) throws SQLException {
        if (!target.hello()) {
            reset(target.documentStatus);
        }
    }

    /**
     * The rows the events refer to, as a fresh database with the sample story has them: the entry of
     * create-entry.json and 99 more entries in November 2026, its receipt (in the given status, or none
     * for documents-api, whose event announces it), and the QUEUED export of start-export.json. Run
     * before every child, so each round does the same work.
     */
    private void reset(String documentStatus) throws SQLException {
        try (Connection connection = stack.postgresDataSource().getConnection()) {
            connection.setAutoCommit(false);
            for (String sql : List.of("DELETE FROM exports WHERE owner_id = ?", "DELETE FROM documents WHERE owner_id = ?",
                    "DELETE FROM entries WHERE owner_id = ?")) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, SUB);
                    statement.executeUpdate();
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category, description,
                                         create_fingerprint, document_count)
                    VALUES (?, ?::uuid, date '2026-11-21', 'DEBIT', 1250.00, 'INR', 'Travel', 'Taxi to airport',
                            'cold-start-bench', ?)""")) {
                statement.setString(1, SUB);
                statement.setString(2, ENTRY);
                statement.setInt(3, documentStatus == null ? 0 : 1);
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category, description,
                                         create_fingerprint)
                    SELECT ?, gen_random_uuid(), date '2026-11-01' + (i % 30),
                           CASE WHEN i % 8 = 0 THEN 'CREDIT' ELSE 'DEBIT' END, (i * 7919 % 500000) / 100.0 + 1, 'INR',
                           (ARRAY['Food', 'Travel', 'Rent', 'Office'])[1 + i % 4], 'November entry #' || i,
                           'cold-start-bench'
                      FROM generate_series(1, 99) AS i""")) {
                statement.setString(1, SUB);
                statement.executeUpdate();
            }
            if (documentStatus != null) {
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO documents (owner_id, id, entry_id, file_name, content_type, size_bytes, object_key,
                                               status, sha256, indexed_at)
                        VALUES (?, ?::uuid, ?::uuid, 'taxi-receipt.pdf', 'application/pdf', ?, ?, ?,
                                CASE WHEN ? = 'AVAILABLE' THEN ? END, CASE WHEN ? = 'AVAILABLE' THEN now() END)""")) {
                    statement.setString(1, SUB);
                    statement.setString(2, DOCUMENT);
                    statement.setString(3, ENTRY);
                    statement.setLong(4, receipt.length);
                    statement.setString(5, "uploads/" + SUB + "/" + DOCUMENT);
                    statement.setString(6, documentStatus);
                    statement.setString(7, documentStatus);
                    statement.setString(8, sha256(receipt));
                    statement.setString(9, documentStatus);
                    statement.executeUpdate();
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO exports (owner_id, id, format, layout, filters, request_fingerprint, object_key)
                    VALUES (?, ?::uuid, 'ZIP', 'DEBIT_CREDIT', '{"from":"2026-11-01","to":"2026-11-30"}'::jsonb,
                            'cold-start-bench', ?)""")) {
                statement.setString(1, SUB);
                statement.setString(2, EXPORT);
                statement.setString(3, "exports/" + SUB + "/" + EXPORT + ".zip");
                statement.executeUpdate();
            }
            connection.commit();
        }
    }

    private String queryString(String sql) throws SQLException {
        try (Connection connection = stack.postgresDataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, SUB);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ one child JVM

    private record Run(long spawned, long main, long constructed, long primed, long decoded, long responded, long cpuMillis,
                       long classes, String response, String log, Path classLog, Path samples) {
        double bootMs() {
            return (main - spawned) / 1e6;
        }

        double initMs() {
            return (constructed - main) / 1e6;
        }

        /** The handler's SnapStart beforeCheckpoint hook (0 when not primed). */
        double primeMs() {
            return (primed - constructed) / 1e6;
        }

        double decodeMs() {
            return (decoded - primed) / 1e6;
        }

        double invokeMs() {
            return (responded - decoded) / 1e6;
        }

        /** JVM start + init + first invoke; the event decoding (the runtime's work, with its own Jackson) left out. */
        double coldStartMs() {
            return bootMs() + initMs() + invokeMs();
        }
    }

    private Run run(Target target, Path runnerDir, boolean diagnostic) throws Exception {
        return run(target, runnerDir, diagnostic, false);
    }

    private Run run(Target target, Path runnerDir, boolean diagnostic, boolean prime) throws Exception {
        Path dir = Files.createTempDirectory(work, target.name + "-");
        Path tmp = Files.createDirectories(dir.resolve("tmp")); // a fresh /tmp, as a new execution environment has
        Path log = dir.resolve("output.txt");
        Path classLog = dir.resolve("classes.log");
        Path samples = dir.resolve("samples.tsv");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-Xmx" + target.memoryMb + "m");
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-Daws.endpointUrlRdsData=" + stack.dataApiUrl());
        command.add("-Daws.endpointUrlS3=" + stack.s3Url());
        command.add("-Daws.endpointUrlSqs=" + stack.sqsUrl());
        if (prime) {
            command.add("-Dcoldstart.prime=true");
        }
        if (diagnostic) {
            // timenanos: the same clock as System.nanoTime(), so each load falls in a phase
            command.add("-Xlog:class+load=info:file=" + classLog + ":tn");
        }
        command.add("-cp");
        command.add(target.hello() ? runnerDir.toString()
                : String.join(java.io.File.pathSeparator, runnerDir.toString(), target.root.toString(),
                        target.root.resolve("lib") + "/*"));
        command.add(RUNNER);
        command.add(target.handler);
        command.add(target.event.toString());
        int spawnIndex = command.size();
        command.add("0");
        command.add(target.name);
        command.add(Integer.toString(target.memoryMb));
        command.add(Long.toString(target.timeoutMillis));
        command.add(decoderClassPath(target.decoderRoot));
        command.add(diagnostic ? samples.toString() : "");

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear(); // what the Lambda runtime gives a function, no more
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("TZ", ":UTC");
        env.putAll(stack.functionEnvironment());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_LAMBDA_FUNCTION_NAME", target.name);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(target.memoryMb));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + target.name);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "cold-start-bench");
        env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        env.put("LAMBDA_TASK_ROOT", target.hello() ? runnerDir.toString() : target.root.toString());

        long spawned = System.nanoTime();
        command.set(spawnIndex, Long.toString(spawned));
        Process process = builder.command(command).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(target.name + " did not finish in 3 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        String line = output.lines().filter(l -> l.startsWith("COLDSTART ")).findFirst()
                .orElseThrow(() -> new IllegalStateException(target.name + " failed (exit " + process.exitValue() + "):\n" + output));
        JsonNode result = JSON.readTree(line.substring("COLDSTART ".length()));
        return new Run(result.path("spawned").asLong(), result.path("main").asLong(), result.path("constructed").asLong(),
                result.path("primed").asLong(), result.path("decoded").asLong(), result.path("responded").asLong(), result.path("cpuMillis").asLong(),
                result.path("classes").asLong(),
                result.path("response").asText(), output, classLog, samples);
    }

    /** The zip's own Jackson, for the runner's isolated event decoder. */
    private static String decoderClassPath(Path root) throws IOException {
        try (Stream<Path> jars = Files.list(root.resolve("lib"))) {
            return jars.filter(jar -> jar.getFileName().toString().matches("jackson-(core|databind|annotations)-.*\\.jar"))
                    .map(Path::toString).sorted().collect(Collectors.joining(java.io.File.pathSeparator));
        }
    }

    // ------------------------------------------------------------------ where the time goes

    /** What one diagnostic run tells: classes loaded per phase and library, and the stack samples. */
    private record Diagnosis(Run run, Map<String, Map<String, Integer>> classesByPhase, List<Sample> samples) {
        static Diagnosis of(Run run) throws IOException {
            Map<String, Map<String, Integer>> byPhase = new LinkedHashMap<>();
            for (String phase : List.of("boot", "init", "decode", "invoke")) {
                byPhase.put(phase, new TreeMap<>());
            }
            if (Files.exists(run.classLog)) {
                for (String line : Files.readAllLines(run.classLog)) {
                    int close = line.indexOf("ns]");
                    if (!line.startsWith("[") || close < 0) {
                        continue;
                    }
                    long at = Long.parseLong(line.substring(1, close));
                    String rest = line.substring(close + 3).trim();
                    String className = rest.split(" ", 2)[0];
                    String phase = at < run.main ? "boot" : at < run.constructed ? "init" : at < run.decoded ? "decode"
                            : at < run.responded ? "invoke" : null;
                    if (phase != null) {
                        byPhase.get(phase).merge(ColdStartRunner.library(className), 1, Integer::sum);
                    }
                }
            }
            List<Sample> samples = new ArrayList<>();
            if (Files.exists(run.samples)) {
                for (String line : Files.readAllLines(run.samples)) {
                    String[] parts = line.split("\t");
                    samples.add(new Sample(parts[1], parts[2], parts[3], parts[4], Integer.parseInt(parts[0])));
                }
            }
            return new Diagnosis(run, byPhase, samples);
        }

        int classes(String phase) {
            return classesByPhase.get(phase).values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private record Sample(String phase, String site, String activity, String responsible, int count) {
    }

    // ------------------------------------------------------------------ report

    private static void print(List<Target> targets, Map<Target, List<Run>> runs, Map<Target, Diagnosis> diagnoses) {
        Target hello = targets.get(0);
        double helloMs = median(runs.get(hello), Run::coldStartMs);
        double helloWithDecodeMs = median(runs.get(hello), run -> run.coldStartMs() + run.decodeMs());
        System.out.println();
        System.out.println("Cold start: a fresh JVM (" + String.join(" ", JVM_FLAGS) + ", -Xmx = the function's memory) with only"
                + " the function's zip on its class path; no-argument constructor, then the first event against the local"
                + " stack; medians of " + RUNS + " rounds after a warm-up round. Cold start = JVM start + init + first"
                + " invoke. CPU = the child's user + system time of all its threads up to the answer (decoding included;"
                + " 10 ms ticks), which competing processes barely move. Event decoding is the runtime's work (the runner decodes with its own copy of the zip's Jackson,"
                + " as the Lambda runtime has its own): shown apart, and in the last two columns added to both sides"
                + " (hello-world decoding the same kind of JSON into a Map).");
        System.out.println();
        double helloCpu = median(runs.get(hello), run -> (double) run.cpuMillis);
        System.out.println("| function | first event → answer | zip MB | classes in zip | JVM start ms | init ms |"
                + " first invoke ms | cold start ms | × hello-world | classes loaded | event decode ms |"
                + " with decode ms | × hello-world with decode | CPU ms to answer | × hello-world CPU |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Target target : targets) {
            if (target.probe()) {
                continue;
            }
            List<Run> list = runs.get(target);
            double cold = median(list, Run::coldStartMs);
            double withDecode = median(list, run -> run.coldStartMs() + run.decodeMs());
            double cpu = median(list, run -> (double) run.cpuMillis);
            System.out.printf("| %s | %s → %s | %s | %s | %.0f | %.0f | %.0f | %.0f | %.1f× | %,.0f | %.0f | %.0f | %.1f× | %.0f | %.1f× |%n",
                    target.name, eventName(target), answer(list.get(0).response),
                    target.hello() ? "–" : "%.1f".formatted(target.zipBytes / 1048576.0),
                    target.hello() ? "1" : "%,d".formatted(target.zipClasses),
                    median(list, Run::bootMs), median(list, Run::initMs), median(list, Run::invokeMs), cold, cold / helloMs,
                    median(list, run -> (double) run.classes), median(list, Run::decodeMs), withDecode,
                    withDecode / helloWithDecodeMs, cpu, cpu / helloCpu);
        }
        System.out.println();
        System.out.println("Per round (cold start ms): " + targets.stream().filter(t -> !t.probe()).map(t -> t.name + " " + runs.get(t).stream()
                .map(run -> "%.0f".formatted(run.coldStartMs())).collect(Collectors.joining("/"))).collect(Collectors.joining("; ")));

        Target probe = targets.stream().filter(Target::probe).findFirst().orElseThrow();
        printProbe(runs.get(probe), median(runs.get(targets.get(1)), Run::initMs));

        Diagnosis helloDiagnosis = diagnoses.get(hello);
        int helloLogged = helloDiagnosis.classes("boot") + helloDiagnosis.classes("init") + helloDiagnosis.classes("decode")
                + helloDiagnosis.classes("invoke");
        System.out.println();
        System.out.printf("\"classes loaded\" is ClassLoadingMXBean.getTotalLoadedClassCount() right after the answer: it includes"
                        + " the ~%d classes the management API itself loads to answer (hello-world's diagnostic round: %,d by the"
                        + " MXBean, %,d in the class-load log up to the answer) and those of the runner's event decoder.%n",
                helloDiagnosis.run.classes - helloLogged, helloDiagnosis.run.classes, helloLogged);

        System.out.println();
        System.out.println("Classes loaded by phase and library (diagnostic round, -Xlog:class+load with the monotonic clock;"
                + " JVM start = before the runner's main, the same for all):");
        System.out.println();
        System.out.println("| function | JVM start | init | init: top libraries | decode (runtime) | first invoke |"
                + " first invoke: top libraries |");
        System.out.println("|---|---:|---:|---|---:|---:|---|");
        for (Target target : targets) {
            Diagnosis d = diagnoses.get(target);
            if (d == null) {
                continue;
            }
            System.out.printf("| %s | %,d | %,d | %s | %,d | %,d | %s |%n", target.name, d.classes("boot"), d.classes("init"),
                    top(d.classesByPhase.get("init"), 6), d.classes("decode"), d.classes("invoke"),
                    top(d.classesByPhase.get("invoke"), 6));
        }

        System.out.println();
        System.out.println("Where init and first invoke spend their time (diagnostic round: the main thread's stack every ~1 ms,"
                + " as shares of the phase's samples; class-load logging and sampling slow this round down, so its times"
                + " are above the medians). Responsible = the innermost frame that is not JDK or generated code; doing ="
                + " loading a class, a static initialiser, or running code (of the top frame's library); call site = the"
                + " innermost application frame → the library method it called.");
        for (Target target : targets) {
            if (target.hello() || target.probe()) {
                continue;
            }
            Diagnosis d = diagnoses.get(target);
            System.out.println();
            System.out.printf("%s — diagnostic round: init %.0f ms, first invoke %.0f ms%n", target.name, d.run.initMs(),
                    d.run.invokeMs());
            System.out.println();
            System.out.println("| phase | responsible | share | doing | share | call site | share |");
            System.out.println("|---|---|---:|---|---:|---|---:|");
            for (String phase : List.of("init", "invoke")) {
                List<Sample> inPhase = d.samples.stream().filter(sample -> sample.phase.equals(phase)).toList();
                int total = inPhase.stream().mapToInt(Sample::count).sum();
                if (total == 0) {
                    continue;
                }
                List<List<Map.Entry<String, Integer>>> columns = List.of(ranked(inPhase, Sample::responsible),
                        ranked(inPhase, Sample::activity), ranked(inPhase, Sample::site));
                for (int i = 0; i < 6; i++) {
                    StringBuilder row = new StringBuilder("| ").append(i == 0 ? phase + " (" + total + " samples)" : "");
                    for (List<Map.Entry<String, Integer>> column : columns) {
                        boolean has = i < column.size();
                        row.append(" | ").append(has ? column.get(i).getKey().replace("|", "\\|") : "")
                                .append(" | ").append(has ? percent(column.get(i).getValue(), total) : "");
                    }
                    System.out.println(row.append(" |"));
                }
            }
        }
        System.out.println();
        System.out.println("Machine: " + Repo.machine());
    }

    /** The probe's steps (medians over the rounds), beside entries-api's own median init. */
    private static void printPrimed(List<Target> targets, Map<Target, List<Run>> runs, Map<Target, List<Run>> primedRuns) {
        Target hello = targets.stream().filter(Target::hello).findFirst().orElseThrow();
        double helloColdStart = median(runs.get(hello), Run::coldStartMs);
        System.out.println();
        System.out.printf("SnapStart model (medians of %d rounds): the runner calls the handler's CRaC beforeCheckpoint hook after"
                + " init, as the Lambda runtime does before it snapshots the execution environment, then serves the first event."
                + " The restore itself cannot be measured here (no CRaC JVM or working CRIU on this machine).%n", RUNS);
        System.out.println();
        System.out.println("| function | before the snapshot: init ms | before the snapshot: priming ms | first invoke, not primed ms"
                + " | first invoke after priming ms | after priming ÷ hello-world's whole cold start |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Target target : targets) {
            if (!primedRuns.containsKey(target) || target.hello()) {
                continue;
            }
            List<Run> primed = primedRuns.get(target);
            double after = median(primed, Run::invokeMs);
            System.out.printf("| %s | %.0f | %.0f | %.0f | %.1f | %.2f× (%.0f ms) |%n", target.name, median(primed, Run::initMs),
                    median(primed, Run::primeMs), median(runs.get(target), Run::invokeMs), after, after / helloColdStart,
                    helloColdStart);
        }
        System.out.println();
        System.out.println("First invoke after priming, per round (ms): " + targets.stream().filter(t -> primedRuns.containsKey(t) && !t.hello())
                .map(t -> t.name + " " + primedRuns.get(t).stream().map(r -> String.format("%.1f", r.invokeMs()))
                        .collect(Collectors.joining("/"))).collect(Collectors.joining("; ")));
    }

    private static void printProbe(List<Run> runs, double entriesInitMs) {
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        for (Run run : runs) {
            String line = run.log.lines().filter(l -> l.startsWith("PROBE ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the init probe printed nothing:\n" + run.log));
            try {
                JSON.readTree(line.substring("PROBE ".length())).fields().forEachRemaining(step ->
                        steps.computeIfAbsent(step.getKey(), k -> new ArrayList<>()).add(step.getValue().asDouble()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        double probeInit = median(runs, Run::initMs);
        System.out.println();
        System.out.printf("entries-api's init taken apart (InitBreakdownProbe: the same work one piece after the other, in a"
                + " fresh JVM with entries-api's zip; each piece pays for the classes it is first to need; medians of %d"
                + " rounds). The probe's whole init: %.0f ms; entries-api's own: %.0f ms.%n", runs.size(), probeInit, entriesInitMs);
        System.out.println();
        System.out.println("| piece | ms | share of the probe's init |");
        System.out.println("|---|---:|---:|");
        steps.forEach((name, values) -> {
            double millis = values.stream().sorted().toList().get(values.size() / 2);
            System.out.printf("| %s | %.0f | %s |%n", name, millis,
                    name.startsWith("first invoke") || name.startsWith("then") ? "(invoke)" : "%.0f%%".formatted(100 * millis / probeInit));
        });
    }

    private static String eventName(Target target) {
        if (target.hello()) {
            return "entries-api/get-entry.json (as a Map)";
        }
        String file = target.event.getFileName().toString();
        return file.equals("scheduled-event.json") ? "{}" : target.event.getParent().getFileName() + "/" + file;
    }

    private static String answer(String response) {
        return response.equals("SQSBatchResponse(batchItemFailures=[])") ? "no batchItemFailures" : response;
    }

    private static List<Map.Entry<String, Integer>> ranked(List<Sample> samples, java.util.function.Function<Sample, String> key) {
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (Sample sample : samples) {
            totals.merge(key.apply(sample), sample.count, Integer::sum);
        }
        return totals.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
    }

    private static String percent(int part, int total) {
        return "%.0f%%".formatted(100.0 * part / total);
    }

    private static String top(Map<String, Integer> byLibrary, int n) {
        return byLibrary.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> e.getKey() + " " + "%,d".formatted(e.getValue())).collect(Collectors.joining(", "));
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> metric) {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
