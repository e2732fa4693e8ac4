package org.expensetracker.migrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * One Secrets Manager call, {@code GetSecretValue}, signed with SigV4 by the SDK's signer over the SDK's
 * URL-connection client. The SDK's secretsmanager module is not available at the BOM version the functions use,
 * and this is the migrator's only call to the service, so it is spelled out here (the JSON 1.1 protocol:
 * a POST with an {@code X-Amz-Target} header).
 */
final class SecretsManagerReader {
    static final String TARGET = "secretsmanager.GetSecretValue";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    SecretsManagerReader(URI endpoint, String region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.http = http;
    }

    /** The Lambda environment's region and credentials, the service's regional endpoint. */
    static SecretsManagerReader fromEnvironment() {
        String region = new DefaultAwsRegionProviderChain().getRegion().id();
        String override = System.getenv("AWS_ENDPOINT_URL_SECRETS_MANAGER");
        URI endpoint = URI.create(override != null && !override.isBlank() ? override
                : "https://secretsmanager." + region + ".amazonaws.com");
        return new SecretsManagerReader(endpoint, region, DefaultCredentialsProvider.builder().build(),
                UrlConnectionHttpClient.create());
    }

    /** The current version's {@code SecretString}. */
    String secretString(String secretId) {
        String body = "{\"SecretId\":" + new ObjectMapper().valueToTree(secretId) + "}";
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            String answer;
            try (InputStream in = response.responseBody().orElseThrow(() -> new IOException("empty answer"))) {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            JsonNode json = new ObjectMapper().readTree(answer);
            if (!response.httpResponse().isSuccessful()) {
                // the error's type and message only: never the request or any part of a secret
                throw new IllegalStateException("GetSecretValue failed: HTTP " + response.httpResponse().statusCode() + " "
                        + json.path("__type").asText("") + " " + json.path("message").asText(json.path("Message").asText("")));
            }
            String secret = json.path("SecretString").asText(null);
            if (secret == null) {
                throw new IllegalStateException("secret " + secretId + " has no SecretString");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("GetSecretValue failed", e);
        }
    }
}
