package org.expensetracker.local.identity;

import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.BAD_SIGNATURE;
import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.EXPIRED;
import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.MALFORMED;
import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.MISSING_TOKEN;
import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.NOT_YET_VALID;
import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.UNKNOWN_KEY;
import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.WRONG_ALGORITHM;
import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.WRONG_AUDIENCE;
import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.WRONG_ISSUER;
import static org.expensetracker.local.identity.UnauthorizedTokenException.Reason.WRONG_TOKEN_USE;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Validates bearer tokens the way the API Gateway HTTP API JWT authorizer does for an
 * authorizer configured with {@code issuer} and {@code audience}: RS256 signature by a key of the
 * JWKS found by {@code kid}; {@code iss} equal to the issuer; {@code aud} (or, only when there is
 * no {@code aud}, {@code client_id}) in the audience; {@code exp} in the future, {@code nbf} and
 * {@code iat} not in the future. Additionally {@code token_use} must be {@code access} or
 * {@code id}, so that no other JWT signed by the pool key passes, and every registered claim must
 * have its RFC 7519 type ({@code sub} a string, {@code exp} a number, …). Whatever the token holds,
 * the answer is a {@link VerifiedToken} or an {@link UnauthorizedTokenException}, never another
 * exception.
 *
 * <p>Stateless and thread-safe. Like API Gateway it does not look at revocation (a signed-out
 * user's access token stays valid until it expires).
 */
public final class JwtAuthorizer {

    /**
     * AWS does not publish API Gateway's leeway; a few seconds covers clocks of separate
     * machines without noticeably stretching a token's life.
     */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);
    private static final Set<String> TOKEN_USES = Set.of("access", "id");
    /** API Gateway refuses large identity sources too; this also bounds parsing work on garbage. */
    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final String issuer;
    private final Set<String> audience;
    private final JWKSet keys;
    private final Clock clock;
    private final Duration clockSkew;

    public JwtAuthorizer(String issuer, Collection<String> audience, JWKSet keys, Clock clock) {
        this(issuer, audience, keys, clock, DEFAULT_CLOCK_SKEW);
    }

    public JwtAuthorizer(String issuer, Collection<String> audience, JWKSet keys, Clock clock, Duration clockSkew) {
        this.issuer = issuer;
        this.audience = Set.copyOf(audience);
        this.keys = keys.toPublicJWKSet();
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /**
     * Validates the value of an {@code Authorization} header; like API Gateway it accepts the
     * token alone or prefixed with {@code Bearer }.
     */
    public VerifiedToken authorizeHeader(String authorizationHeader) throws UnauthorizedTokenException {
        if (authorizationHeader == null) {
            throw new UnauthorizedTokenException(MISSING_TOKEN, "no Authorization header");
        }
        String value = authorizationHeader.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return verify(value);
    }

    public VerifiedToken verify(String token) throws UnauthorizedTokenException {
        if (token == null || token.isBlank()) {
            throw new UnauthorizedTokenException(MISSING_TOKEN, "empty token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new UnauthorizedTokenException(MALFORMED, "token too long");
        }
        try {
            SignedJWT jwt = parse(token);
            verifySignature(jwt);
            JWTClaimsSet claims = claimsOf(jwt);
            JsonNode payload = payload(jwt);
            verifyClaims(claims);
            String tokenUse = (String) claims.getClaim("token_use");
            return new VerifiedToken(claims.getSubject(), tokenUse, stringClaims(payload), scopes(claims));
        } catch (RuntimeException e) {
            // Fail closed: a token the checks above trip over in a way nobody foresaw is refused like
            // any other bad token (401), never answered as a server error.
            throw new UnauthorizedTokenException(MALFORMED, "unreadable token: " + e.getClass().getSimpleName());
        }
    }

    private static SignedJWT parse(String token) throws UnauthorizedTokenException {
        try {
            // Fails for "alg":"none" (not a JWS header) and for encrypted tokens.
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new UnauthorizedTokenException(MALFORMED, "not a signed JWT");
        }
    }

    private void verifySignature(SignedJWT jwt) throws UnauthorizedTokenException {
        JWSHeader header = jwt.getHeader();
        // Only RS256, whatever the token claims: this is what shuts out HS256-with-the-public-key tricks.
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new UnauthorizedTokenException(WRONG_ALGORITHM, "alg " + header.getAlgorithm());
        }
        JWK jwk = header.getKeyID() == null ? null : keys.getKeyByKeyId(header.getKeyID());
        if (!(jwk instanceof RSAKey)) {
            throw new UnauthorizedTokenException(UNKNOWN_KEY, "no RSA key for kid " + header.getKeyID());
        }
        try {
            if (!jwt.verify(new RSASSAVerifier((RSAKey) jwk))) {
                throw new UnauthorizedTokenException(BAD_SIGNATURE, "signature does not verify");
            }
        } catch (JOSEException e) {
            throw new UnauthorizedTokenException(BAD_SIGNATURE, "signature check failed");
        }
    }

    private static JWTClaimsSet claimsOf(SignedJWT jwt) throws UnauthorizedTokenException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new UnauthorizedTokenException(MALFORMED, "claims are not a valid JWT claims set");
        }
    }

    private void verifyClaims(JWTClaimsSet claims) throws UnauthorizedTokenException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new UnauthorizedTokenException(WRONG_ISSUER, "iss " + claims.getIssuer());
        }
        verifyAudience(claims);
        Object tokenUse = claims.getClaim("token_use");
        // Set.of(...).contains(null) throws: a token without token_use must be refused, not crash.
        if (!(tokenUse instanceof String use) || !TOKEN_USES.contains(use)) {
            throw new UnauthorizedTokenException(WRONG_TOKEN_USE, "token_use " + tokenUse);
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !now.isBefore(exp.toInstant().plus(clockSkew))) {
            throw new UnauthorizedTokenException(EXPIRED, "exp " + exp);
        }
        Instant latestAcceptable = now.plus(clockSkew);
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(latestAcceptable)) {
            throw new UnauthorizedTokenException(NOT_YET_VALID, "nbf " + nbf);
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.toInstant().isAfter(latestAcceptable)) {
            throw new UnauthorizedTokenException(NOT_YET_VALID, "iat " + iat);
        }
    }

    /** API Gateway evaluates {@code aud} when present and falls back to {@code client_id} otherwise. */
    private void verifyAudience(JWTClaimsSet claims) throws UnauthorizedTokenException {
        List<String> aud = claims.getAudience();
        if (!aud.isEmpty()) {
            if (aud.stream().noneMatch(audience::contains)) {
                throw new UnauthorizedTokenException(WRONG_AUDIENCE, "aud " + aud);
            }
            return;
        }
        Object clientId = claims.getClaim("client_id");
        if (!(clientId instanceof String) || !audience.contains(clientId)) {
            throw new UnauthorizedTokenException(WRONG_AUDIENCE, "client_id " + clientId);
        }
    }

    private static List<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        if (!(scope instanceof String) || ((String) scope).isBlank()) {
            return List.of();
        }
        return Arrays.asList(((String) scope).trim().split("\\s+"));
    }

    /**
     * The raw payload, which must be a JSON object whose {@code sub}, when present, is a string
     * (RFC 7519's StringOrURI; the JOSE library would turn a number into its digits).
     */
    private static JsonNode payload(SignedJWT jwt) throws UnauthorizedTokenException {
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(jwt.getParsedParts()[1].decode());
        } catch (IOException e) {
            throw new UnauthorizedTokenException(MALFORMED, "payload is not JSON");
        }
        if (payload == null || !payload.isObject()) {
            throw new UnauthorizedTokenException(MALFORMED, "payload is not a JSON object");
        }
        JsonNode sub = payload.get("sub");
        if (sub != null && !sub.isTextual()) {
            throw new UnauthorizedTokenException(MALFORMED, "sub is not a string");
        }
        return payload;
    }

    /**
     * Claims as API Gateway renders them for the Lambda: strings as they are, numbers and
     * booleans as their JSON text, arrays as {@code [a b]}. Read from the raw payload so
     * numeric dates keep their exact digits.
     */
    private static Map<String, String> stringClaims(JsonNode payload) {
        Map<String, String> result = new LinkedHashMap<>();
        payload.properties().forEach(e -> result.put(e.getKey(), render(e.getValue())));
        return result;
    }

    private static String render(JsonNode value) {
        if (value.isArray()) {
            StringJoiner joined = new StringJoiner(" ", "[", "]");
            value.forEach(item -> joined.add(render(item)));
            return joined.toString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
