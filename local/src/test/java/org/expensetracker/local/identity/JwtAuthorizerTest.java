package org.expensetracker.local.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.expensetracker.local.identity.UnauthorizedTokenException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtAuthorizerTest {

    private static final String ISSUER = "http://127.0.0.1:8080/cognito";

    @TempDir
    static Path stateDir;
    private static MutableClock clock;
    private static LocalIdentity identity;
    private static AuthenticationResult signedIn;
    private static RSAKey poolKey;
    private static String aliceSub;

    private JwtAuthorizer authorizer;

    @BeforeAll
    static void signUpOneUser() throws Exception {
        clock = MutableClock.atNow();
        PasswordHasher cheap = new PasswordHasher(IdentityServer.TEST_HASH_ITERATIONS);
        identity = new LocalIdentity(stateDir, ISSUER, null, clock, Duration.ofHours(1), false, cheap, cheap);
        aliceSub = identity.signUp(identity.clientId(), "alice@example.com", "Correct horse 9", Map.of()).userSub();
        identity.confirmSignUp(identity.clientId(), "alice@example.com",
                identity.mailbox().messages("alice@example.com").get(0).code());
        signedIn = identity.authenticate(identity.clientId(), "alice@example.com", "Correct horse 9");
        poolKey = TokenForge.poolKey(stateDir);
    }

    @BeforeEach
    void freshAuthorizerOnTheTokensIssueTime() {
        // Each test gets its own clock so moving time in one does not leak into another.
        MutableClock testClock = new MutableClock(clock.instant());
        authorizer = new JwtAuthorizer(ISSUER, List.of(identity.clientId()), identity.publicJwks(), testClock);
    }

    @Test
    void givenAccessToken_whenVerified_thenClaimsAreStringsAsApiGatewayPassesThem() throws Exception {
        VerifiedToken token = authorizer.authorizeHeader("Bearer " + signedIn.accessToken());

        assertThat(token.tokenUse()).isEqualTo("access");
        assertThat(token.scopes()).containsExactly("aws.cognito.signin.user.admin");
        Map<String, String> claims = token.claims();
        assertThat(claims).containsEntry("iss", ISSUER)
                .containsEntry("client_id", identity.clientId())
                .containsEntry("token_use", "access")
                .containsEntry("username", aliceSub)
                .containsKeys("jti", "origin_jti", "auth_time", "iat", "exp");
        assertThat(claims.get("sub")).isEqualTo(token.subject()).isNotBlank();
        assertThat(claims.get("exp")).matches("\\d{10}");
    }

    @Test
    void givenIdToken_whenVerified_thenAudienceIsCheckedInsteadOfClientId() throws Exception {
        VerifiedToken token = authorizer.verify(signedIn.idToken());

        assertThat(token.tokenUse()).isEqualTo("id");
        assertThat(token.scopes()).isEmpty();
        assertThat(token.claims()).containsEntry("aud", identity.clientId())
                .containsEntry("email", "alice@example.com")
                .containsEntry("email_verified", "true")
                .containsEntry("cognito:username", aliceSub);
    }

    @Test
    void givenTokenWithoutBearerPrefix_whenAuthorizingHeader_thenAccepted() throws Exception {
        assertThat(authorizer.authorizeHeader(signedIn.accessToken()).subject()).isNotBlank();
    }

    @Test
    void givenTamperedSignature_whenVerified_thenBadSignature() {
        String token = signedIn.accessToken();
        int middleOfSignature = token.lastIndexOf('.') + 20; // not the last char: its low bits are padding
        char flipped = token.charAt(middleOfSignature) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, middleOfSignature) + flipped + token.substring(middleOfSignature + 1);

        assertRejected(tampered, Reason.BAD_SIGNATURE);
    }

    @Test
    void givenPayloadChangedUnderOriginalSignature_whenVerified_thenBadSignature() throws Exception {
        SignedJWT original = SignedJWT.parse(signedIn.accessToken());
        JWTClaimsSet changed = new JWTClaimsSet.Builder(original.getJWTClaimsSet()).subject("someone-else").build();
        String forged = original.getParsedParts()[0] + "." + Base64URL.encode(changed.toString()) + "."
                + original.getSignature();

        assertRejected(forged, Reason.BAD_SIGNATURE);
    }

    @Test
    void givenWrongIssuer_whenVerified_thenWrongIssuer() throws Exception {
        String token = TokenForge.sign(poolKey,
                TokenForge.accessClaims("http://127.0.0.1:9999/cognito", identity.clientId(), clock.instant()).build());

        assertRejected(token, Reason.WRONG_ISSUER);
    }

    @Test
    void givenWrongClientId_whenVerified_thenWrongAudience() throws Exception {
        String token = TokenForge.sign(poolKey, TokenForge.accessClaims(ISSUER, "another-client", clock.instant()).build());

        assertRejected(token, Reason.WRONG_AUDIENCE);
    }

    @Test
    void givenAudPresentButWrong_whenClientIdMatches_thenAudWinsAndTokenIsRejected() throws Exception {
        JWTClaimsSet claims = TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant())
                .audience("another-client").build();

        assertRejected(TokenForge.sign(poolKey, claims), Reason.WRONG_AUDIENCE);
    }

    @Test
    void givenUnexpectedTokenUse_whenVerified_thenRejected() throws Exception {
        JWTClaimsSet claims = TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant())
                .claim("token_use", "refresh").build();

        assertRejected(TokenForge.sign(poolKey, claims), Reason.WRONG_TOKEN_USE);
    }

    @Test
    void givenTokenWithoutTokenUse_whenVerified_thenWrongTokenUse() throws Exception {
        JWTClaimsSet claims = TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant())
                .claim("token_use", null).build();

        assertRejected(TokenForge.sign(poolKey, claims), Reason.WRONG_TOKEN_USE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"token_use\":1", "\"token_use\":[\"access\"]", "\"token_use\":{\"a\":\"access\"}",
            "\"token_use\":null"})
    void givenTokenUseOfAnotherType_whenVerified_thenWrongTokenUse(String claim) throws Exception {
        assertRejected(TokenForge.signPayload(poolKey, payload(claim)), Reason.WRONG_TOKEN_USE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"sub\":12345", "\"sub\":{\"a\":1}", "\"sub\":[\"a\"]", "\"exp\":\"tomorrow\"",
            "\"exp\":[1]", "\"exp\":true", "\"iat\":\"now\"", "\"nbf\":[1,2]", "\"aud\":[1,2]",
            "\"aud\":{\"x\":\"y\"}", "\"aud\":7", "\"iss\":7", "\"jti\":7"})
    void givenAClaimOfTheWrongType_whenVerified_thenMalformed(String claim) throws Exception {
        assertRejected(TokenForge.signPayload(poolKey, payload(claim)), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-json", "[]", "null", "42", "\"text\"", "{\"sub\":", ""})
    void givenASignedPayloadThatIsNoClaimsObject_whenVerified_thenMalformed(String payload) throws Exception {
        assertRejected(TokenForge.signPayload(poolKey, payload), Reason.MALFORMED);
    }

    @Test
    void givenAnOddButWellTypedSubject_whenVerified_thenAcceptedAsApiGatewayWould() throws Exception {
        // The authorizer checks the token, not what the subject looks like; the functions refuse
        // subjects that cannot be an owner (ApiRequest.owner → 401).
        JWTClaimsSet claims = TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant())
                .subject("s".repeat(200)).build();

        assertThat(authorizer.verify(TokenForge.sign(poolKey, claims)).claims()).containsEntry("sub", "s".repeat(200));
    }

    @Test
    void givenClockMovedPastExpiry_whenVerified_thenExpired() {
        MutableClock later = new MutableClock(clock.instant().plus(Duration.ofHours(1)).plusSeconds(10));
        JwtAuthorizer authorizerLater = new JwtAuthorizer(ISSUER, List.of(identity.clientId()),
                identity.publicJwks(), later);

        UnauthorizedTokenException error = catchThrowableOfType(UnauthorizedTokenException.class,
                () -> authorizerLater.verify(signedIn.accessToken()));

        assertThat(error.reason()).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void givenClockJustBeforeExpiry_whenVerified_thenStillAccepted() throws Exception {
        MutableClock later = new MutableClock(clock.instant().plus(Duration.ofMinutes(59)));
        JwtAuthorizer authorizerLater = new JwtAuthorizer(ISSUER, List.of(identity.clientId()),
                identity.publicJwks(), later);

        assertThat(authorizerLater.verify(signedIn.accessToken()).tokenUse()).isEqualTo("access");
    }

    @Test
    void givenTokenWithoutExp_whenVerified_thenRejected() throws Exception {
        JWTClaimsSet claims = TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant())
                .expirationTime(null).build();

        assertRejected(TokenForge.sign(poolKey, claims), Reason.EXPIRED);
    }

    @Test
    void givenIssuedInTheFuture_whenVerified_thenNotYetValid() throws Exception {
        Instant future = clock.instant().plus(Duration.ofMinutes(5));
        JWTClaimsSet claims = TokenForge.accessClaims(ISSUER, identity.clientId(), future).build();

        assertRejected(TokenForge.sign(poolKey, claims), Reason.NOT_YET_VALID);
    }

    @Test
    void givenNotBeforeInTheFuture_whenVerified_thenNotYetValid() throws Exception {
        JWTClaimsSet claims = TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant())
                .notBeforeTime(Date.from(clock.instant().plus(Duration.ofMinutes(5)))).build();

        assertRejected(TokenForge.sign(poolKey, claims), Reason.NOT_YET_VALID);
    }

    @Test
    void givenTokenSignedByAnotherKeyWithThePoolsKid_whenVerified_thenBadSignature() throws Exception {
        RSAKey stranger = TokenForge.strangerKey(poolKey.getKeyID());
        String token = TokenForge.sign(stranger, TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant()).build());

        assertRejected(token, Reason.BAD_SIGNATURE);
    }

    @Test
    void givenTokenSignedByAnotherKeyWithItsOwnKid_whenVerified_thenUnknownKey() throws Exception {
        RSAKey stranger = TokenForge.strangerKey("stranger");
        String token = TokenForge.sign(stranger, TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant()).build());

        assertRejected(token, Reason.UNKNOWN_KEY);
    }

    @Test
    void givenAlgNone_whenVerified_thenRejected() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + poolKey.getKeyID() + "\"}").toString();
        String payload = Base64URL.encode(TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant())
                .build().toString().getBytes(StandardCharsets.UTF_8)).toString();

        UnauthorizedTokenException error = catchThrowableOfType(UnauthorizedTokenException.class,
                () -> authorizer.verify(header + "." + payload + "."));

        assertThat(error.reason()).isIn(Reason.MALFORMED, Reason.WRONG_ALGORITHM);
    }

    @Test
    void givenHs256SignedWithThePublicKeyBytes_whenVerified_thenWrongAlgorithm() throws Exception {
        byte[] secret = poolKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(poolKey.getKeyID()).build(),
                TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant()).build());
        jwt.sign(new MACSigner(secret));

        assertRejected(jwt.serialize(), Reason.WRONG_ALGORITHM);
    }

    @Test
    void givenGarbage_whenVerified_thenMalformedOrMissing() {
        assertRejected("not-a-jwt", Reason.MALFORMED);
        assertRejected("a.b.c", Reason.MALFORMED);
        assertRejected("x".repeat(20_000), Reason.MALFORMED);
        assertRejected("", Reason.MISSING_TOKEN);
        UnauthorizedTokenException missingHeader = catchThrowableOfType(UnauthorizedTokenException.class,
                () -> authorizer.authorizeHeader(null));
        assertThat(missingHeader.reason()).isEqualTo(Reason.MISSING_TOKEN);
    }

    /** A valid access token's claims as JSON, with one claim replaced (or added) as raw JSON. */
    private static String payload(String claim) {
        String name = claim.substring(1, claim.indexOf('"', 1));
        Map<String, Object> claims = new java.util.LinkedHashMap<>(
                TokenForge.accessClaims(ISSUER, identity.clientId(), clock.instant()).build().toJSONObject());
        claims.remove(name);
        String json = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims);
        return json.substring(0, json.length() - 1) + "," + claim + "}";
    }

    private void assertRejected(String token, Reason reason) {
        UnauthorizedTokenException error = catchThrowableOfType(UnauthorizedTokenException.class,
                () -> authorizer.verify(token));
        assertThat(error).as("token should be rejected").isNotNull();
        assertThat(error.reason()).isEqualTo(reason);
    }
}
