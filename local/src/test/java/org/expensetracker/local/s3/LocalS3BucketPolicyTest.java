package org.expensetracker.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.expensetracker.local.s3.PresignedUploads.jpeg;
import static org.expensetracker.local.s3.PresignedUploads.key;
import static org.expensetracker.local.s3.PresignedUploads.sha256;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.config.ReceiptsCors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * The deployed bucket's rules, enforced by the local S3 too: ACLs disabled (bucket owner
 * enforced), nothing served without a signature, presigned uploads carrying only what was signed,
 * and the one CORS rule shared with the CDK bucket.
 */
class LocalS3BucketPolicyTest {
    private static final String BUCKET = "receipts";
    private static final String SITE = "http://127.0.0.1:18080";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dataDir;
    static LocalS3 s3;
    static S3Client client;
    static S3Presigner presigner;
    static PresignedUploads uploads;

    @BeforeAll
    static void start() {
        s3 = LocalS3.start(LocalS3Options.of(dataDir).withBuckets(List.of(BUCKET)).withCorsOrigins(List.of(SITE)));
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
    void givenAPresignedPutWithAPublicReadAcl_whenSent_thenAclNotSupportedAndNothingIsServedUnsigned() throws Exception {
        byte[] body = jpeg("public please");
        String key = key();
        PresignedPutObjectRequest url = uploads.presignPut(key, "image/jpeg", body, Duration.ofMinutes(5));

        HttpResponse<String> response = uploads.put(url, "image/jpeg", sha256(body), body, Map.of("x-amz-acl", "public-read"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>AccessControlListNotSupported</Code>")
                .contains("The bucket does not allow ACLs");
        uploads.assertNotStored(key);
        assertThat(unsignedGet(key).statusCode()).isEqualTo(403);
    }

    @Test
    void givenAnSdkPutOrPutAclWithACannedAcl_whenSent_thenRefusedAsS3Does() throws Exception {
        String key = key();
        assertThatThrownBy(() -> client.putObject(b -> b.bucket(BUCKET).key(key)
                        .acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessControlListNotSupported");
                });
        uploads.assertNotStored(key);

        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("x"));
        assertThatThrownBy(() -> client.putObjectAcl(b -> b.bucket(BUCKET).key(key)
                .acl(ObjectCannedACL.PUBLIC_READ)))
                .isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessControlListNotSupported"));
        assertThat(unsignedGet(key).statusCode()).isEqualTo(403);
    }

    @ParameterizedTest
    @CsvSource({
            "Cache-Control, max-age=31536000",
            "Content-Encoding, gzip",
            "Content-Disposition, inline; filename=invoice.html",
            "x-amz-meta-owner, someone-else",
            "x-amz-storage-class, GLACIER",
            "x-amz-website-redirect-location, https://evil.example/",
    })
    void givenAPresignedPutWithAHeaderItDidNotSign_whenSent_thenRefusedAndNothingStored(String name, String value)
            throws Exception {
        byte[] body = jpeg("unsigned " + name);
        String key = key();
        PresignedPutObjectRequest url = uploads.presignPut(key, "image/jpeg", body, Duration.ofMinutes(5));

        HttpResponse<String> response = uploads.put(url, "image/jpeg", sha256(body), body, Map.of(name, value));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>")
                .contains(BucketPolicyFilter.HEADERS_NOT_SIGNED)
                .contains("<HeadersNotSigned>" + name.toLowerCase() + "</HeadersNotSigned>");
        uploads.assertNotStored(key);
    }

    @Test
    void givenAPresignedPutWithOnlyItsSignedHeaders_whenSent_thenStoredWithNothingElse() throws Exception {
        byte[] body = jpeg("just right");
        String key = key();
        PresignedPutObjectRequest url = uploads.presignPut(key, "image/jpeg", body, Duration.ofMinutes(5));

        HttpResponse<String> response = uploads.put(url, "image/jpeg", sha256(body), body, Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        GetObjectResponse stored = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).response();
        assertThat(stored.contentType()).isEqualTo("image/jpeg");
        assertThat(stored.cacheControl()).isNull();
        assertThat(stored.contentEncoding()).isNull();
        assertThat(stored.metadata()).isEmpty();
    }

    @Test
    void givenTheSiteOrigin_whenAPreflightAsksForAnUpload_thenTheSharedCorsRuleAnswers() throws Exception {
        ReceiptsCors rule = ReceiptsCors.BROWSER_TRANSFERS;
        HttpResponse<String> allowed = preflight(SITE, "PUT", String.join(",", rule.allowedHeaders()));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(SITE);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
                .contains("PUT").doesNotContain("DELETE").doesNotContain("POST");

        assertThat(preflight("http://127.0.0.1:9999", "PUT", "content-type").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight(SITE, "DELETE", "content-type").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight(SITE, "PUT", "x-amz-acl").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void givenARefusedUploadFromTheSite_whenTheBrowserReadsIt_thenTheRefusalCarriesCorsHeaders() throws Exception {
        byte[] body = jpeg("refused but readable");
        PresignedPutObjectRequest url = uploads.presignPut(key(), "image/jpeg", body, Duration.ofMinutes(5));

        HttpResponse<String> response = uploads.put(url, "image/jpeg", sha256(body), body,
                Map.of("x-amz-acl", "public-read", "Origin", SITE));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(SITE);
    }

    private static HttpResponse<String> preflight(String origin, String method, String headers) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s3.url().resolve("/" + BUCKET + "/uploads/x/y"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> unsignedGet(String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(s3.url() + "/" + BUCKET + "/" + key)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
