package org.expensetracker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.expensetracker.local.LocalStack;

/**
 * Upload-to-searchable latency: the time from the end of the presigned PUT (S3 answered) until the
 * API reports the receipt AVAILABLE, for a 2-page PDF and a 3 MB JPEG, through the whole local
 * pipeline (S3 event → SQS → indexer → Data API). Prints a Markdown table.
 */
public final class ReceiptLatencyBench {
    private static final int WARMUP = 3;
    private static final int RUNS = 15;

    private final BenchApi api;

    private ReceiptLatencyBench(BenchApi api) {
        this.api = api;
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("bench-receipts");
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withDataDir(dataDir))) {
            ReceiptLatencyBench bench = new ReceiptLatencyBench(BenchApi.signUp(stack));
            byte[] pdf = pdf("Cab company receipt, fare 1250.00", "Paid by card, thank you");
            byte[] jpeg = jpeg(3 * 1024 * 1024);
            List<String> rows = new ArrayList<>();
            rows.add(bench.measure("2-page PDF", "receipt.pdf", "application/pdf", pdf));
            rows.add(bench.measure("3 MB JPEG", "photo.jpg", "image/jpeg", jpeg));
            System.out.println();
            System.out.println("| receipt | size | runs | p50 ms | p95 ms | min ms | max ms |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
            System.out.println();
            System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"));
        } finally {
            Repo.deleteQuietly(dataDir);
        }
    }

    private String measure(String label, String fileName, String type, byte[] bytes) throws Exception {
        String entry = api.ok("POST", "/entries", Map.of("date", "2026-11-21", "type", "DEBIT", "amount", "1.00",
                "category", "Bench", "description", label)).path("id").asText();
        List<Double> millis = new ArrayList<>();
        for (int run = 0; run < WARMUP + RUNS; run++) {
            // A different byte each run, so no receipt is a duplicate of the one before.
            bytes[bytes.length - 1] = (byte) run;
            JsonNode announced = api.ok("POST", "/entries/" + entry + "/documents",
                    Map.of("fileName", fileName, "contentType", type, "sizeBytes", bytes.length));
            String id = announced.path("document").path("id").asText();
            BenchApi.upload(announced.path("upload"), bytes);
            long uploaded = System.nanoTime();
            while (!"AVAILABLE".equals(api.ok("GET", "/documents/" + id, null).path("status").asText())) {
                Thread.sleep(2);
            }
            if (run >= WARMUP) {
                millis.add((System.nanoTime() - uploaded) / 1e6);
            }
            api.ok("DELETE", "/documents/" + id, null);
        }
        Collections.sort(millis);
        String size = bytes.length < 1024 * 1024 ? "%.1f KB".formatted(bytes.length / 1024.0)
                : "%.1f MB".formatted(bytes.length / 1048576.0);
        return "| %s | %s | %d | %.0f | %.0f | %.0f | %.0f |".formatted(label, size,
                millis.size(), percentile(millis, 0.50), percentile(millis, 0.95), millis.get(0),
                millis.get(millis.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static byte[] pdf(String... pages) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    /** A photo-like JPEG (noise compresses badly, as camera sensor noise does) of about {@code target} bytes. */
    static byte[] jpeg(int target) throws IOException {
        Random random = new Random(42);
        int side = 1000;
        while (true) {
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < side; x++) {
                for (int y = 0; y < side; y++) {
                    image.setRGB(x, y, random.nextInt(0xffffff));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpg", out);
            if (out.size() >= target) {
                return out.toByteArray();
            }
            side += 200;
        }
    }
}
