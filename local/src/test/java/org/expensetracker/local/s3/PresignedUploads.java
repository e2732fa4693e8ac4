package org.expensetracker.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Presigned uploads to one bucket of a local S3, made and sent as the app and a phone do: the
 * presigner signs type, length and checksum, and a plain HTTP client sends exactly those headers
 * (plus, for attack tests, whatever else is given).
 */
final class PresignedUploads {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String bucket;
    private final S3Client client;
    private final S3Presigner presigner;

    PresignedUploads(String bucket, S3Client client, S3Presigner presigner) {
        this.bucket = bucket;
        this.client = client;
        this.presigner = presigner;
    }

    PresignedPutObjectRequest presignPut(String key, String contentType, byte[] body, Duration validity) {
        PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(key)
                .contentType(contentType).contentLength((long) body.length).checksumSHA256(sha256(body)).build();
        PresignedPutObjectRequest presigned = presigner.presignPutObject(p -> p.signatureDuration(validity)
                .putObjectRequest(request));
        assertThat(presigned.signedHeaders().keySet())
                .contains("host", "content-type", "content-length", "x-amz-checksum-sha256");
        return presigned;
    }

    /** What a phone does with the upload instructions: PUT the bytes with the listed headers, nothing else. */
    HttpResponse<String> put(PresignedPutObjectRequest url, String contentType, String checksum, byte[] body)
            throws IOException, InterruptedException {
        return put(url, contentType, checksum, body, Map.of());
    }

    /** As {@link #put}, plus headers an attacker adds that the URL did not sign. */
    HttpResponse<String> put(PresignedPutObjectRequest url, String contentType, String checksum, byte[] body,
                             Map<String, String> extraHeaders) throws IOException, InterruptedException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(url.url().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        request.header("Content-Type", contentType).header("x-amz-checksum-sha256", checksum)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : url.signedHeaders().entrySet()) {
            String name = header.getKey();
            if (!List.of("host", "content-length", "content-type", "x-amz-checksum-sha256").contains(name)) {
                request.header(name, String.join(",", header.getValue()));
            }
        }
        extraHeaders.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void assertNotStored(String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            throw new AssertionError("object " + key + " was stored");
        } catch (NoSuchKeyException expected) {
            // refused before anything was written
        }
    }

    static String key() {
        return "receipts/" + UUID.randomUUID() + "/" + UUID.randomUUID();
    }

    static byte[] jpeg(String text) {
        byte[] marker = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[marker.length + payload.length];
        System.arraycopy(marker, 0, bytes, 0, marker.length);
        System.arraycopy(payload, 0, bytes, marker.length, payload.length);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
