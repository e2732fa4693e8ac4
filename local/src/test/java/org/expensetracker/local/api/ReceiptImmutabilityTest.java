package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Once a receipt is AVAILABLE its bytes never change: the upload URL handed out for it stays valid
 * for minutes, and S3 happily takes a second PUT that matches what was signed, but uploads land in
 * quarantine and only the indexer writes the accepted copy, under a key named by its hash.
 */
class ReceiptImmutabilityTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenAnAvailableReceipt_whenItsUploadUrlIsUsedAgainWithOtherBytes_thenDownloadsAndExportsServeTheAcceptedBytes()
            throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "42.00", "Swap", "Swap attempt").path("id").asText();
        byte[] original = Receipts.pdf("Original receipt " + System.nanoTime());
        // Announced without a checksum (the contract allows it): only type and length are signed.
        JsonNode announced = announce(entryId, "bill.pdf", original, false);
        String documentId = announced.path("document").path("id").asText();
        assertThat(ReceiptsApiTest.put(announced.path("upload"), "application/pdf", original)).isEqualTo(200);
        assertThat(ReceiptsApiTest.awaitIndexed(api, documentId).path("status").asText()).isEqualTo("AVAILABLE");

        byte[] executable = sameLength("MZ\u0090\u0000 this program cannot be run in DOS mode", original.length);
        byte[] png = sameLength(new String(Receipts.png(8, 8), java.nio.charset.StandardCharsets.ISO_8859_1), original.length);
        assertThat(ReceiptsApiTest.put(announced.path("upload"), "application/pdf", executable))
                .as("S3 takes a PUT that matches the signature").isEqualTo(200);
        api.stack().awaitQueuesIdle(Duration.ofSeconds(30));
        assertThat(ReceiptsApiTest.put(announced.path("upload"), "application/pdf", png)).isEqualTo(200);
        api.stack().awaitQueuesIdle(Duration.ofSeconds(30));

        JsonNode document = api.get("/documents/" + documentId).body();
        assertThat(document.path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(download(document.path("downloadUrl").asText())).isEqualTo(original);
        JsonNode listed = api.get("/entries/" + entryId).body().path("documents").get(0);
        assertThat(download(listed.path("downloadUrl").asText())).isEqualTo(original);
        assertThat(storedSha256(documentId)).isEqualTo(sha256Hex(original));

        JsonNode job = ExportsApiTest.awaitDone(api, ExportsApiTest.startExport(api,
                Map.of("format", "zip", "q", "swap attempt")));
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        Map<String, byte[]> zipped = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(ExportsApiTest.download(job)))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                zipped.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(zipped.entrySet().stream().filter(e -> e.getKey().startsWith("receipts/")).map(Map.Entry::getValue))
                .singleElement().isEqualTo(original);
        assertThat(S3Probe.keysUnder(api.stack(), "uploads/" + ReceiptsApiTest.sub(api) + "/" + documentId))
                .as("later uploads are thrown away").isEmpty();
        String acceptedKey = "receipts/" + ReceiptsApiTest.sub(api) + "/" + documentId + "." + sha256Hex(original);
        assertThat(S3Probe.keysUnder(api.stack(), "receipts/" + ReceiptsApiTest.sub(api) + "/" + documentId))
                .as("the accepted copy and the preview made from it")
                .containsExactlyInAnyOrder(acceptedKey, acceptedKey + ".preview.jpg");
    }

    @Test
    void givenAnAnnouncedChecksum_whenOtherBytesOfTheSameLengthArePut_thenS3RefusesThem() throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "7.00", "Food", "Bound to content").path("id").asText();
        byte[] original = Receipts.pdf("Checksummed receipt " + System.nanoTime());
        JsonNode announced = announce(entryId, "bound.pdf", original, true);
        assertThat(announced.path("upload").path("headers").toString()).containsIgnoringCase("x-amz-checksum-sha256");

        byte[] other = original.clone();
        other[other.length / 2] ^= 1;
        assertThat(ReceiptsApiTest.put(announced.path("upload"), "application/pdf", other)).isEqualTo(400);
        assertThat(ReceiptsApiTest.put(announced.path("upload"), "application/pdf", original)).isEqualTo(200);
        String documentId = announced.path("document").path("id").asText();
        JsonNode document = ReceiptsApiTest.awaitIndexed(api, documentId);
        assertThat(document.path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(ReceiptsApiTest.put(announced.path("upload"), "application/pdf", other)).isEqualTo(400);
        assertThat(download(api.get("/documents/" + documentId).body().path("downloadUrl").asText())).isEqualTo(original);
    }

    private JsonNode announce(String entryId, String name, byte[] bytes, boolean withChecksum) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("fileName", name, "contentType", "application/pdf",
                "sizeBytes", bytes.length));
        if (withChecksum) {
            body.put("sha256", sha256Hex(bytes));
        }
        ApiClient.Response response = api.post("/entries/" + entryId + "/documents", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.body();
    }

    private static byte[] sameLength(String head, int length) {
        byte[] bytes = Arrays.copyOf(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), length);
        for (int i = head.length(); i < length; i++) {
            bytes[i] = (byte) ('A' + i % 26);
        }
        return bytes;
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private String storedSha256(String documentId) throws Exception {
        try (Connection connection = api.stack().postgresDataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT sha256 FROM documents WHERE id = ?::uuid")) {
            select.setString(1, documentId);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
