package org.expensetracker.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.expensetracker.local.s3.PresignedUploads.jpeg;
import static org.expensetracker.local.s3.PresignedUploads.key;
import static org.expensetracker.local.s3.PresignedUploads.sha256;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Presigned URLs used the way a phone uses them: a plain HTTP client, no SDK, sending exactly the signed
 * headers. What the URL signs must be enforced as S3 enforces it.
 */
class LocalS3PresignedUrlTest {
    private static final String BUCKET = "receipts";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dataDir;
    static LocalS3 s3;
    static S3Client client;
    static S3Presigner presigner;
    static PresignedUploads uploads;

    @BeforeAll
    static void start() {
        s3 = LocalS3.start(LocalS3Options.of(dataDir).withBuckets(List.of(BUCKET)));
        client = S3Clients.client(s3.url());
        presigner = S3Clients.presigner(s3.url());
        uploads = new PresignedUploads(BUCKET, client, presigner);
    }

    @AfterAll
    static void stop() {
        presigner.close();
        client.close();
        s3.close();
    }

    @Test
    void givenPresignedPut_whenSentWithTheSignedHeaders_thenStoredWithThatContentType() throws Exception {
        byte[] body = jpeg("accepted");
        String key = key();
        PresignedPutObjectRequest url = uploads.presignPut(key, "image/jpeg", body, Duration.ofMinutes(5));

        HttpResponse<String> response = uploads.put(url, "image/jpeg", sha256(body), body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ResponseBytes<GetObjectResponse> stored = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
        assertThat(stored.asByteArray()).isEqualTo(body);
        assertThat(stored.response().contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void givenPresignedPut_whenContentTypeDiffers_thenForbidden() throws Exception {
        byte[] body = jpeg("other type");
        String key = key();
        PresignedPutObjectRequest url = uploads.presignPut(key, "image/jpeg", body, Duration.ofMinutes(5));

        HttpResponse<String> response = uploads.put(url, "text/html", sha256(body), body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("SignatureDoesNotMatch");
        uploads.assertNotStored(key);
    }

    @Test
    void givenPresignedPut_whenBodyLengthDiffers_thenForbidden() throws Exception {
        byte[] signed = jpeg("signed length");
        byte[] longer = jpeg("signed length, and then some more bytes");
        String key = key();
        PresignedPutObjectRequest url = uploads.presignPut(key, "image/jpeg", signed, Duration.ofMinutes(5));

        HttpResponse<String> response = uploads.put(url, "image/jpeg", sha256(signed), longer);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("SignatureDoesNotMatch");
        uploads.assertNotStored(key);
    }

    @Test
    void givenPresignedPut_whenChecksumHeaderDiffers_thenForbidden() throws Exception {
        byte[] body = jpeg("checksum header");
        byte[] other = jpeg("checksum other!");
        String key = key();
        PresignedPutObjectRequest url = uploads.presignPut(key, "image/jpeg", body, Duration.ofMinutes(5));

        HttpResponse<String> response = uploads.put(url, "image/jpeg", sha256(other), other);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("SignatureDoesNotMatch");
        uploads.assertNotStored(key);
    }

    @Test
    void givenPresignedPut_whenBodyDoesNotMatchTheSignedChecksum_thenRefused() throws Exception {
        byte[] body = jpeg("the real body");
        byte[] tampered = jpeg("the fake body");
        assertThat(tampered).hasSameSizeAs(body);
        String key = key();
        PresignedPutObjectRequest url = uploads.presignPut(key, "image/jpeg", body, Duration.ofMinutes(5));

        HttpResponse<String> response = uploads.put(url, "image/jpeg", sha256(body), tampered);

        // S3 answers 400 BadDigest (so does S3Proxy).
        assertThat(response.statusCode()).as(response.body()).isIn(400, 403);
        assertThat(response.body()).containsAnyOf("BadDigest", "SignatureDoesNotMatch");
        uploads.assertNotStored(key);
    }

    @Test
    void givenPresignedPut_whenExpired_thenForbidden() throws Exception {
        byte[] body = jpeg("too late");
        String key = key();
        PresignedPutObjectRequest url = uploads.presignPut(key, "image/jpeg", body, Duration.ofSeconds(1));
        Thread.sleep(1_100);

        HttpResponse<String> response = uploads.put(url, "image/jpeg", sha256(body), body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("AccessDenied").contains("expired");
        uploads.assertNotStored(key);
    }

    @Test
    void givenPresignedGetWithContentDisposition_whenFetched_thenHeaderAndBodyReturned() throws Exception {
        String key = key();
        byte[] body = "%PDF-1.4 receipt".getBytes(StandardCharsets.US_ASCII);
        client.putObject(b -> b.bucket(BUCKET).key(key).contentType("application/pdf"), RequestBody.fromBytes(body));
        String disposition = "attachment; filename=\"taxi receipt.pdf\"";
        URI url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(BUCKET).key(key).responseContentDisposition(disposition))).url().toURI();

        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("Content-Disposition")).contains(disposition);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/pdf");
    }

    @Test
    void givenUnsignedRequest_whenReadingAnObject_thenForbidden() throws Exception {
        String key = key();
        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("private"));

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(s3.url().resolve("/" + BUCKET + "/" + key))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }
}
