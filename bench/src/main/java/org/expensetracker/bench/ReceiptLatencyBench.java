package org.expensetracker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int WARMUP = 3;
    private static final int RUNS = 15;

    private final LocalStack stack;
    private final String token;

    private ReceiptLatencyBench(LocalStack stack, String token) {
        this.stack = stack;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("bench-receipts");
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withDataDir(dataDir))) {
            ReceiptLatencyBench bench = new ReceiptLatencyBench(stack, signIn(stack));
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
        }
    }

    private String measure(String label, String fileName, String type, byte[] bytes) throws Exception {
        String entry = call("POST", "/entries", Map.of("date", "2026-11-21", "type", "DEBIT", "amount", "1.00",
                "category", "Bench", "description", label)).path("id").asText();
        List<Double> millis = new ArrayList<>();
        for (int run = 0; run < WARMUP + RUNS; run++) {
            // A different byte each run, so no receipt is a duplicate of the one before.
            bytes[bytes.length - 1] = (byte) run;
            JsonNode announced = call("POST", "/entries/" + entry + "/documents",
                    Map.of("fileName", fileName, "contentType", type, "sizeBytes", bytes.length));
            String id = announced.path("document").path("id").asText();
            put(announced.path("upload"), bytes);
            long uploaded = System.nanoTime();
            while (!"AVAILABLE".equals(call("GET", "/documents/" + id, null).path("status").asText())) {
                Thread.sleep(2);
            }
            if (run >= WARMUP) {
                millis.add((System.nanoTime() - uploaded) / 1e6);
            }
            call("DELETE", "/documents/" + id, null);
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

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static void put(JsonNode upload, byte[] bytes) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Iterator<Map.Entry<String, JsonNode>> it = upload.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            request.header(header.getKey(), header.getValue().asText());
        }
        int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("upload refused: " + status);
        }
    }

    private static String signIn(LocalStack stack) throws IOException, InterruptedException {
        String user = "bench-" + UUID.randomUUID() + "@example.com";
        cognito(stack, "SignUp", Map.of("ClientId", stack.clientId(), "Username", user, "Password", "Bench-password-1"));
        return cognito(stack, "InitiateAuth", Map.of("AuthFlow", "USER_PASSWORD_AUTH", "ClientId", stack.clientId(),
                "AuthParameters", Map.of("USERNAME", user, "PASSWORD", "Bench-password-1")))
                .path("AuthenticationResult").path("AccessToken").asText();
    }

    private static JsonNode cognito(LocalStack stack, String operation, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.cognitoUrl())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
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
