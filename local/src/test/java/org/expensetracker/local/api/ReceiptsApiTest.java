package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Receipts end to end: the API issues a presigned URL, a plain HTTP client uploads to the local S3
 * as a phone does, the S3 event reaches the indexer through the local SQS queue, and the receipt
 * becomes searchable.
 */
class ReceiptsApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenAPdfReceipt_whenUploadedThroughThePresignedUrl_thenItBecomesAvailableAndSearchableByItsText() throws Exception {
        String word = "zebrafinch" + (System.nanoTime() % 100_000);
        String entryId = api.create("2026-11-21", "DEBIT", "1250.00", "Travel", "Taxi").path("id").asText();
        byte[] pdf = Receipts.pdf("Cab company receipt", "Fare paid, driver " + word);

        JsonNode document = upload(api, entryId, "taxi receipt.pdf", "application/pdf", pdf, true);
        JsonNode available = awaitIndexed(api, document.path("id").asText());

        assertThat(available.path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(available.path("metadata").path("pages").asText()).isEqualTo("2");
        assertThat(available.path("duplicateOf").isNull()).isTrue();
        assertThat(ids(api.get("/entries?q=" + word).body())).containsExactly(entryId);
        assertThat(ids(api.get("/entries?q=" + word.toUpperCase()).body())).containsExactly(entryId);
        assertThat(ids(api.get("/entries?q=taxi%20receipt").body())).containsExactly(entryId);

        long callsBefore = api.stack().dataApi().calls();
        JsonNode entry = api.get("/entries/" + entryId).body();
        assertThat(api.stack().dataApi().calls() - callsBefore).as("Data API calls for an entry with receipts").isEqualTo(1);
        assertThat(entry.path("documentCount").asInt()).isEqualTo(1);
        JsonNode listed = entry.path("documents").get(0);
        assertThat(listed.path("fileName").asText()).isEqualTo("taxi receipt.pdf");
        HttpResponse<byte[]> download = HTTP.send(
                HttpRequest.newBuilder(URI.create(listed.path("downloadUrl").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
        assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                .contains("attachment").contains("taxi receipt.pdf");
    }

    @Test
    void givenAnUploadUrl_whenThePutDiffersFromWhatWasSigned_thenS3RefusesIt() throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        byte[] jpeg = Receipts.jpeg(40, 30);
        JsonNode attached = api.post("/entries/" + entryId + "/documents", Map.of(
                "fileName", "lunch.jpg", "contentType", "image/jpeg", "sizeBytes", jpeg.length)).body();
        JsonNode upload = attached.path("upload");

        assertThat(put(upload, "image/png", jpeg)).isEqualTo(403);
        byte[] longer = java.util.Arrays.copyOf(jpeg, jpeg.length + 1);
        assertThat(put(upload, "image/jpeg", longer)).isIn(400, 403);
        assertThat(api.get("/documents/" + attached.path("document").path("id").asText()).body()
                .path("status").asText()).isEqualTo("PENDING");
        assertThat(put(upload, "image/jpeg", jpeg)).isEqualTo(200);
    }

    @Test
    void givenADisallowedTypeOrAnOversizedFile_whenAnnounced_thenTheApiRefusesBeforeAnyUrlExists() {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();

        ApiClient.Response wrongType = api.post("/entries/" + entryId + "/documents",
                Map.of("fileName", "virus.exe", "contentType", "application/x-msdownload", "sizeBytes", 100));
        ApiClient.Response tooLarge = api.post("/entries/" + entryId + "/documents",
                Map.of("fileName", "huge.pdf", "contentType", "application/pdf", "sizeBytes", 20L * 1024 * 1024 + 1));
        ApiClient.Response noName = api.post("/entries/" + entryId + "/documents",
                Map.of("contentType", "application/pdf", "sizeBytes", 10));

        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(wrongType.body().has("upload")).isFalse();
        assertThat(api.get("/entries/" + entryId).body().path("documentCount").asInt()).isZero();
    }

    @Test
    void givenAPngNamedAsPdf_whenIndexed_thenItIsRejectedAndItsObjectRemoved() throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        byte[] png = Receipts.png(20, 20);

        JsonNode document = upload(api, entryId, "receipt.pdf", "application/pdf", png, false);
        JsonNode indexed = awaitIndexed(api, document.path("id").asText());

        assertThat(indexed.path("status").asText()).isEqualTo("REJECTED");
        assertThat(indexed.path("reason").asText()).contains("image/png").contains("application/pdf");
        assertThat(indexed.has("downloadUrl")).isFalse();
        assertThat(S3Probe.exists(api.stack(), "uploads/" + sub(api) + "/" + document.path("id").asText())).isFalse();
    }

    @Test
    void givenTheSameReceiptTwice_whenIndexed_thenTheSecondIsFlaggedAsDuplicate() throws Exception {
        byte[] pdf = Receipts.pdf("Hotel invoice " + UUID.randomUUID());
        String first = api.create("2026-11-20", "DEBIT", "80.00", "Hotel", "Night 1").path("id").asText();
        String second = api.create("2026-11-21", "DEBIT", "80.00", "Hotel", "Night 1 again").path("id").asText();

        String original = awaitIndexed(api, upload(api, first, "invoice.pdf", "application/pdf", pdf, true)
                .path("id").asText()).path("id").asText();
        JsonNode copy = awaitIndexed(api, upload(api, second, "invoice-copy.pdf", "application/pdf", pdf, true)
                .path("id").asText());

        assertThat(copy.path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(copy.path("duplicateOf").asText()).isEqualTo(original);
    }

    @Test
    void givenAnIndexedReceipt_whenItsS3EventIsDeliveredAgain_thenNothingChanges() throws Exception {
        String word = "quokka" + (System.nanoTime() % 100_000);
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        String documentId = upload(api, entryId, "lunch.pdf", "application/pdf", Receipts.pdf("Bill " + word), true)
                .path("id").asText();
        JsonNode before = awaitIndexed(api, documentId);
        String entryBefore = api.get("/entries/" + entryId).body().toString().replaceAll(SIGNED_URLS, "");

        S3Probe.redeliverCreatedEvent(api.stack(), "uploads/" + sub(api) + "/" + documentId);
        S3Probe.redeliverCreatedEvent(api.stack(), "uploads/" + sub(api) + "/" + documentId);
        api.stack().awaitQueuesIdle(Duration.ofSeconds(30));

        JsonNode after = api.get("/documents/" + documentId).body();
        assertThat(after.path("status")).isEqualTo(before.path("status"));
        assertThat(after.path("duplicateOf").isNull()).isTrue();
        assertThat(api.get("/entries/" + entryId).body().toString().replaceAll(SIGNED_URLS, ""))
                .isEqualTo(entryBefore);
        assertThat(ids(api.get("/entries?q=" + word).body())).containsExactly(entryId);
    }

    @Test
    void givenAnotherUsersEntryAndReceipt_whenTouched_thenEveryRouteAnswersNotFound() throws Exception {
        ApiClient other = ApiClient.newUser();
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        String documentId = upload(api, entryId, "mine.pdf", "application/pdf", Receipts.pdf("private"), true)
                .path("id").asText();
        awaitIndexed(api, documentId);

        assertThat(other.post("/entries/" + entryId + "/documents",
                Map.of("fileName", "x.pdf", "contentType", "application/pdf", "sizeBytes", 10)).status()).isEqualTo(404);
        assertThat(other.get("/documents/" + documentId).status()).isEqualTo(404);
        assertThat(other.delete("/documents/" + documentId).status()).isEqualTo(404);
        assertThat(other.get("/entries?q=private").body().path("items")).isEmpty();
        assertThat(api.get("/documents/" + documentId).body().path("status").asText()).isEqualTo("AVAILABLE");
    }

    @Test
    void givenAReceipt_whenDeleted_thenItsObjectGoesAndSearchForgetsIt() throws Exception {
        String word = "axolotl" + (System.nanoTime() % 100_000);
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        String documentId = upload(api, entryId, "a.pdf", "application/pdf", Receipts.pdf(word), true).path("id").asText();
        awaitIndexed(api, documentId);

        assertThat(api.delete("/documents/" + documentId).status()).isEqualTo(204);

        assertThat(api.get("/documents/" + documentId).status()).isEqualTo(404);
        assertThat(api.get("/entries?q=" + word).body().path("items")).isEmpty();
        assertThat(api.get("/entries/" + entryId).body().path("documentCount").asInt()).isZero();
        assertThat(S3Probe.keysUnder(api.stack(), "uploads/" + sub(api) + "/" + documentId)).isEmpty();
        assertThat(S3Probe.keysUnder(api.stack(), "receipts/" + sub(api) + "/" + documentId)).isEmpty();
    }

    @Test
    void givenARepeatedAnnouncementWithTheSameId_whenSent_thenOneDocumentAndTwentyIsTheLimit() {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        String documentId = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("id", documentId, "fileName", "a.pdf", "contentType", "application/pdf",
                "sizeBytes", 10);

        assertThat(api.post("/entries/" + entryId + "/documents", body).status()).isEqualTo(201);
        ApiClient.Response again = api.post("/entries/" + entryId + "/documents", body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("upload").path("url").asText()).isNotBlank();
        assertThat(api.post("/entries/" + entryId + "/documents", Map.of("id", documentId, "fileName", "b.pdf",
                "contentType", "application/pdf", "sizeBytes", 10)).status()).isEqualTo(409);
        for (int i = 1; i < 20; i++) {
            assertThat(api.post("/entries/" + entryId + "/documents",
                    Map.of("fileName", i + ".pdf", "contentType", "application/pdf", "sizeBytes", 10)).status()).isEqualTo(201);
        }
        ApiClient.Response full = api.post("/entries/" + entryId + "/documents",
                Map.of("fileName", "21.pdf", "contentType", "application/pdf", "sizeBytes", 10));
        assertThat(full.status()).isEqualTo(409);
        assertThat(api.get("/entries/" + entryId).body().path("documentCount").asInt()).isEqualTo(20);
    }

    /** Announces and uploads a file with a plain HTTP client; returns the announced document. */
    static JsonNode upload(ApiClient api, String entryId, String name, String type, byte[] bytes, boolean withChecksum)
            throws Exception {
        var body = new java.util.LinkedHashMap<String, Object>(Map.of("fileName", name, "contentType", type,
                "sizeBytes", bytes.length));
        if (withChecksum) {
            body.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        ApiClient.Response announced = api.post("/entries/" + entryId + "/documents", body);
        assertThat(announced.status()).as(announced.toString()).isEqualTo(201);
        assertThat(announced.body().path("document").path("status").asText()).isEqualTo("PENDING");
        assertThat(put(announced.body().path("upload"), type, bytes)).isEqualTo(200);
        return announced.body().path("document");
    }

    static int put(JsonNode upload, String contentType, byte[] bytes) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        Iterator<Map.Entry<String, JsonNode>> headers = upload.path("headers").fields();
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> header = headers.next();
            if (!header.getKey().equalsIgnoreCase("content-type")) {
                request.header(header.getKey(), header.getValue().asText());
            }
        }
        request.header("Content-Type", contentType);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The presigned URLs of a document: signed anew on every read (their X-Amz-Date), so left out of comparisons. */
    private static final String SIGNED_URLS = "\"(downloadUrl|viewUrl|previewUrl)\":\"[^\"]*\"";

    private static final java.util.Set<String> PREVIEWABLE = java.util.Set.of("image/jpeg", "image/png", "application/pdf");

    /** Polls the document until the indexer has decided and, for an accepted receipt, previewed and read it. */
    static JsonNode awaitIndexed(ApiClient api, String documentId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode document;
        do {
            document = api.get("/documents/" + documentId).body();
            String status = document.path("status").asText();
            boolean available = "AVAILABLE".equals(status);
            boolean reading = available && api.stack().readsReceipts() && document.path("extracted").isNull();
            // the preview is stored right after the receipt becomes AVAILABLE, before it is read
            boolean previewing = available && PREVIEWABLE.contains(document.path("contentType").asText())
                    && !document.has("previewUrl");
            if (!"PENDING".equals(status) && !reading && !previewing) {
                return document;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still pending: " + document);
    }

    static String sub(ApiClient api) {
        String payload = api.token().split("\\.")[1];
        try {
            return ApiClient.JSON.readTree(Base64.getUrlDecoder().decode(payload)).path("sub").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.List<String> ids(JsonNode page) {
        return page.path("items").findValuesAsText("id");
    }
}
