package org.expensetracker.local.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/**
 * Mints access and ID tokens shaped like Cognito's, so code that reads claims (the HTTP
 * adapter takes the owner from {@code sub}) sees the same thing locally as on AWS.
 */
final class TokenIssuer {

    static final String ACCESS_SCOPE = "aws.cognito.signin.user.admin";
    /** Cognito puts these verification flags into the ID token as JSON booleans. */
    private static final Set<String> BOOLEAN_ATTRIBUTES = Set.of("email_verified", "phone_number_verified");

    private final RSAKey key;
    private final RSASSASigner signer;
    private final String issuer;
    private final Clock clock;
    private final Duration accessTokenTtl;

    TokenIssuer(RSAKey key, String issuer, Clock clock, Duration accessTokenTtl) {
        this.key = key;
        this.issuer = issuer;
        this.clock = clock;
        this.accessTokenTtl = accessTokenTtl;
        try {
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("Unusable signing key", e);
        }
    }

    record Tokens(String accessToken, String idToken) {
    }

    /**
     * @param originJti the id of the sign-in these tokens descend from (kept across refreshes)
     * @param authTime  when the user last typed the password (kept across refreshes)
     */
    Tokens issue(StoredUser user, String clientId, String originJti, Instant authTime) {
        // JWT times are whole seconds; truncating keeps iat <= now for a validator on the same clock.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Date issuedAt = Date.from(now);
        Date expiresAt = Date.from(now.plus(accessTokenTtl));
        long authTimeSeconds = authTime.getEpochSecond();
        String eventId = UUID.randomUUID().toString();

        JWTClaimsSet access = new JWTClaimsSet.Builder()
                .subject(user.sub())
                .issuer(issuer)
                .claim("client_id", clientId)
                .claim("origin_jti", originJti)
                .claim("event_id", eventId)
                .claim("token_use", "access")
                .claim("scope", ACCESS_SCOPE)
                .claim("auth_time", authTimeSeconds)
                .expirationTime(expiresAt)
                .issueTime(issuedAt)
                .jwtID(UUID.randomUUID().toString())
                .claim("username", user.username())
                .build();

        JWTClaimsSet.Builder id = new JWTClaimsSet.Builder()
                .subject(user.sub())
                .audience(clientId)
                .issuer(issuer)
                .claim("origin_jti", originJti)
                .claim("event_id", eventId)
                .claim("token_use", "id")
                .claim("auth_time", authTimeSeconds)
                .claim("cognito:username", user.username())
                .expirationTime(expiresAt)
                .issueTime(issuedAt)
                .jwtID(UUID.randomUUID().toString());
        user.attributes().forEach((name, value) -> id.claim(name,
                BOOLEAN_ATTRIBUTES.contains(name) ? (Object) Boolean.valueOf(value) : value));

        return new Tokens(sign(access), sign(id.build()));
    }

    private String sign(JWTClaimsSet claims) {
        // Cognito's header is just kid + alg; no "typ".
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign token", e);
        }
        return jwt.serialize();
    }
}
