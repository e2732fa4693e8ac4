package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.expensetracker.local.LocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests no well-behaved client sends: broken percent-encoding, odd methods, forged cursors,
 * amounts written with exponents, tokens signed by the pool's own key but with claims of the
 * wrong shape. Every one gets an HTTP answer (never a dropped connection), on the API always in
 * the error contract, with no exception text, and nothing changes. Requests go over a raw socket
 * where java.net.http would refuse to send them.
 */
class HostileRequestTest {
    private static final ApiClient API = ApiClient.newUser();
    private static final List<String> LEAKS = List.of("Exception", "java.", "at org.", "jetty", "Jetty");

    private String before;

    @BeforeEach
    void oneEntryExists() {
        if (API.get("/entries").body().path("items").isEmpty()) {
            API.create("2026-11-01", "DEBIT", "10.00", "Food", "Tea");
        }
        before = snapshot();
    }

    // --- percent-encoding and raw bytes in the request line -------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"50%", "%zz", "%C3%28", "%ED%A0%80", "%E2%82", "%"})
    void givenABadlyEncodedQueryValue_whenListed_thenValidationFailedNamesTheParameter(String value) {
        Raw response = raw("GET /api/entries?q=" + value + " HTTP/1.1", API.token(), null);
        assertContractError(response, 400, "VALIDATION_FAILED");
        assertThat(fields(response)).containsExactly("q");
    }

    @Test
    void givenABadlyEncodedParameterName_whenListed_thenValidationFailedNamesTheQuery() {
        Raw response = raw("GET /api/entries?%zz=1 HTTP/1.1", API.token(), null);
        assertContractError(response, 400, "VALIDATION_FAILED");
        assertThat(fields(response)).containsExactly("query");
    }

    @Test
    void givenANulInTheQuery_whenListed_thenValidationFailedNamesTheParameter() {
        Raw response = raw("GET /api/entries?q=a%00b HTTP/1.1", API.token(), null);
        assertContractError(response, 400, "VALIDATION_FAILED");
        assertThat(fields(response)).containsExactly("q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/entries?q=a b HTTP/1.1", "GET /api/entries/%00 HTTP/1.1", "GET /api/%zz HTTP/1.1",
            "GET /api/entries/50% HTTP/1.1", "GET /api/entries/%C3%28 HTTP/1.1", "GET /api/entries/\u0001 HTTP/1.1",
            "GET /api/a%2Fb HTTP/1.1", "GET /api/entries HTTP/9.9", "GET /api/entries", "NOT-HTTP"})
    void givenARequestLineThatIsNotValidHttp_whenSent_thenABadRequestInTheContract(String requestLine) {
        Raw response = raw(requestLine, API.token(), null);
        assertThat(response.status()).as(response.toString()).isIn(400, 404);
        assertContractError(response, response.status(), response.status() == 404 ? "NOT_FOUND" : "VALIDATION_FAILED");
    }

