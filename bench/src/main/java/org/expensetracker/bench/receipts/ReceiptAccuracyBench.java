package org.expensetracker.bench.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import org.expensetracker.bench.BenchApi;
import org.expensetracker.bench.Repo;
import org.expensetracker.local.LocalStack;

/**
 * Receipt reading accuracy and latency through the whole local pipeline: generated receipts with
 * known merchant, date, total and currency ({@link ReceiptWriter}, {@link ReceiptPrinter},
 * {@link Camera}) are uploaded as a client does (POST /entries, POST /entries/{id}/documents with
 * the SHA-256, the presigned PUT), one at a time, and {@code GET /documents/{id}} is polled until
 * {@code extracted} is there. The time from the end of the PUT to then is the latency; the reading
 * is compared with the truth ({@link Scoring}). Two sets of the same receipts, flatbed scans and
 * phone photos, then photos of 1 MP and 12 MP for latency. Prints Markdown tables and every miss.
 *
 * <p>System properties: {@code bench.receipts} receipts per set (60), {@code bench.latencyRuns} photos
 * per latency size (10), {@code bench.seed} (20261121), {@code bench.sets} (clean,photo,latency),
 * {@code bench.receipts.dir} a folder to write the files and their truth to, for looking at them.
 */
public final class ReceiptAccuracyBench {
    static final long SEED = Long.getLong("bench.seed", 20261121L);
    private static final int PER_SET = Integer.getInteger("bench.receipts", 60);
    private static final int LATENCY_RUNS = Integer.getInteger("bench.latencyRuns", 10);
    private static final List<String> SETS = List.of(System.getProperty("bench.sets", "clean,photo,latency").split(","));
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(3);
    /** Goals: share read right on clean scans, on phone photos (totals, dates, merchants). */
    private static final double[] CLEAN_GOALS = {0.95, 0.95, 0.85};
    private static final double[] PHOTO_GOALS = {0.90, 0.90, 0.75};

