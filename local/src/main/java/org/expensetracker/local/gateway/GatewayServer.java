package org.expensetracker.local.gateway;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.http.ErrorResponses;
import org.expensetracker.http.Json;

/**
 * The local stack's one HTTP server (web app, API and identity on one port), on Jetty, with the
 * {@code createContext} shape of the JDK server it replaces so the handlers did not change. It
 * exists because the JDK server answers some requests itself, before any handler runs, with an
 * HTML page naming the exception (a request line whose URL is not a valid URI, such as
 * {@code ?q=50%}) or by closing the connection (a handler that throws).
 *
 * <p>Every request gets an HTTP answer, and this is the one place that makes sure of it:
 * <ul>
 * <li>requests Jetty cannot read as HTTP (bad request line, bad percent-encoding or {@code %00} in
 *     the path, an HTTP version it does not speak) are answered by its error handler, always in the
 *     API's error contract since their target is unknown: 400 {@code VALIDATION_FAILED};</li>
 * <li>a query that is not percent-encoded UTF-8 is refused before any handler runs: 400, in the
 *     contract with the parameter named on the API, plain text elsewhere;</li>
 * <li>anything a handler throws, or a handler returning without answering, becomes a 500: the
 *     contract's {@code INTERNAL} on the API, a plain 500 elsewhere. Handlers' answers are held
 *     until they return, so a failure half-way still gets a clean 500, and no exception text, SQL or
 *     stack trace reaches a body.</li>
 * </ul>
 * Accepted connections use TCP_NODELAY, as {@code sun.net.httpserver.nodelay} did for the JDK server.
 *
 * <p>It holds up under abuse the way API Gateway does, because the README tells people they may
 * open this port to their phone:
 * <ul>
 * <li>a body over {@value #MAX_BODY_BYTES} bytes (API Gateway's payload limit) is refused with 413
 *     as soon as its Content-Length says so, before a byte of it is read, and a chunked body as soon
 *     as it grows past the limit; the connection is closed rather than drained;</li>
 * <li>headers and bodies are read without holding a thread (Jetty parses headers on its selectors;
 *     the body is read asynchronously before the handler is given a thread), so slow clients cost
 *     a socket each, not a worker: 200 of them do not delay anyone else;</li>
 * <li>a connection that has not sent a whole request head within {@value #HEADER_TIMEOUT_MS} ms
 *     is closed, as is one idle for {@value #IDLE_TIMEOUT_MS} ms, and a body that trickles in
 *     below {@value #MIN_REQUEST_BYTES_PER_SECOND} bytes a second is abandoned;</li>
 * <li>at most {@value #MAX_CONNECTIONS} connections are open at once; more wait in the backlog.</li>
 * </ul>
 */
