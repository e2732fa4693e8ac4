package org.expensetracker.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryValidator;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;

/** A payload 2.0 HTTP API event, read the way handlers need it. */
public final class ApiRequest {
    /** Request bodies are small JSON documents; anything larger is refused before parsing. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final APIGatewayV2HTTPEvent event;
    private final String appClientId;

    /** A request whose token may be an access token of any client the authorizer accepted. */
    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this(event, null);
    }

    /**
     * @param appClientId the one app client whose access tokens are accepted; null leaves the
     *                    client to the authorizer's audience check
     */
    public ApiRequest(APIGatewayV2HTTPEvent event, String appClientId) {
        this.event = event;
        this.appClientId = appClientId == null || appClientId.isBlank() ? null : appClientId;
    }

    public String routeKey() {
        String key = event.getRouteKey();
        if (key == null && event.getRequestContext() != null) {
            key = event.getRequestContext().getRouteKey();
        }
        return key;
    }

    public String requestId() {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    /**
     * The signed-in user. API Gateway's JWT authorizer has already verified the token's signature,
     * issuer, expiry and audience; but an audience check passes an ID token of the app's client
     * too (its {@code aud} is the client id), and the contract takes access tokens only. So the
     * token must say {@code token_use = access} and carry the app client's {@code client_id}. A
     * request without a subject claim can only come from a misconfigured route, and one whose
     * subject cannot be an owner id (see {@link OwnerId#ofSubject}) from a token no user was
     * issued. All of these are refused as unauthorized, never a server error.
     */
    public OwnerId owner() {
        var context = event.getRequestContext();
        Map<String, String> claims = context == null || context.getAuthorizer() == null
                || context.getAuthorizer().getJwt() == null ? null : context.getAuthorizer().getJwt().getClaims();
        if (claims == null) {
            throw new DomainException(ErrorCode.UNAUTHORIZED, "Sign in to use the API.");
        }
        if (!"access".equals(claims.get("token_use"))) {
            throw new DomainException(ErrorCode.UNAUTHORIZED,
                    "Send the access token of your sign-in as the bearer token (not the ID token).");
        }
        String client = claims.get("client_id");
        if (client == null || client.isBlank() || (appClientId != null && !appClientId.equals(client))) {
            throw new DomainException(ErrorCode.UNAUTHORIZED, "This token was not issued to this app: sign in again.");
        }
        return OwnerId.ofSubject(claims.get("sub"))
                .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHORIZED, "Sign in to use the API."));
    }

    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        return parameters == null ? null : parameters.get(name);
    }

    /** A path id that is not a UUID names nothing that could exist: not found, like any other. */
    public UUID pathId(String name, String what) {
        return EntryValidator.parseUuid(pathParameter(name)).orElseThrow(() -> DomainException.notFound(what));
    }

    public String query(String name) {
        Map<String, String> parameters = event.getQueryStringParameters();
        return parameters == null ? null : parameters.get(name);
    }

    /** Header lookup; payload 2.0 lower-cases names, but tests and tools may not. */
    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        String value = headers.get(name.toLowerCase(Locale.ROOT));
        if (value != null) {
            return value;
        }
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The body as text, refused when it is too large or not declared as JSON. */
    public String jsonBody() {
        String body = event.getBody();
        if (body == null) {
            return null;
        }
        byte[] bytes = event.getIsBase64Encoded() ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new DomainException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        String contentType = header("content-type");
        if (contentType != null && !mediaType(contentType).equals("application/json")) {
            throw new DomainException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** "application/json; charset=utf-8" → "application/json". */
    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
