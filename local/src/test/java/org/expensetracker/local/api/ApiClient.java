package org.expensetracker.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.expensetracker.local.LocalStack;

/**
 * A plain HTTP client of the local stack, as the web app or curl would use it: signs up through
 * the Cognito JSON protocol the AWS way (SignUp, the code from the local mailbox, ConfirmSignUp,
 * InitiateAuth), then calls the API with the access token.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LocalStack stack;
    private final String token;

    private ApiClient(LocalStack stack, String token) {
        this.stack = stack;
        this.token = token;
    }

    /** A new user with a fresh account, signed in. */
    static ApiClient newUser() {
        LocalStack stack = TestStack.get();
        String username = "user-" + UUID.randomUUID() + "@example.com";
        String password = "Correct-horse-9";
        signUpAndConfirm(stack, username, password);
        JsonNode auth = cognito(stack, "InitiateAuth", Map.of("AuthFlow", "USER_PASSWORD_AUTH",
                "ClientId", stack.clientId(), "AuthParameters", Map.of("USERNAME", username, "PASSWORD", password)));
        return new ApiClient(stack, auth.path("AuthenticationResult").path("AccessToken").asText());
    }

    /** SignUp, then ConfirmSignUp with the code the pool e-mailed (read from the local mailbox). */
    static void signUpAndConfirm(LocalStack stack, String email, String password) {
        JsonNode signUp = cognito(stack, "SignUp", Map.of("ClientId", stack.clientId(), "Username", email,
                "Password", password));
        if (!signUp.path("UserConfirmed").asBoolean()) {
            cognito(stack, "ConfirmSignUp", Map.of("ClientId", stack.clientId(), "Username", email,
                    "ConfirmationCode", mailedCode(stack, email)));
        }
    }

    /** The newest code in the local mailbox for this address ({@code GET {cognito}/_local/mailbox?to=}). */
    static String mailedCode(LocalStack stack, String email) {
        try {
            URI mailbox = URI.create(stack.cognitoUrl() + "/_local/mailbox?to="
                    + URLEncoder.encode(email, StandardCharsets.UTF_8));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(mailbox).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode messages = JSON.readTree(response.body()).path("messages");
            if (response.statusCode() != 200 || messages.isEmpty()) {
                throw new IllegalStateException("no code mailed to " + email + ": " + response.body());
            }
            return messages.get(messages.size() - 1).path("code").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ApiClient withToken(String token) {
        return new ApiClient(TestStack.get(), token);
    }

    String token() {
        return token;
    }

    LocalStack stack() {
        return stack;
    }

    static JsonNode cognito(LocalStack stack, String operation, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(stack.cognitoUrl())
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(operation + " failed: " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    Response post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    Response put(String path, Object body, String ifMatch) {
        return send("PUT", path, body, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Sends a raw body (a String as is, anything else as JSON). */
    Response send(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                    .timeout(Duration.ofSeconds(60));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                if (!headers.containsKey("Content-Type")) {
                    request.header("Content-Type", "application/json");
                }
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                request.method(method, HttpRequest.BodyPublishers.ofString(text));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), json, response.headers().map().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates an entry and returns its JSON, failing loudly if the API refuses. */
    JsonNode create(String date, String type, String amount, String category, String description) {
        Response response = post("/entries", entry(date, type, amount, category, description));
        if (response.status() != 201) {
            throw new AssertionError("create failed: " + response);
        }
        return response.body();
    }

    static ObjectNode entry(String date, String type, String amount, String category, String description) {
        ObjectNode node = JSON.createObjectNode();
        node.put("date", date);
        node.put("type", type);
        node.put("amount", amount);
        node.put("category", category);
        node.put("description", description);
        return node;
    }

    static String query(Map<String, String> parameters) {
        Map<String, String> ordered = new LinkedHashMap<>(parameters);
        return ordered.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }

    record Response(int status, JsonNode body, Map<String, String> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        String errorCode() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }
    }
}