    /** What came back for one receipt, and how long it took from the end of its PUT. */
    record Result(ReceiptSet.Sample sample, String merchant, String date, String total, String currency, String status,
                  double millis) {
        boolean totalRight() {
            return Scoring.total(sample.receipt().total(), total);
        }

        boolean dateRight() {
            return Scoring.date(sample.receipt().date(), date);
        }

        boolean merchantRight() {
            return Scoring.merchant(sample.receipt().merchant(), merchant);
        }

        boolean currencyRight() {
            return Scoring.currency(sample.receipt().currency(), currency);
        }

        boolean allRight() {
            return totalRight() && dateRight() && merchantRight() && currencyRight();
        }
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Map<String, List<ReceiptSet.Sample>> sets = generate();
        String dir = System.getProperty("bench.receipts.dir");
        if (dir != null && !dir.isBlank()) {
            for (List<ReceiptSet.Sample> samples : sets.values()) {
                ReceiptSet.save(samples, Path.of(dir));
            }
        }
        System.out.printf("generated %d receipts in %.0f s%n", sets.values().stream().mapToInt(List::size).sum(),
                (System.nanoTime() - started) / 1e9);
        Path data = Files.createTempDirectory("bench-receipt-accuracy");
        Map<String, List<Result>> results = new LinkedHashMap<>();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withDataDir(data)
                .withMaintenanceInterval(Duration.ofHours(1)))) {
            // one receipt first, unmeasured: the stack's first use of every path (class loading, JIT)
            run(BenchApi.signUp(stack), List.of(ReceiptSet.clean(SEED, 9999)), false);
            for (Map.Entry<String, List<ReceiptSet.Sample>> set : sets.entrySet()) {
                // a user per set: each stays under the indexer's monthly cap on pages read
                results.put(set.getKey(), run(BenchApi.signUp(stack), set.getValue(), true));
            }
        } finally {
            Repo.deleteQuietly(data);
        }
        report(results);
        System.out.println();
        System.out.printf("Seed %d; the whole run (generation, stack, reading) took %.1f min.%n", SEED,
                (System.nanoTime() - started) / 60e9);
        System.out.println("Machine: " + Repo.machine() + "; " + tesseractVersion());
    }

    // ------------------------------------------------------------------ sets

    private static Map<String, List<ReceiptSet.Sample>> generate() throws Exception {
        Map<String, List<Future<ReceiptSet.Sample>>> futures = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            if (SETS.contains("clean")) {
                futures.put("clean scans", submit(pool, PER_SET, i -> ReceiptSet.clean(SEED, i)));
            }
            if (SETS.contains("photo")) {
                futures.put("phone photos", submit(pool, PER_SET, i -> ReceiptSet.photo(SEED, i)));
            }
            if (SETS.contains("latency")) {
                futures.put("1 MP photos", submit(pool, LATENCY_RUNS,
                        i -> ReceiptSet.photo(SEED, 1000 + i, 1152, 864, "1 MP")));
                futures.put("12 MP photos", submit(pool, LATENCY_RUNS,
                        i -> ReceiptSet.photo(SEED, 2000 + i, 4032, 3024, "12 MP")));
            }
            Map<String, List<ReceiptSet.Sample>> sets = new LinkedHashMap<>();
            for (Map.Entry<String, List<Future<ReceiptSet.Sample>>> set : futures.entrySet()) {
                List<ReceiptSet.Sample> samples = new ArrayList<>();
                for (Future<ReceiptSet.Sample> future : set.getValue()) {
                    samples.add(future.get());
                }
                sets.put(set.getKey(), samples);
            }
            return sets;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Future<ReceiptSet.Sample>> submit(ExecutorService pool, int count,
                                                          Function<Integer, ReceiptSet.Sample> make) {
        List<Future<ReceiptSet.Sample>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int number = i;
            futures.add(pool.submit(() -> make.apply(number)));
        }
        return futures;
    }

    // ------------------------------------------------------------------ uploading

    private static List<Result> run(BenchApi api, List<ReceiptSet.Sample> samples, boolean print) throws Exception {
        List<Result> results = new ArrayList<>();
        for (ReceiptSet.Sample sample : samples) {
            Result result = upload(api, sample);
            results.add(result);
            if (print) {
                System.out.printf("%-12s #%-4d %5.0f ms %s %s %s %s | %s%n", sample.set(), sample.receipt().number(),
                        result.millis(), mark(result.totalRight()), mark(result.dateRight()), mark(result.merchantRight()),
                        mark(result.currencyRight()), sample.shot().describe());
            }
        }
        return results;
    }

    private static Result upload(BenchApi api, ReceiptSet.Sample sample) throws Exception {
        Receipt receipt = sample.receipt();
        String entry = api.ok("POST", "/entries", Map.of("date", "2026-11-21", "type", "DEBIT", "amount", "1.00",
                "category", "Bench", "description", "receipt " + receipt.number())).path("id").asText();
        byte[] bytes = sample.shot().bytes();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        JsonNode announced = api.ok("POST", "/entries/" + entry + "/documents", Map.of("fileName", sample.shot().fileName(),
                "contentType", sample.shot().contentType(), "sizeBytes", bytes.length, "sha256", sha256));
        String id = announced.path("document").path("id").asText();
        BenchApi.upload(announced.path("upload"), bytes);
        long uploaded = System.nanoTime();
        long deadline = uploaded + READ_TIMEOUT.toNanos();
        while (true) {
            JsonNode document = api.ok("GET", "/documents/" + id, null);
            JsonNode extracted = document.path("extracted");
            if (!extracted.isMissingNode() && !extracted.isNull()) {
                double millis = (System.nanoTime() - uploaded) / 1e6;
                return new Result(sample, text(extracted, "merchant"), text(extracted, "date"), text(extracted, "total"),
                        text(extracted, "currency"), extracted.path("status").asText(), millis);
            }
            if ("REJECTED".equals(document.path("status").asText())) {
                throw new IllegalStateException("receipt " + receipt.number() + " rejected: " + document.path("reason").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("receipt " + receipt.number() + " not read within " + READ_TIMEOUT);
            }
            Thread.sleep(50); // often enough for the latency, seldom enough not to slow the reading down
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    // ------------------------------------------------------------------ report

    private static void report(Map<String, List<Result>> results) {
        System.out.println();
        System.out.println("Receipts read right, through the API (PUT → `extracted`), seed " + SEED + ":");
        System.out.println();
        System.out.println("| set | n | totals | dates | merchants | currency | all four |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        results.forEach((set, list) -> System.out.printf("| %s | %d | %s | %s | %s | %s | %s |%n", set, list.size(),
                share(list, Result::totalRight), share(list, Result::dateRight), share(list, Result::merchantRight),
                share(list, Result::currencyRight), share(list, Result::allRight)));
        System.out.println();
        System.out.println("Goals:");
        System.out.println();
        System.out.println("| set | totals | dates | merchants |");
        System.out.println("|---|---|---|---|");
        goals("clean scans", results.get("clean scans"), CLEAN_GOALS);
        goals("phone photos", results.get("phone photos"), PHOTO_GOALS);

        List<Result> all = results.values().stream().flatMap(List::stream).toList();
        breakdown("By region (all sets)", all, r -> r.sample().receipt().region().name() + " (" + r.sample().receipt().currency() + ")");
        breakdown("By print (all sets)", all, r -> r.sample().receipt().print().mode().name().toLowerCase(java.util.Locale.ROOT)
                + (r.sample().receipt().print().fade() > 0.25 ? ", faded" : ""));
        List<Result> photos = results.values().stream().flatMap(List::stream).filter(r -> !r.sample().set().equals("clean")).toList();
        breakdown("Photos by distortion (a photo counts under each of its own)", photos, r -> {
            List<String> e = r.sample().shot().effects();
            String turned = e.stream().anyMatch(s -> s.startsWith("turned")) ? "turned 90°" : null;
            String shadow = e.stream().anyMatch(s -> s.startsWith("shadow")) ? "shadow" : null;
            String crumple = e.stream().filter(s -> s.startsWith("crumpled")).map(s -> Double.parseDouble(s.substring(9)) >= 0.7
                    ? "strongly crumpled" : "crumpled").findFirst().orElse("flat");
            String blur = e.stream().filter(s -> s.startsWith("blur σ")).map(s -> Double.parseDouble(s.substring(6)) >= 2
                    ? "blur σ ≥ 2 px" : "blur σ < 2 px").findFirst().orElse("");
            String shake = e.stream().anyMatch(s -> s.startsWith("shake")) ? "shaken" : null;
            return String.join("|", java.util.stream.Stream.of(turned, shadow, crumple, blur, shake)
                    .filter(java.util.Objects::nonNull).toList());
        });

        System.out.println();
        System.out.println("PUT → `extracted` (end of the presigned PUT until GET /documents/{id} has `extracted`), by file:");
        System.out.println();
        System.out.println("| file | n | p50 ms | p95 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        Map<String, List<Double>> bySize = new LinkedHashMap<>();
        for (Result r : all) {
            bySize.computeIfAbsent(r.sample().size(), k -> new ArrayList<>()).add(r.millis());
        }
        bySize.forEach((size, millis) -> {
            List<Double> sorted = millis.stream().sorted().toList();
            System.out.printf("| %s | %d | %.0f | %.0f | %.0f |%n", size, sorted.size(), percentile(sorted, 0.5),
                    percentile(sorted, 0.95), sorted.get(sorted.size() - 1));
        });

        System.out.println();
        System.out.println("Misses (expected → read):");
        System.out.println();
        for (Result r : all) {
            if (r.allRight()) {
                continue;
            }
            Receipt receipt = r.sample().receipt();
            List<String> misses = new ArrayList<>();
            if (!r.totalRight()) {
                misses.add("total " + receipt.total().toPlainString() + " → " + r.total());
            }
            if (!r.dateRight()) {
                misses.add("date " + receipt.date() + " → " + r.date());
            }
            if (!r.merchantRight()) {
                misses.add("merchant \"" + receipt.merchant() + "\" → " + (r.merchant() == null ? "null" : "\"" + r.merchant() + "\""));
            }
            if (!r.currencyRight()) {
                misses.add("currency " + receipt.currency() + " → " + r.currency());
            }
            System.out.printf("- %s #%d (%s, %s; %s): %s%n", r.sample().set(), receipt.number(), receipt.region(),
                    receipt.print().label(), r.sample().shot().describe(), String.join("; ", misses));
        }
    }

    private static void goals(String set, List<Result> list, double[] goals) {
        if (list == null) {
            return;
        }
        System.out.printf("| %s | %s | %s | %s |%n", set, goal(list, Result::totalRight, goals[0]),
                goal(list, Result::dateRight, goals[1]), goal(list, Result::merchantRight, goals[2]));
    }

    private static String goal(List<Result> list, Predicate<Result> right, double goal) {
        double share = list.stream().filter(right).count() / (double) list.size();
        return "%.1f%% (goal ≥ %.0f%%) %s".formatted(share * 100, goal * 100, share >= goal ? "**met**" : "**missed** by %.1f points"
                .formatted((goal - share) * 100));
    }

    private static void breakdown(String title, List<Result> results, Function<Result, String> keys) {
        Map<String, List<Result>> groups = new java.util.TreeMap<>();
        for (Result r : results) {
            for (String key : keys.apply(r).split("\\|")) {
                if (!key.isBlank()) {
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                }
            }
        }
        System.out.println();
        System.out.println(title + ":");
        System.out.println();
        System.out.println("| group | n | totals | dates | merchants | currency |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        groups.forEach((key, list) -> System.out.printf("| %s | %d | %s | %s | %s | %s |%n", key, list.size(),
                share(list, Result::totalRight), share(list, Result::dateRight), share(list, Result::merchantRight),
                share(list, Result::currencyRight)));
    }

    private static String share(List<Result> list, Predicate<Result> right) {
        return "%.0f%%".formatted(100.0 * list.stream().filter(right).count() / list.size());
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
    }

    private static String mark(boolean right) {
        return right ? "✓" : "✗";
    }

    private static String tesseractVersion() {
        try {
            Process process = new ProcessBuilder(System.getenv().getOrDefault("TESSERACT", "tesseract"), "--version")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor();
            return out.lines().findFirst().orElse("tesseract ?");
        } catch (Exception e) {
            return "tesseract not found";
        }
    }
}