public final class GatewayServer {
    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());
    /** Jetty's default is 8 KiB; the authorizer reads tokens of up to 16 KiB, so room for those and more. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** API Gateway's request payload limit. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** A client gets this long from connecting to the end of its first request head. */
    static final long HEADER_TIMEOUT_MS = 10_000;
    /** A connection with nothing to say for this long is closed (API Gateway idles out at 30 s too). */
    static final long IDLE_TIMEOUT_MS = 30_000;
    /** Slower than this, a body is a slow-loris, not a phone on a bad network. */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 256;
    static final int MAX_CONNECTIONS = 1_000;
    private static final String INTERNAL_MESSAGE =
            "Something went wrong on our side. Try again; if it persists, quote the request id.";

    private final Server server;
    private final ServerConnector connector;
    private final String apiPath;
    /** Longest path first; replaced whole on each createContext, read by every request. */
    private volatile List<JettyExchange.Context> contexts = List.of();

    /** How long a client may take; {@link #DEFAULT} is what the local stack serves with (tests shorten it). */
    record Timeouts(long headerMillis, long idleMillis) {
        static final Timeouts DEFAULT = new Timeouts(HEADER_TIMEOUT_MS, IDLE_TIMEOUT_MS);
    }

    private final Timeouts timeouts;

    private GatewayServer(InetSocketAddress address, String apiPath, Timeouts timeouts) {
        this.apiPath = apiPath;
        this.timeouts = timeouts;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("local-gateway");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setAcceptedTcpNoDelay(true);
        connector.setIdleTimeout(timeouts.idleMillis());
        connector.addEventListener(new HeaderTimeout());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        server.setHandler(new MinimumDataRateHandler(new Dispatcher(), MIN_REQUEST_BYTES_PER_SECOND, 0));
        server.setErrorHandler(new UnreadableRequests());
        server.setStopTimeout(0);
    }

    /**
     * Binds the port at once (so its number is known before the handlers are built); serves after
     * {@link #start}.
     *
     * @param apiPath the context whose answers follow the API's error contract, e.g. "/api"
     */
    public static GatewayServer create(InetSocketAddress address, String apiPath) throws IOException {
        return create(address, apiPath, Timeouts.DEFAULT);
    }

    static GatewayServer create(InetSocketAddress address, String apiPath, Timeouts timeouts) throws IOException {
        GatewayServer gateway = new GatewayServer(address, apiPath, timeouts);
        gateway.connector.open();
        return gateway;
    }

    /** The bound address (the actual port when 0 was asked for). */
    public InetSocketAddress getAddress() {
        String host = connector.getHost();
        return host == null ? new InetSocketAddress(connector.getLocalPort())
                : new InetSocketAddress(host, connector.getLocalPort());
    }

    /**
     * Mounts a handler at a path prefix, as {@code HttpServer.createContext}; the longest
     * matching prefix serves a request, and "/api" serves /api and /api/… but not /apis.
     */
    public synchronized void createContext(String path, HttpHandler handler) {
        List<JettyExchange.Context> updated = new ArrayList<>(contexts);
        updated.add(new JettyExchange.Context(path, handler, path.equals(apiPath)));
        updated.sort(Comparator.comparingInt((JettyExchange.Context c) -> c.getPath().length()).reversed());
        contexts = List.copyOf(updated);
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the gateway did not start", e);
        }
    }

    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "while stopping the gateway", e);
        }
    }

    private JettyExchange.Context contextFor(String rawPath) {
        for (JettyExchange.Context context : contexts) {
            if (context.matches(rawPath)) {
                return context;
            }
        }
        return null;
    }

    /** Finds the context, checks what the JDK handlers could not be given, runs the handler. */
    private final class Dispatcher extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String rawPath = request.getHttpURI().getPath();
            String rawQuery = request.getHttpURI().getQuery();
            JettyExchange.Context context = rawPath == null ? null : contextFor(rawPath);
            if (context == null) {
                contract(response, callback, 404, ErrorCode.NOT_FOUND, "Not found.", List.of());
                return true;
            }
            URI uri;
            try {
                QueryString.check(rawQuery);
                uri = uri(rawPath, rawQuery);
            } catch (QueryString.MalformedQueryException e) {
                badRequest(context, response, callback, new FieldError(e.field(), e.detail()));
                return true;
            } catch (URISyntaxException e) {
                badRequest(context, response, callback, new FieldError("request", "must have a valid URL"));
                return true;
            }
            if (request.getLength() > MAX_BODY_BYTES) {
                tooLarge(context, response, callback);
                return true;
            }
            BoundedBody.read(request, MAX_BODY_BYTES, new BoundedBody.Outcome() {
                @Override
                public void complete(byte[] body) {
                    // The body may have completed on a selector thread: the handler blocks, so it gets a worker.
                    request.getContext().execute(() -> serve(context, request, response, callback, uri, body));
                }

                @Override
                public void tooLarge() {
                    GatewayServer.tooLarge(context, response, callback);
                }

                @Override
                public void failed(Throwable failure) {
                    callback.failed(failure); // the client went away or was too slow: nobody to answer
                }
            });
            return true;
        }

        private void serve(JettyExchange.Context context, Request request, Response response, Callback callback,
                           URI uri, byte[] body) {
            String rawPath = request.getHttpURI().getPath();
            JettyExchange exchange = new JettyExchange(request, response, context, uri, body);
            try {
                context.getHandler().handle(exchange);
                if (!exchange.answered()) {
                    throw new IllegalStateException("the handler returned without answering");
                }
                exchange.complete(callback);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "handler of " + context.getPath() + " failed on "
                        + request.getMethod() + " " + rawPath, e);
                internal(context, response, callback);
            }
        }
    }

    /**
     * Closes a connection that has not delivered its first request head in time. Jetty holds no
     * thread for it meanwhile, but it holds a socket, and the idle timeout alone would let a client
     * keep one forever by sending a byte every few seconds.
     */
    private final class HeaderTimeout implements Connection.Listener {
        @Override
        public void onOpened(Connection connection) {
            connector.getScheduler().schedule(() -> {
                if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
                    connection.getEndPoint().close();
                }
            }, timeouts.headerMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void tooLarge(JettyExchange.Context context, Response response, Callback callback) {
        // Closing tells Jetty not to drain the rest of a body it was never going to read.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        if (context.api()) {
            contract(response, callback, 413, ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes.", List.of());
        } else {
            plain(response, callback, 413, "Payload Too Large");
        }
    }

    /** Jetty's error handler: requests that never reached a handler because they are not readable HTTP. */
    private static final class UnreadableRequests implements Request.Handler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object attribute = request.getAttribute(ErrorHandler.ERROR_STATUS);
            int status = attribute instanceof Integer code ? code : response.getStatus();
            if (status == 401 || status == 404 || status == 413 || status == 415) {
                ErrorCode code = switch (status) {
                    case 401 -> ErrorCode.UNAUTHORIZED;
                    case 404 -> ErrorCode.NOT_FOUND;
                    case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
                    default -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
                };
                contract(response, callback, status, code, "The request cannot be served.", List.of());
            } else if (status >= 500 && status != 505) {
                contract(response, callback, 500, ErrorCode.INTERNAL, INTERNAL_MESSAGE, List.of());
            } else {
                // 400, 414, 431, 505 (HTTP/0.9, HTTP/9.9) …: the client sent something that is not HTTP/1.1.
                contract(response, callback, 400, ErrorCode.VALIDATION_FAILED,
                        "The request is not valid HTTP: check the percent-encoding of its URL and its headers.",
                        List.of(new FieldError("request", "must be HTTP/1.1 with a percent-encoded UTF-8 URL")));
            }
            return true;
        }
    }

    private static void badRequest(JettyExchange.Context context, Response response, Callback callback, FieldError field) {
        if (context.api()) {
            contract(response, callback, 400, ErrorCode.VALIDATION_FAILED, "The request has invalid fields.", List.of(field));
        } else {
            plain(response, callback, 400, "Bad Request");
        }
    }

    private static void internal(JettyExchange.Context context, Response response, Callback callback) {
        try {
            response.reset();
        } catch (IllegalStateException committed) {
            // Cannot happen while handlers' answers are held back; if it did, the connection is aborted.
            callback.failed(committed);
            return;
        }
        if (context.api()) {
            contract(response, callback, 500, ErrorCode.INTERNAL, INTERNAL_MESSAGE, List.of());
        } else {
            plain(response, callback, 500, "Internal Server Error");
        }
    }

    private static void contract(Response response, Callback callback, int status, ErrorCode code, String message,
                                 List<FieldError> details) {
        String body = Json.write(ErrorResponses.body(code, message, new DomainException(code, message, details),
                LocalApiGateway.requestId()));
        write(response, callback, status, "application/json; charset=utf-8", body);
    }

    private static void plain(Response response, Callback callback, int status, String text) {
        write(response, callback, status, "text/plain; charset=utf-8", text);
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /**
     * The target as a {@link URI} for the JDK-style handlers. Characters Jetty lets through but
     * {@code java.net.URI} refuses ({@code | { } ^ " < > \ [ ]} and non-ASCII blanks) are
     * percent-encoded; they mean the same once decoded. Called only after the query's escapes
     * were checked, and Jetty has checked the path's.
     */
    static URI uri(String rawPath, String rawQuery) throws URISyntaxException {
        StringBuilder target = new StringBuilder(rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1));
        quote(rawPath, target);
        if (rawQuery != null) {
            target.append('?');
            quote(rawQuery, target);
        }
        return new URI(target.toString());
    }

    private static void quote(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean refused = c <= 0x20 || c == 0x7f || "\"<>\\^`{|}[]#".indexOf(c) >= 0
                    || (c >= 0x80 && (Character.isISOControl(c) || Character.isSpaceChar(c)));
            if (!refused) {
                out.append(c);
                continue;
            }
            for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
    }
}
