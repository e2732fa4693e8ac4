package org.expensetracker.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The application user's secret read with the SDK's GetSecretValue, from a stand-in on 127.0.0.1. */
class SecretValuesTest {
    HttpServer server;
    final Map<String, String> seen = new ConcurrentHashMap<>();
    final AtomicInteger clientsBuilt = new AtomicInteger();
    volatile int status = 200;
    volatile String answer = "{\"ARN\":\"arn\",\"SecretString\":\"{\\\"username\\\":\\\"u\\\",\\\"password\\\":\\\"p\\\"}\"}";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.put("target", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    SecretValues secrets() {
        return new SecretValues(() -> {
            clientsBuilt.incrementAndGet();
            return SecretsManagerClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                    .region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "s")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        });
    }

    @Test
    void givenTheApplicationSecret_whenRead_thenItsCredentialsComeBackAndOneClientServesEveryRead() {
        SecretValues secrets = secrets();
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf";

        assertThat(DatabaseCredentials.fromSecretString(secrets.apply(arn))).isEqualTo(new DatabaseCredentials("u", "p"));
        secrets.apply(arn);

        assertThat(seen.get("target")).isEqualTo("secretsmanager.GetSecretValue");
        assertThat(seen.get("body")).contains("\"SecretId\":\"" + arn + "\"");
        assertThat(clientsBuilt).hasValue(1);
    }

    @Test
    void givenNoPermission_whenRead_thenTheServicesErrorSurfaces() {
        status = 400;
        answer = "{\"__type\":\"AccessDeniedException\",\"message\":\"not allowed\"}";
        assertThatThrownBy(() -> secrets().apply("some-secret"))
                .isInstanceOfSatisfying(SecretsManagerException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }

    @Test
    void givenAMigratorRunWithoutAnApplicationSecret_whenBuilt_thenNoClientIsMade() {
        secrets();
        assertThat(clientsBuilt).hasValue(0);
    }
}
