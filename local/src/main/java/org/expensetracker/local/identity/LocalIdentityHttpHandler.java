package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.expensetracker.local.auth.SigV4Verifier;

/**
 * Serves a {@link LocalIdentity} over HTTP the way Cognito's endpoint does, for the AWS SDKs,
 * the AWS CLI ({@code --endpoint-url .../cognito}) and browsers:
 * <ul>
 *   <li>{@code POST <context>} or {@code <context>/} with {@code X-Amz-Target:
 *       AWSCognitoIdentityProviderService.<Operation>} and an {@code application/x-amz-json-1.1}
 *       body; errors are HTTP 400 with {@code {"__type","message"}} and {@code x-amzn-ErrorType},
 *       which is what the SDKs' JSON-protocol error unmarshallers turn into typed exceptions;</li>
 *   <li>{@code GET <context>/.well-known/jwks.json} and {@code /.well-known/openid-configuration};</li>
 *   <li>the local mailbox, which AWS does not have: {@code GET <context>/_local/mailbox?to=<email>} →
 *       {@code {"messages":[{"to","subject","code","sentAt"}]}} (newest last; all messages without
 *       {@code to}) and the same as a page for people at {@code <context>/_local/mailbox.html};</li>
 *   <li>CORS preflight ({@code OPTIONS}) for the configured web origins.</li>
 * </ul>
 * Mount it at the path of the pool's issuer (the local stack uses {@code /cognito}). Request
 * bodies, passwords and tokens are never logged.
 */
public final class LocalIdentityHttpHandler implements HttpHandler {

    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    static final String AMZ_JSON = "application/x-amz-json-1.1";
    /** Cognito requests are small; this bounds memory per request. */
    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** What the AWS SDK for JavaScript v3 / Amplify send besides the headers Cognito needs. */
    private static final String ALLOWED_HEADERS = "content-type, x-amz-target, x-amz-user-agent, authorization, "
            + "amz-sdk-invocation-id, amz-sdk-request, cache-control";
    private static final String EXPOSED_HEADERS = "x-amzn-requestid, x-amzn-errortype, date";
    private static final System.Logger LOG = System.getLogger(LocalIdentityHttpHandler.class.getName());

    private final LocalIdentity identity;
    private final CognitoJsonApi api;
    private final Set<String> allowedOrigins;
    private final SigV4Verifier adminSignatures;

    /** Same-origin use only (the web app served from the same host and port). */
    public LocalIdentityHttpHandler(LocalIdentity identity) {
        this(identity, List.of());
    }

    /**
     * @param allowedOrigins origins such as {@code http://127.0.0.1:5173} whose pages may call this
     *                       endpoint cross-origin; {@code *} allows any origin
     */
    public LocalIdentityHttpHandler(LocalIdentity identity, Collection<String> allowedOrigins) {
        this(identity, allowedOrigins, null);
    }

