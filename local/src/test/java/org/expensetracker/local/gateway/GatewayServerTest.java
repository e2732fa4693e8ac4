package org.expensetracker.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one place that turns every failure of the gateway's handlers into an HTTP answer. */
class GatewayServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "SELECT * FROM entries WHERE owner_id = 'alice' -- java.sql.SQLException";
    private static final AtomicReference<HttpExchange> LAST = new AtomicReference<>();
    private static GatewayServer server;

    @BeforeAll
    static void start() throws IOException {
        server = GatewayServer.create(new InetSocketAddress("127.0.0.1", 0), "/api");
        server.createContext("/api", GatewayServerTest::failing);
        server.createContext("/cognito", GatewayServerTest::failing);
        server.createContext("/", GatewayServerTest::failing);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** What the path asks for: /…/ok answers, /…/throw throws, and so on. */
    private static void failing(HttpExchange exchange) throws IOException {
        LAST.set(exchange);
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/ok")) {
            byte[] body = ("ok " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawQuery())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.getResponseHeaders().add("X-Many", "a");
            exchange.getResponseHeaders().add("X-Many", "b");
            exchange.sendResponseHeaders(201, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } else if (path.endsWith("/empty")) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        } else if (path.endsWith("/throw")) {
            throw new IllegalStateException(SECRET);
        } else if (path.endsWith("/io")) {
            throw new IOException(SECRET);
        } else if (path.endsWith("/error")) {
            throw new StackOverflowError(SECRET);
        } else if (path.endsWith("/halfway")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(("{\"partial\":\"" + SECRET).getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException(SECRET);
        } else if (path.endsWith("/silent")) {
            // Returns without answering.
        } else {
            exchange.sendResponseHeaders(404, -1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/throw", "/api/io", "/api/error", "/api/halfway", "/api/silent", "/api/x/throw"})
    void givenAnApiHandlerThatFails_whenCalled_thenInternalInTheContractWithNothingOfTheFailure(String path) throws Exception {
        Raw response = raw("GET " + path + " HTTP/1.1");
        assertThat(response.status()).as(response.toString()).isEqualTo(500);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("INTERNAL");
        assertThat(error.path("requestId").asText()).isNotBlank();
        assertThat(error.path("details").isArray()).isTrue();
        assertNothingLeaks(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/throw", "/io", "/error", "/halfway", "/silent", "/cognito/throw", "/apis/throw"})
    void givenAnotherHandlerThatFails_whenCalled_thenAPlain500(String path) throws Exception {
        Raw response = raw("GET " + path + " HTTP/1.1");
        assertThat(response.status()).as(response.toString()).isEqualTo(500);
        assertThat(response.header("content-type")).startsWith("text/plain");
        assertThat(response.body()).isEqualTo("Internal Server Error");
        assertNothingLeaks(response);
    }

    @Test
    void givenAHandlerThatAnswers_whenCalled_thenStatusHeadersAndBodyPassUnchanged() throws Exception {
        Raw response = raw("POST /api/ok?q=a%20b&x=%7C HTTP/1.1");
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("ok POST q=a%20b&x=%7C");
        assertThat(response.header("content-type")).isEqualTo("text/plain");
        assertThat(response.header("x-many")).isEqualTo("a, b");
        assertThat(response.header("content-length")).isEqualTo("21");
        assertThat(response.header("server")).isNull();

        Raw empty = raw("DELETE /api/empty HTTP/1.1");
        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void givenAQueryWithCharactersJavaNetUriRefuses_whenCalled_thenTheHandlerGetsThemEncoded() throws Exception {
        Raw response = raw("GET /api/ok?q=a|b{c}^\"d\" HTTP/1.1");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(QueryString.parse(LAST.get().getRequestURI().getRawQuery())).containsEntry("q", "a|b{c}^\"d\"");
    }

    @Test
    void givenTheContextsOfTheStack_whenPathsAreMatched_thenTheLongestWholeSegmentPrefixServes() throws Exception {
        raw("GET /api/ok HTTP/1.1");
        assertThat(LAST.get().getHttpContext().getPath()).isEqualTo("/api");
        raw("GET /api HTTP/1.1");
        assertThat(LAST.get().getHttpContext().getPath()).isEqualTo("/api");
        raw("GET /apis/ok HTTP/1.1");
        assertThat(LAST.get().getHttpContext().getPath()).isEqualTo("/");
        raw("GET /cognito/ok HTTP/1.1");
        assertThat(LAST.get().getHttpContext().getPath()).isEqualTo("/cognito");
    }

    @ParameterizedTest
    @ValueSource(strings = {"q=50%", "q=%zz", "q=%C3%28", "q=%", "q=%2", "q=%E2%82", "q=%ED%A0%80"})
    void givenAQueryThatIsNotPercentEncodedUtf8_whenTheApiIsCalled_thenValidationFailedNamesTheParameter(String query)
            throws Exception {
        Raw response = raw("GET /api/ok?" + query + " HTTP/1.1");
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(error.path("details").findValuesAsText("field")).containsExactly("q");
        assertNothingLeaks(response);

        Raw site = raw("GET /ok?" + query + " HTTP/1.1");
        assertThat(site.status()).isEqualTo(400);
        assertThat(site.body()).isEqualTo("Bad Request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /%00 HTTP/1.1", "GET /api/%00 HTTP/1.1", "GET /a b HTTP/1.1", "GET /%zz HTTP/1.1",
            "GET / HTTP/7.0", "BLAH", "GET /\u0007 HTTP/1.1", "GET /api/a%2Fb HTTP/1.1"})
    void givenARequestThatIsNotHttp_whenSent_thenABadRequestInTheContract(String requestLine) throws Exception {
        Raw response = raw(requestLine);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(error.path("requestId").asText()).isNotBlank();
        assertNothingLeaks(response);
    }

    @Test
    void givenATargetNoContextServes_whenCalled_thenNotFoundInTheContract() throws Exception {
        Raw response = raw("OPTIONS * HTTP/1.1");
        assertThat(response.status()).as(response.toString()).isIn(400, 404);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isIn("NOT_FOUND", "VALIDATION_FAILED");
    }

    @Test
    void givenAnOddMethod_whenCalled_thenTheHandlerSeesItAsSent() throws Exception {
        for (String method : List.of("get", "FOO", "TRACE", "PATCH")) {
            Raw response = raw(method + " /api/ok HTTP/1.1");
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            assertThat(response.body()).startsWith("ok " + method + " ");
        }
    }

    private static void assertNothingLeaks(Raw response) {
        assertThat(response.body()).doesNotContain("SELECT", "alice", "Exception", "java.", "at org.", "Jetty", "jetty",
                "StackOverflow", "partial");
    }

    private static Raw raw(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.getAddress().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                throw new AssertionError(requestLine + ": not an HTTP answer: [" + text + "]");
            }
            String[] lines = text.substring(0, end).split("\r\n");
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
        }
    }

    record Raw(int status, java.util.Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }
}
