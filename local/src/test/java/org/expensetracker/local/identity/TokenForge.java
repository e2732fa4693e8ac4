package org.expensetracker.local.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Signs arbitrary claims, with the pool's own key or a stranger's, to probe the authorizer. */
final class TokenForge {

    private TokenForge() {
    }

    static RSAKey poolKey(Path stateDir) throws IOException, ParseException {
        return RSAKey.parse(Files.readString(stateDir.resolve("identity/signing-key.json")));
    }

    static RSAKey strangerKey(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    /** Claims of a valid Cognito-like access token, for tests to spoil one at a time. */
    static JWTClaimsSet.Builder accessClaims(String issuer, String clientId, Instant now) {
        return new JWTClaimsSet.Builder()
                .subject(UUID.randomUUID().toString())
                .issuer(issuer)
                .claim("client_id", clientId)
                .claim("token_use", "access")
                .claim("scope", "aws.cognito.signin.user.admin")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .jwtID(UUID.randomUUID().toString());
    }

    /** Signs any payload text, so claims of types a claims builder would not write can be tried. */
    static String signPayload(RSAKey key, String payload) throws JOSEException {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new Payload(payload));
        jws.sign(new RSASSASigner(key));
        return jws.serialize();
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