    /**
     * @param adminSignatures checks the IAM signature of Admin* operations (the stack's credentials,
     *                        service {@code cognito-idp}); null refuses every admin call
     */
    public LocalIdentityHttpHandler(LocalIdentity identity, Collection<String> allowedOrigins, SigV4Verifier adminSignatures) {
        this.adminSignatures = adminSignatures;
        this.identity = identity;
        this.api = new CognitoJsonApi(identity);
        this.allowedOrigins = allowedOrigins.stream().map(LocalIdentityHttpHandler::normalizeOrigin)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            addCorsHeaders(exchange);
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = relativePath(exchange);
            if (method.equals("OPTIONS")) {
                preflight(exchange);
            } else if (method.equals("POST") && (path.isEmpty() || path.equals("/"))) {
                operation(exchange);
            } else if (method.equals("GET") && path.equals("/.well-known/jwks.json")) {
                sendJson(exchange, 200, "application/json", identity.jwksJson());
            } else if (method.equals("GET") && path.equals("/.well-known/openid-configuration")) {
                sendJson(exchange, 200, "application/json", identity.openIdConfiguration());
            } else if (method.equals("GET") && path.startsWith("/_local/mailbox") && !fromThisMachine(exchange)) {
                // Codes (password resets included) are for the person at the laptop, never for the network.
                sendJson(exchange, 403, "application/json", Json.MAPPER.createObjectNode()
                        .put("message", "The local mailbox is served to this machine only"));
            } else if (method.equals("GET") && path.equals("/_local/mailbox")) {
                sendJson(exchange, 200, "application/json", MailboxPage.json(identity.mailbox().messages(to(exchange))));
            } else if (method.equals("GET") && path.equals("/_local/mailbox.html")) {
                sendHtml(exchange, MailboxPage.html(to(exchange), identity.mailbox().messages(to(exchange))));
            } else if (method.equals("POST") || method.equals("GET")) {
                sendJson(exchange, 404, "application/json", Json.MAPPER.createObjectNode().put("message", "Not Found"));
            } else {
                exchange.getResponseHeaders().set("Allow", "GET, POST, OPTIONS");
                sendJson(exchange, 405, "application/json",
                        Json.MAPPER.createObjectNode().put("message", "Method Not Allowed"));
            }
        }
    }

    private void operation(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX)
                ? target.substring(TARGET_PREFIX.length()) : null;
        try {
            if (operation == null) {
                throw CognitoException.unknownOperation("Missing or unknown X-Amz-Target");
            }
            byte[] raw = readRaw(exchange);
            if (CognitoJsonApi.isAdmin(operation)) {
                checkAdminSignature(exchange, raw);
            }
            ObjectNode response = api.invoke(operation, parseBody(raw));
            sendJson(exchange, 200, AMZ_JSON, response);
            LOG.log(System.Logger.Level.DEBUG, "Cognito {0} -> 200", operation);
        } catch (CognitoException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cognito {0} -> {1}", operation, e.errorType());
            sendError(exchange, e);
        } catch (RuntimeException e) {
            // Our own failure (e.g. the data dir is not writable); the exception never holds request content.
            LOG.log(System.Logger.Level.ERROR, "Cognito " + operation + " failed", e);
            sendError(exchange, CognitoException.internal());
        }
    }

    /**
     * Admin operations are IAM-authorized on AWS: a browser, or anyone without the account's
     * credentials, gets Cognito's answer to an unsigned or badly signed call.
     */
    private void checkAdminSignature(HttpExchange exchange, byte[] raw) {
        if (adminSignatures == null || exchange.getRequestHeaders().containsKey("Origin")) {
            throw new CognitoException("MissingAuthenticationTokenException", "Missing Authentication Token", 400);
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        try {
            adminSignatures.verify(exchange.getRequestMethod(), exchange.getRequestURI(), headers, raw, java.time.Instant.now());
        } catch (SigV4Verifier.Rejected e) {
            throw new CognitoException(e.errorType(), e.getMessage(), 400);
        }
    }

    private static byte[] readRaw(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw CognitoException.serialization("Request body too large");
        }
        return body;
    }

    private static JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            // Not e.getMessage(): a parser message may quote the body, i.e. a password.
            throw CognitoException.serialization("Request body is not valid JSON");
        }
    }

    private void preflight(HttpExchange exchange) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && !isAllowed(origin)) {
            sendEmpty(exchange, 403);
            return;
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Allow", "GET, POST, OPTIONS");
        if (origin != null) {
            headers.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            headers.set("Access-Control-Max-Age", "600");
        }
        sendEmpty(exchange, 204);
    }

    /** On every answer to an allowed origin, so the browser lets the page read it (errors included). */
    private void addCorsHeaders(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        Headers headers = exchange.getResponseHeaders();
        headers.add("Vary", "Origin");
        if (origin != null && isAllowed(origin)) {
            headers.set("Access-Control-Allow-Origin", origin);
            headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    private boolean isAllowed(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(normalizeOrigin(origin));
    }

    private static String normalizeOrigin(String origin) {
        String trimmed = origin.strip().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** The request path below the context the handler is mounted at ("" for the context itself). */
    private static String relativePath(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String context = exchange.getHttpContext().getPath();
        if (context.endsWith("/")) {
            context = context.substring(0, context.length() - 1);
        }
        return path.startsWith(context) ? path.substring(context.length()) : path;
    }

    private static void sendError(HttpExchange exchange, CognitoException error) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("__type", error.errorType());
        body.put("message", error.getMessage());
        // The SDKs read the error code from this header first, then from "__type".
        exchange.getResponseHeaders().set("x-amzn-ErrorType", error.errorType());
        sendJson(exchange, error.httpStatus(), AMZ_JSON, body);
    }

    private static void sendJson(HttpExchange exchange, int status, String contentType, JsonNode body)
            throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
        headers.set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * A direct request from this machine: a loopback peer, and no proxy or tunnel headers (a tunnel that
     * forwards the port to a phone connects from loopback too, but says whom it forwards for).
     */
    private static boolean fromThisMachine(HttpExchange exchange) {
        Headers headers = exchange.getRequestHeaders();
        return exchange.getRemoteAddress() != null && exchange.getRemoteAddress().getAddress() != null
                && exchange.getRemoteAddress().getAddress().isLoopbackAddress()
                && !headers.containsKey("Forwarded") && !headers.containsKey("X-Forwarded-For")
                && !headers.containsKey("X-Real-IP");
    }

    /** The {@code to} query parameter, decoded; null when absent or empty. */
    private static String to(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals("to")) {
                try {
                    String value = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
                    return value.isEmpty() ? null : value;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void sendHtml(HttpExchange exchange, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/html; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        // Nothing but the page itself and its inline style: no scripts, no external assets, no framing.
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }
}
