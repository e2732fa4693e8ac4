package org.expensetracker.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** GetSecretValue against a stand-in on 127.0.0.1: the request is the JSON 1.1 protocol, SigV4-signed for the service. */
class SecretsManagerReaderTest {
    HttpServer server;
    final Map<String, String> seen = new ConcurrentHashMap<>();
    volatile int status = 200;
    volatile String answer = "{\"ARN\":\"arn\",\"SecretString\":\"{\\\"username\\\":\\\"u\\\",\\\"password\\\":\\\"p\\\"}\"}";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.put("method", exchange.getRequestMethod());
            seen.put("target", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")));
            seen.put("contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            seen.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
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

    SecretsManagerReader reader() {
        return new SecretsManagerReader(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                UrlConnectionHttpClient.create());
    }

    @Test
    void readsTheSecretStringWithASignedJsonRequest() {
        String secret = reader().secretString("arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf");
        assertThat(DatabaseCredentials.fromSecretString(secret)).isEqualTo(new DatabaseCredentials("u", "p"));
        assertThat(seen.get("method")).isEqualTo("POST");
        assertThat(seen.get("target")).isEqualTo("secretsmanager.GetSecretValue");
        assertThat(seen.get("contentType")).isEqualTo("application/x-amz-json-1.1");
        assertThat(seen.get("body")).isEqualTo("{\"SecretId\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf\"}");
        assertThat(seen.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/secretsmanager/aws4_request").contains("SignedHeaders=").contains("x-amz-target");
    }

    @Test
    void anErrorSaysWhatFailedWithoutTheRequest() {
        status = 400;
        answer = "{\"__type\":\"AccessDeniedException\",\"message\":\"not allowed\"}";
        assertThatThrownBy(() -> reader().secretString("some-secret"))
                .hasMessageContaining("HTTP 400").hasMessageContaining("AccessDeniedException").hasMessageNotContaining("some-secret");
    }
}
