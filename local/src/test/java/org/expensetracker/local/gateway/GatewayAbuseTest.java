package org.expensetracker.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway under abuse, as API Gateway would hold: oversized bodies refused before they are
 * read, slow clients costing a socket and not a worker, clients that never finish their request
 * head or go quiet disconnected. Raw sockets, because an HTTP client would not misbehave.
 */
class GatewayAbuseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short timeouts, so that the test of them does not wait for the real ones. */
    private static final GatewayServer.Timeouts TIMEOUTS = new GatewayServer.Timeouts(800, 1_500);
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static GatewayServer server;
    private static int port;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        server = GatewayServer.create(new InetSocketAddress("127.0.0.1", 0), "/api", TIMEOUTS);
        server.createContext("/api", GatewayAbuseTest::echoLength);
        server.createContext("/", GatewayAbuseTest::echoLength);
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** Answers with the number of body bytes it was given. */
    private static void echoLength(HttpExchange exchange) throws IOException {
        HANDLED.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        byte[] answer = String.valueOf(body.length).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Test
    void givenABodyDeclaredAtOneGigabyte_whenOnlyItsHeadIsSent_then413InTheContractAndNoHandlerRuns() throws Exception {
        int handledBefore = HANDLED.get();
        // Six at once used to be read in full and exhaust the heap; now none of their bodies is ever sent.
        List<Socket> attackers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Socket socket = open();
            send(socket, "POST /api/entries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1073741824\r\n\r\n{\"amount\":");
            attackers.add(socket);
        }
        for (Socket socket : attackers) {
            String response = readResponse(socket);
            assertThat(response).startsWith("HTTP/1.1 413 ");
            JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(body.at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(response.toLowerCase()).contains("connection: close");
        }
        assertThat(HANDLED.get()).isEqualTo(handledBefore);
    }

    @Test
    void givenAChunkedBodyThatGrowsPastTenMegabytes_whenSent_then413AndNoHandlerRuns() throws Exception {
        int handledBefore = HANDLED.get();
        Socket socket = open();
        send(socket, "POST /api/entries HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        byte[] chunk = new byte[1024 * 1024];
        String response = null;
        try (OutputStream out = socket.getOutputStream()) {
            for (int i = 0; i < 11; i++) {
                out.write(("100000\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            response = readResponse(socket);
        } catch (SocketException reset) {
            // The server may close before the last chunk is written; it must have answered first.
            response = response != null ? response : readResponse(socket);
        }
        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(HANDLED.get()).isEqualTo(handledBefore);
    }

    @Test
    void givenABodyJustUnderTheLimit_whenSent_thenTheHandlerGetsAllOfIt() throws Exception {
        int size = GatewayServer.MAX_BODY_BYTES - 1;
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/big"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(String.valueOf(size));
    }

    @Test
    void givenTwoHundredSlowClients_whenSomeoneElseCalls_thenTheirRequestIsServedWithinASecond() throws Exception {
        for (int i = 0; i < 100; i++) {
            // a request head that never ends ...
            send(open(), "GET /api/entries HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            // ... and a body that never arrives in full: neither holds one of the gateway's workers
            send(open(), "POST /api/entries HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"a\":");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/ok")).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("2");
            assertThat(millis).as("a normal request behind 200 slow clients").isLessThan(1_000);
        }
    }

    @Test
    void givenAClientThatNeverFinishesItsRequestHead_whenTheHeaderTimeoutPasses_thenItIsDisconnected() throws Exception {
        Socket socket = open();
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write("GET /api/entries HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long started = System.nanoTime();
        // keeps trickling header bytes faster than the idle timeout, as a slow-loris does
        int read = -2;
        while (read == -2 && (System.nanoTime() - started) < 8_000_000_000L) {
            try {
                out.write("X-A: b\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.setSoTimeout(300);
                read = socket.getInputStream().read();
            } catch (java.net.SocketTimeoutException stillOpen) {
                read = -2;
            } catch (SocketException closed) {
                read = -1;
            }
        }
        assertThat(read).as("the server closed the connection").isEqualTo(-1);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(TIMEOUTS.headerMillis() + 3_000);
    }

    @Test
    void givenAKeptAliveConnection_whenIdlePastTheIdleTimeout_thenItIsClosedAfterItsAnswer() throws Exception {
        Socket socket = open();
        send(socket, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int b;
        long started = System.nanoTime();
        while ((b = in.read()) != -1) {
            seen.write(b);
        }
        assertThat(seen.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 ");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).isBetween(TIMEOUTS.idleMillis() - 500, TIMEOUTS.idleMillis() + 3_000);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Reads one response (head and a Content-Length body) without waiting for the connection to close. */
    private static String readResponse(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
