package org.expensetracker.local.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.expensetracker.local.LocalStack;
import org.expensetracker.local.api.TestStack;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.DatabaseErrorException;
import software.amazon.awssdk.services.rdsdata.model.RdsDataException;

/**
 * The local Data API serves only the stack's own signed callers, as the real service serves only
 * IAM principals allowed to use the cluster and its secret; and what it runs, it runs as a role that
 * owns the application's schema and nothing else.
 */
class LocalDataApiAccessTest {
    private static final LocalStack STACK = TestStack.get();
    private static final String CLUSTER = "arn:aws:rds:us-east-1:000000000000:cluster:expenses-local";
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:expenses-local";
    private static final String BODY = "{\"resourceArn\":\"" + CLUSTER + "\",\"secretArn\":\"" + SECRET
            + "\",\"database\":\"expenses\",\"sql\":\"SELECT 1\"}";

    @Test
    void givenAnUnsignedCall_whenSent_thenItIsRefusedAsTheServiceDoes() throws Exception {
        HttpResponse<String> response = raw("application/json", null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
    }

    @Test
    void givenABrowserRequest_whenSent_thenItIsRefusedBeforeAnythingRuns() throws Exception {
        long calls = STACK.dataApi().calls();
        HttpResponse<String> fromAPage = raw("text/plain", "http://evil.example");
        HttpResponse<String> plainText = raw("text/plain", null);

        assertThat(fromAPage.statusCode()).isEqualTo(403);
        assertThat(fromAPage.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
        assertThat(plainText.statusCode()).isIn(403, 415);
        assertThat(STACK.dataApi().calls() - calls).isLessThanOrEqualTo(1);
    }

    @Test
    void givenOtherCredentials_whenSigned_thenTheSignatureOrTheKeyIsRefused() {
        try (RdsDataClient wrongSecret = client("local", "not-the-secret");
             RdsDataClient unknownKey = client("AKIAEXAMPLE", "local")) {
            assertThatThrownBy(() -> select(wrongSecret, SECRET, "SELECT 1"))
                    .isInstanceOfSatisfying(RdsDataException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
            assertThatThrownBy(() -> select(unknownKey, SECRET, "SELECT 1"))
                    .isInstanceOfSatisfying(RdsDataException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void givenAnotherSecretArn_whenCalled_thenBadRequest() {
        try (RdsDataClient client = client("local", "local")) {
            assertThatThrownBy(() -> select(client, SECRET + "-other", "SELECT 1")).isInstanceOf(BadRequestException.class);
            assertThat(select(client, SECRET, "SELECT 1 AS one").records().get(0).get(0).longValue()).isEqualTo(1);
        }
    }

    @Test
    void givenTheApplicationsConnection_whenItTriesSuperuserThings_thenPostgresRefuses() throws Exception {
        Path marker = Files.createTempDirectory("copy-to-program").resolve("ran");
        try (RdsDataClient client = client("local", "local")) {
            var who = select(client, SECRET, "SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")
                    .records().get(0);
            assertThat(who.get(0).stringValue()).isEqualTo("expenses_app");
            assertThat(who.get(1).booleanValue()).isFalse();

            assertThatThrownBy(() -> select(client, SECRET, "COPY (SELECT 1) TO PROGRAM 'touch " + marker + "'"))
                    .isInstanceOf(DatabaseErrorException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> select(client, SECRET, "SELECT pg_read_file('/etc/passwd')"))
                    .isInstanceOf(DatabaseErrorException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> select(client, SECRET, "CREATE ROLE intruder SUPERUSER"))
                    .isInstanceOf(DatabaseErrorException.class).hasMessageContaining("permission denied");
        }
        assertThat(marker).doesNotExist();
    }

    private static HttpResponse<String> raw(String contentType, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(STACK.dataApiUrl() + "/Execute"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RdsDataClient client(String accessKey, String secretKey) {
        return RdsDataClient.builder().endpointOverride(STACK.dataApiUrl()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    private static software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse select(
            RdsDataClient client, String secretArn, String sql) {
        return client.executeStatement(b -> b.resourceArn(CLUSTER).secretArn(secretArn).database("expenses").sql(sql));
    }
}
