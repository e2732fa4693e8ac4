package org.expensetracker.local.gateway;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One Jetty request seen as a JDK {@link HttpExchange}, so the gateway's handlers (written for
 * {@code com.sun.net.httpserver}) run unchanged on {@link GatewayServer}. The response is kept in
 * memory until the handler returns and only then written: until that moment nothing has reached
 * the client, so a handler that fails half-way can still be answered with a clean 500.
 */
final class JettyExchange extends HttpExchange {
    private final Request request;
    private final Response response;
    private final Context context;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private InputStream in;
    private OutputStream out;
    private int status = -1;
    private boolean bodyless;

    /** @param requestBody the whole body, already read (the gateway reads it before any handler runs) */
    JettyExchange(Request request, Response response, Context context, URI uri, byte[] requestBody) {
        this.request = request;
        this.response = response;
        this.context = context;
        this.uri = uri;
        for (HttpField field : request.getHeaders()) {
            requestHeaders.add(field.getName(), field.getValue());
        }
        this.in = new ByteArrayInputStream(requestBody);
        this.out = body;
    }

    /** Whether the handler chose a status; if not, it never answered. */
    boolean answered() {
        return status >= 0;
    }

    /** Writes what the handler answered and completes the request. */
    void complete(Callback callback) {
        response.setStatus(status);
        responseHeaders.forEach((name, values) -> values.forEach(value -> response.getHeaders().add(name, value)));
        byte[] bytes = bodyless ? new byte[0] : body.toByteArray();
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return request.getMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    /**
     * Nothing to do: the answer is written once the handler returns, and request content the
     * handler did not read is Jetty's to consume (or to close the connection over).
     */
    @Override
    public void close() {
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        return out;
    }

    /** As the JDK server: {@code -1} means no body, any other length is only a hint here. */
    @Override
    public void sendResponseHeaders(int code, long responseLength) throws IOException {
        if (status >= 0) {
            throw new IOException("headers already sent");
        }
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status " + code);
        }
        status = code;
        bodyless = responseLength == -1;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return inet(request.getConnectionMetaData().getRemoteSocketAddress());
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return inet(request.getConnectionMetaData().getLocalSocketAddress());
    }

    @Override
    public String getProtocol() {
        return request.getConnectionMetaData().getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }

    /** A context of {@link GatewayServer}: a path prefix and its handler (no filters, no authenticator). */
    static final class Context extends HttpContext {
        private final String path;
        private final boolean api;
        private HttpHandler handler;
        private final Map<String, Object> attributes = new HashMap<>();

        Context(String path, HttpHandler handler, boolean api) {
            this.path = path;
            this.handler = handler;
            this.api = api;
        }

        /** Whether requests here are API requests, answered in the error contract. */
        boolean api() {
            return api;
        }

        /** Whether a raw request path falls under this context ("/api" takes /api and /api/…, not /apis). */
        boolean matches(String rawPath) {
            return rawPath.startsWith(path) && (path.endsWith("/") || rawPath.length() == path.length()
                    || rawPath.charAt(path.length()) == '/');
        }

        @Override
        public HttpHandler getHandler() {
            return handler;
        }

        @Override
        public void setHandler(HttpHandler handler) {
            this.handler = handler;
        }

        @Override
        public String getPath() {
            return path;
        }

        /** There is no JDK server behind this context. */
        @Override
        public HttpServer getServer() {
            return null;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        /** None, and none can be added: the gateway's handlers use none. */
        @Override
        public List<Filter> getFilters() {
            return List.of();
        }

        @Override
        public Authenticator setAuthenticator(Authenticator auth) {
            if (auth != null) {
                throw new UnsupportedOperationException("the gateway's contexts take no authenticator");
            }
            return null;
        }

        @Override
        public Authenticator getAuthenticator() {
            return null;
        }
    }
}