    @Test
    void givenABadlyEncodedQuery_whenAnEntryIsCreated_thenNothingIsWritten() {
        long calls = API.stack().dataApi().calls();
        String body = "{\"date\":\"2026-11-21\",\"type\":\"DEBIT\",\"amount\":\"5.00\",\"category\":\"x\",\"description\":\"y\"}";
        Raw response = raw("POST /api/entries?x=50% HTTP/1.1", API.token(), body);
        assertContractError(response, 400, "VALIDATION_FAILED");
        assertThat(API.stack().dataApi().calls()).isEqualTo(calls);
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%00", "/%zz", "/50%", "/index.html%00.js", "/?x=50%", "/%C0%AE%C0%AE/etc/passwd", "/..%2F..%2Fpom.xml"})
    void givenABadPathOnTheSite_whenFetched_thenAClean4xx(String target) {
        Raw response = raw("GET " + target + " HTTP/1.1", null, null);
        assertThat(response.status()).as(response.toString()).isIn(400, 404);
        assertNoLeak(response);
    }

    @Test
    void givenABadPathOnTheIdentityEndpoint_whenFetched_thenAClean4xx() {
        Raw response = raw("GET /cognito/%00 HTTP/1.1", null, null);
        assertThat(response.status()).as(response.toString()).isIn(400, 404);
        assertNoLeak(response);
    }

    // --- methods -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"PATCH", "FOO", "TRACE", "get", "PROPFIND"})
    void givenAnUnroutedMethod_whenTheApiIsCalled_thenNotFoundInTheContract(String method) {
        long calls = API.stack().dataApi().calls();
        Raw response = raw(method + " /api/entries HTTP/1.1", API.token(), method.equals("get") ? null : "{}");
        assertContractError(response, 404, "NOT_FOUND");
        assertThat(API.stack().dataApi().calls()).isEqualTo(calls);
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATCH", "FOO", "TRACE", "get", "DELETE", "PUT"})
    void givenAMethodTheSiteDoesNotServe_whenCalled_thenMethodNotAllowedWithAllow(String method) {
        Raw response = raw(method + " /index.html HTTP/1.1", null, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(405);
        assertThat(response.header("Allow")).contains("GET");
        assertNoLeak(response);
    }

    @Test
    void givenAnOddMethod_whenTheIdentityEndpointIsCalled_thenMethodNotAllowed() {
        Raw response = raw("FOO /cognito HTTP/1.1", null, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(405);
        assertNoLeak(response);
    }

    // --- forged cursors ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"1|+999999999-01-01|00000000-0000-4000-8000-000000000000",
            "1|-999999999-01-01|00000000-0000-4000-8000-000000000000",
            "1|+10000-01-01|00000000-0000-4000-8000-000000000000",
            "1|0001-01-01|00000000-0000-4000-8000-000000000000",
            "1|9999-12-31|00000000-0000-4000-8000-000000000000",
            "1|2026-1-1|00000000-0000-4000-8000-000000000000",
            "1|9223372036854775807|00000000-0000-4000-8000-000000000000"})
    void givenAForgedCursorWithAnAbsurdDate_whenListed_thenValidationFailedNamesTheCursor(String raw) {
        ApiClient.Response response = API.get("/entries?cursor=" + cursor(raw));
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body().path("error").path("details").findValuesAsText("field")).containsExactly("cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1|-9223372036854775808|00000000-0000-4000-8000-000000000000",
            "1|9223372036854775807|00000000-0000-4000-8000-000000000000",
            "1|+5|00000000-0000-4000-8000-000000000000",
            "1|2026-11-21|00000000-0000-4000-8000-000000000000"})
    void givenAForgedTrashCursor_whenTrashIsListed_thenValidationFailedNamesTheCursor(String raw) {
        ApiClient.Response response = API.get("/trash?cursor=" + cursor(raw));
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body().path("error").path("details").findValuesAsText("field")).containsExactly("cursor");
    }

    @Test
    void givenAGenuineCursor_whenListed_thenTheNextPageIsServed() {
        API.create("2026-10-01", "DEBIT", "1.00", "Food", "Bun");
        String next = API.get("/entries?limit=1").body().path("nextCursor").asText();
        assertThat(API.get("/entries?limit=1&cursor=" + next).status()).isEqualTo(200);
    }

