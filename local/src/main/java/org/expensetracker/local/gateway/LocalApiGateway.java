package org.expensetracker.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.http.ErrorResponses;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.Json;
import org.expensetracker.http.Routes;

/**
 * The local HTTP API: what API Gateway does in front of the functions. It matches the request
 * against the shared route table, checks the bearer token like the JWT authorizer (every route is
 * protected), builds the payload 2.0 event with the verified claims, invokes the function's
 * handler in-process and writes its response back.
 */
public final class LocalApiGateway implements HttpHandler {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String basePath;
    private final RouteMatcher routes = new RouteMatcher(Routes.ALL);
    private final Map<FunctionName, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> functions;
    private final TokenVerifier tokens;
    private final List<String> allowedOrigins;

    public LocalApiGateway(String basePath,
                           Map<FunctionName, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> functions,
                           TokenVerifier tokens, List<String> allowedOrigins) {
        this.basePath = basePath;
        this.functions = Map.copyOf(functions);
        this.tokens = tokens;
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = requestId();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath().substring(basePath.length());
            if (path.isEmpty()) {
                path = "/";
            }
            cors(exchange);
            if ("OPTIONS".equals(method) && exchange.getRequestHeaders().getFirst("Access-Control-Request-Method") != null) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            Map<String, String> query;
            try {
                query = QueryString.parse(exchange.getRequestURI().getRawQuery());
            } catch (QueryString.MalformedQueryException e) {
                error(exchange, 400, ErrorCode.VALIDATION_FAILED, "The request has invalid fields.",
                        List.of(new FieldError(e.field(), e.detail())), requestId);
                return;
            }
            byte[] body = readAll(exchange.getRequestBody());
            Optional<RouteMatcher.Match> match = routes.match(method, path);
            if (match.isEmpty()) {
                error(exchange, 404, ErrorCode.NOT_FOUND, "No route " + method + " " + path + ".", requestId);
                return;
            }
            Optional<Map<String, String>> claims = bearer(exchange.getRequestHeaders()).flatMap(tokens::claims);
            if (claims.isEmpty()) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                error(exchange, 401, ErrorCode.UNAUTHORIZED, "Sign in to use the API: the access token is missing, invalid or expired.", requestId);
                return;
            }
            FunctionName function = match.get().route().function();
            var handler = functions.get(function);
            if (handler == null) {
                error(exchange, 500, ErrorCode.INTERNAL, "Function " + function.module() + " is not running locally.", requestId);
                return;
            }
            APIGatewayV2HTTPEvent event = event(exchange, match.get(), path, query, body, claims.get(), requestId);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event,
                    new LocalLambdaContext(UUID.randomUUID().toString(), function.module(), 30_000, 1024));
            write(exchange, response);
        }
    }

    private APIGatewayV2HTTPEvent event(HttpExchange exchange, RouteMatcher.Match match, String path,
                                        Map<String, String> query, byte[] body, Map<String, String> claims,
                                        String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                values.forEach(value -> cookies.addAll(List.of(value.split(";\\s*"))));
            } else {
                headers.put(key, String.join(",", values));
            }
        });
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Instant now = Instant.now();
        var jwt = APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                .withClaims(claims)
                .withScopes(claims.containsKey("scope") ? List.of(claims.get("scope").split(" ")) : null)
                .build();
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(exchange.getRequestMethod())
                .withPath(path)
                .withProtocol(exchange.getProtocol())
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.get("user-agent"))
                .build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                .withDomainPrefix("local")
                .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(jwt).build())
                .withHttp(http)
                .withRequestId(requestId)
                .withRouteKey(match.route().key())
                .withStage("$default")
                .withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .build();
        boolean textual = isTextual(headers.get("content-type"));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(match.route().key())
                .withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query)
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withRequestContext(context)
                .withBody(body.length == 0 ? null
                        : textual ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !textual)
                .build();
    }

    private void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> out.set(name, relocate(name, value)));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> values.forEach(v -> out.add(name, v)));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> out.add("Set-Cookie", cookie));
        }
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
    }

    /** Functions answer API-relative locations; here the API lives under a base path. */
    private String relocate(String header, String value) {
        return header.equalsIgnoreCase("Location") && value.startsWith("/") ? basePath + value : value;
    }

    private void cors(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && allowedOrigins.contains(origin)) {
            Headers out = exchange.getResponseHeaders();
            out.set("Access-Control-Allow-Origin", origin);
            out.set("Vary", "Origin");
            out.set("Access-Control-Allow-Methods", "GET,POST,PUT,DELETE,OPTIONS");
            out.set("Access-Control-Allow-Headers", "authorization,content-type,if-match");
            out.set("Access-Control-Expose-Headers", "etag,location,retry-after");
            out.set("Access-Control-Max-Age", "600");
        }
    }

    private static void error(HttpExchange exchange, int status, ErrorCode code, String message, String requestId)
            throws IOException {
        error(exchange, status, code, message, List.of(), requestId);
    }

    private static void error(HttpExchange exchange, int status, ErrorCode code, String message,
                              List<FieldError> details, String requestId) throws IOException {
        byte[] body = Json.write(ErrorResponses.body(code, message, new DomainException(code, message, details), requestId))
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }

    /** The HTTP API authorizer takes the token from Authorization, with or without "Bearer ". */
    private static Optional<String> bearer(Headers headers) {
        String value = headers.getFirst("Authorization");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String token = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7) : value;
        return token.isBlank() ? Optional.empty() : Optional.of(token.strip());
    }

    private static boolean isTextual(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded");
    }

    /** A fresh request id, for every answer of the gateway and the events it builds. */
    static String requestId() {
        // API Gateway request ids look like "Xy7Zb2abcdEFg="; a short random token does the same job.
        byte[] bytes = new byte[10];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
