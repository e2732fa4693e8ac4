package org.expensetracker.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The local S3 through the real SDK client and, for CORS, a plain HTTP client acting as a browser. */
class LocalS3Test {
    private static final String BUCKET = "receipts";
    private static final String ORIGIN = "http://127.0.0.1:8080";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    private LocalS3Options options() {
        return LocalS3Options.of(dataDir).withBuckets(List.of(BUCKET, "exports")).withCorsOrigins(List.of(ORIGIN));
    }

    @Test
    void givenBuckets_whenPuttingListingGettingAndDeleting_thenSdkRoundTripWorks() {
        try (LocalS3 s3 = LocalS3.start(options()); S3Client client = S3Clients.client(s3.url())) {
            client.putObject(b -> b.bucket(BUCKET).key("receipts/u1/d1").contentType("image/png")
                    .metadata(java.util.Map.of("owner", "u1")), RequestBody.fromString("png bytes"));

            List<S3Object> listed = client.listObjectsV2(b -> b.bucket(BUCKET).prefix("receipts/u1/")).contents();
            ResponseBytes<GetObjectResponse> got = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("receipts/u1/d1"));
            client.deleteObject(b -> b.bucket(BUCKET).key("receipts/u1/d1"));

            assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).contains(BUCKET, "exports");
            assertThat(listed).extracting(S3Object::key, S3Object::size).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("receipts/u1/d1", 9L));
            assertThat(got.asString(StandardCharsets.UTF_8)).isEqualTo("png bytes");
            assertThat(got.response().contentType()).isEqualTo("image/png");
            assertThat(got.response().metadata()).containsEntry("owner", "u1");
            assertThat(got.response().eTag()).isEqualTo("\"" + md5Hex("png bytes") + "\"");
            assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
        }
    }

    @Test
    void givenWrongSecret_whenCalling_thenRefused() {
        try (LocalS3 s3 = LocalS3.start(options());
             S3Client client = S3Client.builder().endpointOverride(s3.url())
                     .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                             software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "wrong")))
                     .forcePathStyle(true)
                     .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                     .build()) {
            assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket(BUCKET)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void givenStoredObject_whenRestartedOnTheSameDirectory_thenObjectAndMetadataAreStillThere() {
        try (LocalS3 s3 = LocalS3.start(options()); S3Client client = S3Clients.client(s3.url())) {
            client.putObject(b -> b.bucket(BUCKET).key("kept").contentType("application/pdf"),
                    RequestBody.fromString("%PDF"));
        }

        try (LocalS3 s3 = LocalS3.start(options()); S3Client client = S3Clients.client(s3.url())) {
            ResponseBytes<GetObjectResponse> got = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("kept"));

            assertThat(got.asString(StandardCharsets.UTF_8)).isEqualTo("%PDF");
            assertThat(got.response().contentType()).isEqualTo("application/pdf");
            assertThat(dataDir.resolve("s3").resolve(BUCKET).resolve("kept")).exists();
        }
    }

    @Test
    void givenUnknownBucket_whenListing_thenNoSuchBucket() {
        try (LocalS3 s3 = LocalS3.start(options()); S3Client client = S3Clients.client(s3.url())) {
            assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket("nope")))
                    .isInstanceOf(NoSuchBucketException.class);
        }
    }

    @Test
    void givenAllowedOrigin_whenPreflightingAPresignedPut_thenCorsHeadersAnswer() throws Exception {
        try (LocalS3 s3 = LocalS3.start(options())) {
            HttpResponse<String> response = preflight(s3.url(), ORIGIN, "content-type,x-amz-checksum-sha256");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
            assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
                    .contains("PUT").contains("GET");
            assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
                    .contains("content-type").contains("x-amz-checksum-sha256");
            assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).contains("ETag");
        }
    }

    @Test
    void givenOtherOrigin_whenPreflighting_thenNoCorsHeaders() throws Exception {
        try (LocalS3 s3 = LocalS3.start(options())) {
            HttpResponse<String> response = preflight(s3.url(), "http://evil.example", "content-type");
            // A regular expression would let this one through if the dots were not quoted.
            HttpResponse<String> lookalike = preflight(s3.url(), "http://127a0a0a1:8080", "content-type");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(lookalike.statusCode()).isEqualTo(403);
            assertThat(lookalike.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void givenAllowedOrigin_whenGettingThroughAPresignedUrl_thenResponseCarriesCorsHeaders() throws Exception {
        try (LocalS3 s3 = LocalS3.start(options()); S3Client client = S3Clients.client(s3.url());
             var presigner = S3Clients.presigner(s3.url())) {
            client.putObject(b -> b.bucket(BUCKET).key("shown"), RequestBody.fromString("x"));
            URI url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(1))
                    .getObjectRequest(g -> g.bucket(BUCKET).key("shown"))).url().toURI();

            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).header("Origin", ORIGIN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
            assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).contains("ETag");
        }
    }

    @Test
    void givenInvalidOptions_whenBuilt_thenRefusedBeforeStarting() {
        LocalS3Options base = LocalS3Options.of(dataDir).withBuckets(List.of(BUCKET));

        assertThatThrownBy(() -> base.withBuckets(List.of("b"))).hasMessageContaining("bucket name");
        assertThatThrownBy(() -> base.withBuckets(List.of("Upper_Case"))).hasMessageContaining("bucket name");
        assertThatThrownBy(() -> base.withNotifications(List.of(new NotificationRule("elsewhere", "", "http://q"))))
                .hasMessageContaining("not created");
        assertThatThrownBy(() -> base.withNotifications(List.of(new NotificationRule(BUCKET, "receipts/", "http://q1"),
                new NotificationRule(BUCKET, "receipts/u1/", "http://q2")))).hasMessageContaining("overlap");
        assertThat(base.withNotifications(List.of(new NotificationRule(BUCKET, "receipts/", "http://q1"),
                new NotificationRule(BUCKET, "exports/", "http://q2"))).notifications()).hasSize(2);
    }

    private static HttpResponse<String> preflight(URI s3, String origin, String headers) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(s3.resolve("/" + BUCKET + "/receipts/u1/d1"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", headers)
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String md5Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