    // --- amounts with exponents ----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"1E-2", "5E0", "100E-2", "1e2", "1.5e1", "-0", "-0.0", "-5", "0", "0.0", "1E+2", "12.50E0"})
    void givenAnAmountAsAJsonNumberWithAnExponentOrSign_whenCreatedOrUpdated_thenValidationFailed(String literal) {
        String body = entryWithAmount(literal);
        assertAmountRefused(API.send("POST", "/entries", body, Map.of()));
        JsonNode existing = API.get("/entries").body().path("items").get(0);
        assertAmountRefused(API.send("PUT", "/entries/" + existing.path("id").asText(), body,
                Map.of("If-Match", "\"" + existing.path("version").asLong() + "\"")));
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-2", "5E0", "100E-2", "1e2", "-0", "0x10", "1.", ".5", "+5", "1_000", "1,000", "\u0661\u0662"})
    void givenAnAmountAsAStringThatIsNotAPlainDecimal_whenCreated_thenValidationFailed(String text) {
        String body = entryWithAmount(ApiClient.JSON.valueToTree(text).toString());
        assertAmountRefused(API.send("POST", "/entries", body, Map.of()));
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x10", "1.", ".5", "+5", "01", "NaN", "Infinity", "1e99999999999"})
    void givenAnAmountThatIsNotAJsonNumberOrNoDecimalCanHold_whenCreated_thenMalformedJson(String literal) {
        ApiClient.Response response = API.send("POST", "/entries", entryWithAmount(literal), Map.of());
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("MALFORMED_JSON");
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12.5", "1250", "\"1250.00\"", "0.01", "999999999999.99"})
    void givenAPlainAmount_whenCreated_thenItIsStoredExactly(String literal) {
        ApiClient.Response response = API.send("POST", "/entries", entryWithAmount(literal), Map.of());
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        String plain = literal.replace("\"", "");
        assertThat(new java.math.BigDecimal(response.body().path("amount").asText()))
                .isEqualByComparingTo(new java.math.BigDecimal(plain));
        API.delete("/entries/" + response.body().path("id").asText());
        before = snapshot();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-2", "5E0", "100E-2", "1e2", "-0", "0x10", "1.", ".5"})
    void givenAnAmountFilterWithAnExponent_whenListedOrSummed_thenValidationFailedNamesIt(String text) {
        for (String name : List.of("minAmount", "maxAmount")) {
            for (String route : List.of("/entries", "/summary")) {
                ApiClient.Response response = API.get(route + ApiClient.query(Map.of(name, text)));
                assertThat(response.status()).as(route + " " + name + "=" + text + " " + response).isEqualTo(400);
                assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
                assertThat(response.body().path("error").path("details").findValuesAsText("field")).contains(name);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-2", "5E0", "100E-2", "1e2", "-0", "\"1E-2\"", "\"-0\"", "\"0x10\"", "\".5\""})
    void givenAnExportAmountFilterWithAnExponent_whenExportStarted_thenValidationFailedAndNoExport(String literal) {
        List<String> exportsBefore = API.get("/exports").body().path("items").findValuesAsText("id");
        for (String name : List.of("minAmount", "maxAmount")) {
            String body = "{\"filters\":{\"" + name + "\":" + literal + "},\"format\":\"csv\"}";
            ApiClient.Response response = API.send("POST", "/exports", body, Map.of());
            assertThat(response.status()).as(name + "=" + literal + " " + response).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
            assertThat(response.body().path("error").path("details").findValuesAsText("field"))
                    .containsExactly("filters." + name);
        }
        assertThat(API.get("/exports").body().path("items").findValuesAsText("id")).isEqualTo(exportsBefore);
    }

    // --- tokens signed by the pool's own key, with claims of the wrong shape --------------------

    static Stream<Arguments> oddTokens() {
        return Stream.of(
                Arguments.of("no token_use", (Consumer<Map<String, Object>>) c -> c.remove("token_use")),
                Arguments.of("token_use a number", (Consumer<Map<String, Object>>) c -> c.put("token_use", 1)),
                Arguments.of("token_use refresh", (Consumer<Map<String, Object>>) c -> c.put("token_use", "refresh")),
                Arguments.of("200-character sub", (Consumer<Map<String, Object>>) c -> c.put("sub", "s".repeat(200))),
                Arguments.of("empty sub", (Consumer<Map<String, Object>>) c -> c.put("sub", "")),
                Arguments.of("blank sub", (Consumer<Map<String, Object>>) c -> c.put("sub", "   ")),
                Arguments.of("sub with a NUL", (Consumer<Map<String, Object>>) c -> c.put("sub", "a\u0000b")),
                Arguments.of("sub with a slash", (Consumer<Map<String, Object>>) c -> c.put("sub", "a/b")),
                Arguments.of("sub with a lone surrogate", (Consumer<Map<String, Object>>) c -> c.put("sub", "a\ud800")),
                Arguments.of("no sub", (Consumer<Map<String, Object>>) c -> c.remove("sub")),
                Arguments.of("sub a number", (Consumer<Map<String, Object>>) c -> c.put("sub", 12345)),
                Arguments.of("sub an object", (Consumer<Map<String, Object>>) c -> c.put("sub", Map.of("a", 1))),
                Arguments.of("exp a string", (Consumer<Map<String, Object>>) c -> c.put("exp", "tomorrow")),
                Arguments.of("no exp", (Consumer<Map<String, Object>>) c -> c.remove("exp")),
                Arguments.of("iat a string", (Consumer<Map<String, Object>>) c -> c.put("iat", "now")),
                Arguments.of("nbf an array", (Consumer<Map<String, Object>>) c -> c.put("nbf", List.of(1, 2))),
                Arguments.of("aud an array of numbers", (Consumer<Map<String, Object>>) c -> c.put("aud", List.of(1, 2))),
                Arguments.of("aud an object", (Consumer<Map<String, Object>>) c -> c.put("aud", Map.of("x", "y"))),
                Arguments.of("client_id a number", (Consumer<Map<String, Object>>) c -> c.put("client_id", 7)),
                Arguments.of("iss a number", (Consumer<Map<String, Object>>) c -> c.put("iss", 7)),
                Arguments.of("129-character sub", (Consumer<Map<String, Object>>) c -> c.put("sub", "s".repeat(129))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddTokens")
    void givenATokenSignedByThePoolWithOddClaims_whenAnyRouteIsCalled_thenUnauthorizedAndNothingRuns(
            String name, Consumer<Map<String, Object>> spoil) {
        Map<String, Object> claims = validClaims(API.stack());
        spoil.accept(claims);
        String token = sign(API.stack(), json(claims));
        long calls = API.stack().dataApi().calls();

        for (String requestLine : List.of("GET /api/entries HTTP/1.1", "GET /api/summary HTTP/1.1",
                "POST /api/entries HTTP/1.1", "POST /api/exports HTTP/1.1")) {
            String body = requestLine.startsWith("POST /api/entries")
                    ? "{\"date\":\"2026-11-21\",\"type\":\"DEBIT\",\"amount\":\"5.00\",\"category\":\"x\",\"description\":\"y\"}"
                    : requestLine.startsWith("POST") ? "{\"format\":\"csv\"}" : null;
            Raw response = raw(requestLine, token, body);
            assertContractError(response, 401, "UNAUTHORIZED");
        }
        assertThat(API.stack().dataApi().calls()).as(name).isEqualTo(calls);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void givenATokenWithTheClaimsTheGatewayExpects_whenCalled_thenItWorks() {
        // The control for the test above: the forging itself is sound.
        Map<String, Object> claims = validClaims(API.stack());
        Raw response = raw("GET /api/entries HTTP/1.1", sign(API.stack(), json(claims)), null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-json", "[]", "{\"sub\":", "null"})
    void givenATokenSignedByThePoolWhosePayloadIsNotAClaimsObject_whenCalled_thenUnauthorized(String payload) {
        Raw response = raw("GET /api/entries HTTP/1.1", sign(API.stack(), payload), null);
        assertContractError(response, 401, "UNAUTHORIZED");
    }

    // --- helpers -------------------------------------------------------------------------------

    private static void assertAmountRefused(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body().path("error").path("details").findValuesAsText("field")).containsExactly("amount");
    }

    private static String entryWithAmount(String amountJson) {
        return "{\"date\":\"2026-11-21\",\"type\":\"DEBIT\",\"amount\":" + amountJson
                + ",\"category\":\"Food\",\"description\":\"Snack\"}";
    }

    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> validClaims(LocalStack stack) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", UUID.randomUUID().toString());
        claims.put("iss", stack.identity().issuer());
        claims.put("client_id", stack.clientId());
        claims.put("token_use", "access");
        claims.put("scope", "aws.cognito.signin.user.admin");
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** Claims as JSON text, anything beyond ASCII escaped (so a lone surrogate survives as one). */
    private static String json(Map<String, Object> claims) {
        try {
            return ApiClient.JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(claims);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs any payload text with the pool's own key, as only the pool could. */
    private static String sign(LocalStack stack, String payload) {
        try {
            RSAKey key = RSAKey.parse(Files.readString(stack.dataDirectory().resolve("identity/signing-key.json")));
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    new Payload(payload));
            jws.sign(new RSASSASigner(key));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertContractError(Raw response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertNoLeak(response);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/json");
        JsonNode error;
        try {
            error = ApiClient.JSON.readTree(response.body()).path("error");
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response, e);
        }
        assertThat(error.path("code").asText()).as(response.toString()).isEqualTo(code);
        assertThat(error.path("message").isTextual()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("details").isArray()).isTrue();
        assertThat(error.path("requestId").asText()).isNotBlank();
    }

    private static void assertNoLeak(Raw response) {
        assertThat(response.body()).as(response.toString()).doesNotContain(LEAKS);
        assertThat(response.headers().toString()).as(response.toString()).doesNotContain("Exception");
    }

    private static List<String> fields(Raw response) {
        try {
            return ApiClient.JSON.readTree(response.body()).path("error").path("details").findValuesAsText("field");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/entries", "/cognito/", "/index.html"})
    void givenABodyDeclaredAtOneGigabyteWithoutAToken_whenSent_then413BeforeAByteOfItIsRead(String path)
            throws IOException {
        LocalStack stack = TestStack.get();
        String before = snapshot();
        try (Socket socket = new Socket("127.0.0.1", stack.webUrl().getPort())) {
            socket.setSoTimeout(30_000);
            // Only the head is sent: the answer must come without the gateway waiting for the body.
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Raw answer = Raw.parse(path, socket.getInputStream());
            assertThat(answer.status()).isEqualTo(413);
            if (path.startsWith("/api")) {
                assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            }
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Everything the user can see, live and trashed. */
    private static String snapshot() {
        return API.get("/entries?limit=200").body().toString() + API.get("/trash").body().toString();
    }

    /**
     * Writes the request line as given (no client-side checks or encoding), then the headers and
     * body; reads until the server closes. A dropped connection fails the test.
     */
    private static Raw raw(String requestLine, String token, String body) {
        LocalStack stack = TestStack.get();
        try (Socket socket = new Socket("127.0.0.1", stack.webUrl().getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(requestLine).append("\r\n")
                    .append("Host: 127.0.0.1:").append(stack.webUrl().getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(bytes.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            return Raw.parse(requestLine, socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError(requestLine + ": no HTTP answer (" + e + ")", e);
        }
    }

    record Raw(String request, int status, Map<String, String> headers, String body) {
        static Raw parse(String request, InputStream in) throws IOException {
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.") || end < 0) {
                throw new AssertionError(request + ": not an HTTP answer: [" + text + "]");
            }
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
            byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                rest = dechunk(rest);
            }
            return new Raw(request, status, headers, new String(rest, StandardCharsets.UTF_8));
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int i = 0;
            while (i < chunked.length) {
                int lineEnd = indexOf(chunked, i);
                int size = Integer.parseInt(new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                out.write(chunked, lineEnd + 2, size);
                i = lineEnd + 2 + size + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] bytes, int from) {
            for (int i = from; i < bytes.length - 1; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    return i;
                }
            }
            throw new AssertionError("truncated chunked body");
        }
    }
}
