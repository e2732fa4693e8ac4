package org.expensetracker.local.dataapi;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.expensetracker.local.auth.SigV4Verifier;
import javax.sql.DataSource;

/**
 * The RDS Data API on 127.0.0.1, over JDBC to a local PostgreSQL. It speaks the service's REST-JSON
 * wire protocol, so the unmodified AWS SDK ({@code aws.endpointUrlRdsData}) and the AWS CLI
 * ({@code --endpoint-url}) work against it. Every service call must be signed (SigV4) with the
 * stack's local credentials and name the stack's secret ARN ({@link DataApiAccess}); requests a
 * browser makes (an Origin header, or a body that is not JSON) are refused, so no web page can
 * reach the database through it.
 *
 * <p>Besides the service operations it answers {@code GET /_local/stats}, {@code POST /_local/stats/reset},
 * {@code POST /_local/resume?seconds=N} and {@code POST /_local/pause}.
 */
public final class LocalDataApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalDataApiServer.class.getName());
    private static final int MAX_SQL_LENGTH = 65_536;

    static {
        // Without it the JDK server waits for delayed ACKs: ~50 ms per call instead of ~4 ms. It is read
        // once, when the first HttpServer of the JVM starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final TransactionRegistry transactions;
    private final ResumeSimulator resume;
    private final DataApiStats stats = new DataApiStats();
    private final DataApiOperations operations;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService sweeper;
    private final DataApiAccess access;
    private final SigV4Verifier signatures;

    private LocalDataApiServer(LocalDataApiOptions options, Function<String, DataSource> dataSources, DataApiAccess access)
            throws IOException {
        this.access = access;
        this.signatures = new SigV4Verifier(
                key -> key.equals(access.accessKeyId()) ? access.secretAccessKey() : null, "rds-data");
        this.transactions = new TransactionRegistry(options.transactionIdleTimeout());
        this.resume = new ResumeSimulator(options.startPaused(), options.resumeDuration(), options.autoPauseAfter(),
                () -> transactions.openCount() > 0);
        this.operations = new DataApiOperations(options, dataSources, mapper, transactions, resume, stats);
        this.workers = Executors.newFixedThreadPool(options.httpThreads(), daemonThreads("local-data-api"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("local-data-api-expiry"));
        this.server = HttpServer.create(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port()), 64);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
    }

    /**
     * Starts serving. {@code dataSources} gives the DataSource of a database named in a request
     * (or {@link LocalDataApiOptions#defaultDatabase()}); it is asked once per database.
     */
    public static LocalDataApiServer start(LocalDataApiOptions options, Function<String, DataSource> dataSources) {
        return start(options, dataSources, DataApiAccess.localDefaults());
    }

    /** As {@link #start(LocalDataApiOptions, Function)}, serving only callers that {@code access} admits. */
    public static LocalDataApiServer start(LocalDataApiOptions options, Function<String, DataSource> dataSources,
                                           DataApiAccess access) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(dataSources, "dataSources");
        Objects.requireNonNull(access, "access");
        try {
            LocalDataApiServer dataApi = new LocalDataApiServer(options, dataSources, access);
            dataApi.server.start();
            long sweepMillis = Math.max(50, Math.min(10_000, options.transactionIdleTimeout().toMillis() / 4));
            dataApi.sweeper.scheduleWithFixedDelay(dataApi::expireIdleTransactions, sweepMillis, sweepMillis,
                    TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "Data API on {0}", dataApi.url());
            return dataApi;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local Data API on port " + options.port(), e);
        }
    }

    /** http://127.0.0.1:port, for {@code aws.endpointUrlRdsData} or {@code --endpoint-url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Data API operations served since start (or the last reset), errors included. */
    public long calls() {
        return stats.calls();
    }

    /** The body of {@code GET /_local/stats}. */
    public String statsJson() {
        return statsNode().toString();
    }

    public void resetStats() {
        stats.reset();
    }

    /** For {@code duration}, every call is answered with DatabaseResumingException. */
    public void resumeFor(Duration duration) {
        resume.resumeFor(duration);
    }

    /** As if the cluster auto-paused: the next call starts a resume of {@link LocalDataApiOptions#resumeDuration()}. */
    public void pause() {
        resume.pause();
    }

    /** Stops serving, rolls back open transactions and closes every session. */
    @Override
    public void close() {
        server.stop(0);
        sweeper.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        operations.close();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestHeaders().containsKey("Origin")) {
                // Browsers always send Origin on cross-origin requests: a web page must never reach this port.
                sendError(exchange, new DataApiException("AccessDeniedException", 403, "Browser requests are not served."));
                return;
            }
            if (path.startsWith("/_local/")) {
                handleLocal(exchange, path);
                return;
            }
            String operation = DataApiOperations.operationAt(path);
            if (operation == null || !"POST".equals(exchange.getRequestMethod())) {
                sendError(exchange, DataApiErrors.unknownOperation(path));
                return;
            }
            stats.call(operation);
            try {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                    throw new DataApiException("UnsupportedMediaTypeException", 415, "The request body must be application/json.");
                }
                java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
                try {
                    signatures.verify(exchange.getRequestMethod(), exchange.getRequestURI(), headers, raw, java.time.Instant.now());
                } catch (SigV4Verifier.Rejected e) {
                    throw new DataApiException(e.errorType(), e.status(), e.getMessage());
                }
                JsonNode request = parse(raw);
                if (access.secretArn() != null && request.hasNonNull("secretArn")
                        && !access.secretArn().equals(request.path("secretArn").asText())) {
                    throw DataApiErrors.badRequest("Secrets Manager can't find the specified secret.");
                }
                byte[] body = operations.serve(operation, request);
                send(exchange, 200, body);
            } catch (DataApiException e) {
                stats.error(e.errorType());
                sendError(exchange, e);
            } catch (RuntimeException e) {
                stats.error("InternalServerErrorException");
                LOG.log(Level.ERROR, "Data API " + operation + " failed", e);
                sendError(exchange, DataApiErrors.internal());
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "client went away", e);
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || !json.isObject()) {
                throw DataApiErrors.badRequest("The request body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw DataApiErrors.badRequest("The request body is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handleLocal(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        if ("GET".equals(method) && path.equals("/_local/stats")) {
            send(exchange, 200, statsJson().getBytes(UTF_8));
        } else if ("POST".equals(method) && path.equals("/_local/stats/reset")) {
            stats.reset();
            send(exchange, 200, statsJson().getBytes(UTF_8));
        } else if ("POST".equals(method) && path.equals("/_local/resume")) {
            double seconds;
            try {
                seconds = Double.parseDouble(queryParameter(exchange, "seconds", "15"));
            } catch (NumberFormatException e) {
                sendError(exchange, DataApiErrors.badRequest("seconds must be a number"));
                return;
            }
            resumeFor(Duration.ofMillis((long) (seconds * 1000)));
            send(exchange, 200, statsJson().getBytes(UTF_8));
        } else if ("POST".equals(method) && path.equals("/_local/pause")) {
            pause();
            send(exchange, 200, statsJson().getBytes(UTF_8));
        } else {
            sendError(exchange, DataApiErrors.unknownOperation(path));
        }
    }

    private ObjectNode statsNode() {
        return stats.toJson(transactions.openCount(), resume.isResuming());
    }

    private static String queryParameter(HttpExchange exchange, String name, String fallback) {
        String query = exchange.getRequestURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).equals(name)) {
                    return pair.substring(equals + 1);
                }
            }
        }
        return fallback;
    }

    private void expireIdleTransactions() {
        try {
            transactions.expireIdle();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "transaction expiry failed", e);
        }
    }

    private void sendError(HttpExchange exchange, DataApiException error) throws IOException {
        ObjectNode body = mapper.createObjectNode();
        body.put("message", error.getMessage());
        // Header for the SDKs' rest-json error parsers; the body fields for clients that only read bodies.
        body.put("__type", error.errorType());
        body.put("code", error.errorType());
        if (error.dbConnectionId() != null) {
            body.put("dbConnectionId", error.dbConnectionId());
        }
        exchange.getResponseHeaders().set("x-amzn-ErrorType", error.errorType());
        send(exchange, error.httpStatus(), body.toString().getBytes(UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
