package org.expensetracker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import org.expensetracker.local.LocalStack;

/** A signed-in user of the local stack's HTTP API, as a client sees it (shared by the benchmarks). */
public final class BenchApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalStack stack;
    private final String token;

    private BenchApi(LocalStack stack, String token) {
        this.stack = stack;
        this.token = token;
    }

    /** Signs up a new user the AWS way (SignUp, the mailed code from the local mailbox, ConfirmSignUp) and logs in. */
    public static BenchApi signUp(LocalStack stack) throws IOException, InterruptedException {
        String user = "bench-" + UUID.randomUUID() + "@example.com";
        cognito(stack, "SignUp", Map.of("ClientId", stack.clientId(), "Username", user, "Password", "Bench-password-1"));
        HttpResponse<String> mailbox = HTTP.send(HttpRequest.newBuilder(URI.create(stack.cognitoUrl()
                + "/_local/mailbox?to=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode messages = JSON.readTree(mailbox.body()).path("messages");
        if (messages.isEmpty()) {
            throw new IllegalStateException("no confirmation code mailed to " + user);
        }
        cognito(stack, "ConfirmSignUp", Map.of("ClientId", stack.clientId(), "Username", user,
                "ConfirmationCode", messages.get(messages.size() - 1).path("code").asText()));
        String token = cognito(stack, "InitiateAuth", Map.of("AuthFlow", "USER_PASSWORD_AUTH", "ClientId", stack.clientId(),
                "AuthParameters", Map.of("USERNAME", user, "PASSWORD", "Bench-password-1")))
                .path("AuthenticationResult").path("AccessToken").asText();
        return new BenchApi(stack, token);
    }

    /** The user's id as every row stores it (owner_id): the access token's {@code sub}. */
    String ownerId() throws IOException {
        String payload = token.split("\\.")[1];
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).path("sub").asText();
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response call(String method, String path, Object body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Response(response.statusCode(), json, response);
    }

    /** A call that must succeed (2xx); its JSON body. */
    public JsonNode ok(String method, String path, Object body, String... headers) throws IOException, InterruptedException {
        Response response = call(method, path, body, headers);
        if (response.status() >= 300) {
            throw new IllegalStateException(method + " " + path + " → " + response.status() + " " + response.raw().body());
        }
        return response.body();
    }

    /** Uploads bytes with the presigned request of POST /entries/{id}/documents. */
    public static void upload(JsonNode upload, byte[] bytes) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Iterator<Map.Entry<String, JsonNode>> it = upload.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            request.header(header.getKey(), header.getValue().asText());
        }
        int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("upload refused: " + status);
        }
    }

    private static JsonNode cognito(LocalStack stack, String operation, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.cognitoUrl())
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
