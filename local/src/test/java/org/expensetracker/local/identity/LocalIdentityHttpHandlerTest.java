package org.expensetracker.local.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP surface as a browser or a plain HTTP client sees it. */
class LocalIdentityHttpHandlerTest {

    @TempDir
    static Path stateDir;
    private static IdentityServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServer() throws Exception {
        server = IdentityServer.start(stateDir, MutableClock.atNow());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void givenAccessToken_whenFetchingJwks_thenItsKeyVerifiesTheToken() throws Exception {
        server.identity.signUp(server.identity.clientId(), "jwks-user@example.com", "Passw0rd!xyz1", Map.of());
        server.identity.confirmSignUp(server.identity.clientId(), "jwks-user@example.com",
                server.latestCode("jwks-user@example.com"));
        String accessToken = server.identity.authenticate(server.identity.clientId(), "jwks-user@example.com",
                "Passw0rd!xyz1").accessToken();

        HttpResponse<String> response = get("/.well-known/jwks.json");

        assertThat(response.statusCode()).isEqualTo(200);
        JWKSet jwks = JWKSet.parse(response.body());
        SignedJWT jwt = SignedJWT.parse(accessToken);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    }

    @Test
    void givenDiscoveryRequest_whenFetchingOpenIdConfiguration_thenIssuerAndJwksUriPointHere() throws Exception {
        JsonNode config = Json.MAPPER.readTree(get("/.well-known/openid-configuration").body());

        assertThat(config.path("issuer").asText()).isEqualTo(server.baseUrl);
        assertThat(config.path("jwks_uri").asText()).isEqualTo(server.baseUrl + "/.well-known/jwks.json");
    }

    @Test
    void givenUnknownTarget_whenPosting_thenUnknownOperationError() throws Exception {
        HttpResponse<String> response = post("", "AWSCognitoIdentityProviderService.DeleteUserPool", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(Json.MAPPER.readTree(response.body()).path("__type").asText()).isEqualTo("UnknownOperationException");
    }

    @Test
    void givenMalformedJson_whenPosting_thenSerializationErrorThatDoesNotEchoTheBody() throws Exception {
        HttpResponse<String> response = post("/", "AWSCognitoIdentityProviderService.InitiateAuth",
                "{\"AuthParameters\":{\"PASSWORD\":\"secret-value\"");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
        assertThat(response.body()).doesNotContain("secret-value");
    }

    @Test
    void givenWrongPassword_whenPostingWithoutTrailingSlash_thenCognitoShapedError() throws Exception {
        String body = "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"" + server.identity.clientId()
                + "\",\"AuthParameters\":{\"USERNAME\":\"nobody\",\"PASSWORD\":\"whatever1\"}}";

        HttpResponse<String> response = post("", "AWSCognitoIdentityProviderService.InitiateAuth", body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = Json.MAPPER.readTree(response.body());
        assertThat(error.path("__type").asText()).isEqualTo("NotAuthorizedException");
        assertThat(error.path("message").asText()).isEqualTo("Incorrect username or password.");
    }

    @Test
    void givenConfiguredWebOrigin_whenPreflighting_thenCorsAllowsTheCognitoHeaders() throws Exception {
        HttpResponse<String> response = preflight(IdentityServer.WEB_ORIGIN);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(IdentityServer.WEB_ORIGIN);
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("content-type", "x-amz-target", "x-amz-user-agent", "authorization");
    }

    @Test
    void givenConfiguredWebOrigin_whenPostingAnError_thenTheBrowserMayReadIt() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl))
                .header("Origin", IdentityServer.WEB_ORIGIN)
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.SignUp")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(IdentityServer.WEB_ORIGIN);
    }

    @Test
    void givenOtherOrigin_whenPreflighting_thenRefused() throws Exception {
        HttpResponse<String> response = preflight("http://evil.example");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void givenCodesSentToTwoAddresses_whenReadingTheMailboxForOne_thenOnlyItsMessagesNewestLast() throws Exception {
        String clientId = server.identity.clientId();
        String email = "Mail-Reader@example.com";
        server.identity.signUp(clientId, email, "Passw0rd!xyz1", Map.of());
        server.identity.signUp(clientId, "someone-else@example.com", "Passw0rd!xyz1", Map.of());
        server.identity.resendConfirmationCode(clientId, email);

        HttpResponse<String> response = get("/_local/mailbox?to=" + "mail-reader%40EXAMPLE.com");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode messages = Json.MAPPER.readTree(response.body()).path("messages");
        assertThat(messages).hasSize(2);
        for (JsonNode message : messages) {
            assertThat(message.path("to").asText()).isEqualTo(email);
            assertThat(message.path("subject").asText()).isEqualTo("Your verification code");
            assertThat(message.path("code").asText()).matches("[0-9]{6}");
            assertThat(java.time.Instant.parse(message.path("sentAt").asText())).isNotNull();
        }
        assertThat(messages.get(1).path("code").asText()).as("newest last").isEqualTo(server.latestCode(email));
        server.identity.confirmSignUp(clientId, email, messages.get(1).path("code").asText());
    }

    @Test
    void givenAnAddressWithMarkup_whenViewingTheMailboxPage_thenEverythingIsEscapedAndNothingExternalLoads()
            throws Exception {
        String email = "<script>alert(1)</script>\"@example.com";
        server.identity.signUp(server.identity.clientId(), email, "Passw0rd!xyz1", Map.of());

        HttpResponse<String> page = get("/_local/mailbox.html?to="
                + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        assertThat(page.body()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;")
                .contains(server.latestCode(email)).doesNotContain("src=\"http", "href=\"http");
    }

    @Test
    void givenARequestForwardedByATunnel_whenReadingTheMailbox_thenRefused() throws Exception {
        for (String header : new String[] {"X-Forwarded-For", "Forwarded"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(server.baseUrl + "/_local/mailbox.html"))
                    .header(header, header.equals("Forwarded") ? "for=192.0.2.7" : "192.0.2.7").GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(header).isEqualTo(403);
            assertThat(response.body()).doesNotContain("code\"");
        }
    }

    @Test
    void givenUnknownPath_whenGetting_thenNotFound() throws Exception {
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String target, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl + path))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> preflight(String origin) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl + "/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-user-agent")
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
