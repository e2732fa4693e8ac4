package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.expensetracker.core.config.TokenLifetimes;

/**
 * A local stand-in for one Cognito user pool with one public app client (no secret), offering
 * what the app uses: SignUp (auto-confirmed), USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH sign-in,
 * GetUser, GlobalSignOut, RevokeToken and the JWKS. It applies the deployed pool's password policy,
 * token lifetimes and Cognito's lockout after repeated failed sign-ins ({@link SignInLockout}). Errors are {@link CognitoException}s carrying
 * Cognito's exception names.
 *
 * <p>State lives under {@code stateDir/identity/}: {@code users.json} (PBKDF2 hashes only),
 * {@code refresh-tokens.json} (SHA-256 of the tokens), {@code signing-key.json} (the RSA key)
 * and {@code client.json} (the generated client id), so users, sessions and issued tokens
 * survive a restart. Thread-safe.
 */
public final class LocalIdentity {

    /** The deployed client's access and ID token lifetime (five minutes). */
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = TokenLifetimes.DEPLOYED.accessToken();
    /** The deployed client's refresh token lifetime (30 days). */
    public static final Duration REFRESH_TOKEN_VALIDITY = TokenLifetimes.DEPLOYED.refreshToken();
    /** Same text for unknown user and wrong password, so sign-in does not reveal who has an account. */
    static final String INCORRECT_CREDENTIALS = "Incorrect username or password.";
    static final String INVALID_REFRESH_TOKEN = "Invalid Refresh Token";
    private static final Set<String> OTHER_COGNITO_FLOWS = Set.of("USER_SRP_AUTH", "CUSTOM_AUTH", "USER_AUTH",
            "ADMIN_NO_SRP_AUTH", "ADMIN_USER_PASSWORD_AUTH");

    private final String issuer;
    private final String clientId;
    private final Clock clock;
    private final Duration accessTokenTtl;
    private final RSAKey signingKey;
    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final PasswordHasher passwords;
    private final TokenIssuer tokens;
    private final JwtAuthorizer authorizer;
    private final SignInLockout lockout;

    /** A pool with a client id generated once and kept in the state dir, the system clock and the deployed token lifetimes. */
    public LocalIdentity(Path stateDir, String issuer) {
        this(stateDir, issuer, null, Clock.systemUTC(), DEFAULT_ACCESS_TOKEN_TTL);
    }

    /**
     * @param stateDir       the local stack's data directory; this class uses {@code stateDir/identity}
     * @param issuer         the {@code iss} of the tokens, i.e. the URL this pool is served at,
     *                       e.g. {@code http://127.0.0.1:8080/cognito} (a trailing slash is dropped)
     * @param clientId       the app client id; null to generate one on first start and keep it
     * @param clock          the time tokens are issued and checked against (tests move it)
     * @param accessTokenTtl lifetime of access and ID tokens
     */
    public LocalIdentity(Path stateDir, String issuer, String clientId, Clock clock, Duration accessTokenTtl) {
        this(stateDir, issuer, clientId, clock, accessTokenTtl, new PasswordHasher());
    }

    /** For tests, which would otherwise spend most of their time in PBKDF2. */
    LocalIdentity(Path stateDir, String issuer, String clientId, Clock clock, Duration accessTokenTtl,
                  PasswordHasher passwords) {
        this.passwords = passwords;
        Path dir = stateDir.resolve("identity");
        this.issuer = stripTrailingSlash(Objects.requireNonNull(issuer, "issuer"));
        this.clock = Objects.requireNonNull(clock, "clock");
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("accessTokenTtl must be positive");
        }
        this.accessTokenTtl = accessTokenTtl;
        this.clientId = clientId != null ? clientId : ClientIdStore.loadOrCreate(dir.resolve("client.json"));
        this.signingKey = SigningKeyStore.loadOrCreate(dir.resolve("signing-key.json"));
        this.users = new UserStore(dir.resolve("users.json"));
        this.refreshTokens = new RefreshTokenStore(dir.resolve("refresh-tokens.json"), clock);
        this.tokens = new TokenIssuer(signingKey, this.issuer, clock, accessTokenTtl);
        this.lockout = new SignInLockout(clock);
        this.authorizer = new JwtAuthorizer(this.issuer, List.of(this.clientId), publicJwks(), clock);
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    public String jwksUri() {
        return issuer + "/.well-known/jwks.json";
    }

    /** Validates tokens of this pool as an API Gateway JWT authorizer with issuer and audience [clientId]. */
    public JwtAuthorizer authorizer() {
        return authorizer;
    }

    public JWKSet publicJwks() {
        return new JWKSet(signingKey.toPublicJWK());
    }

    /** The JWKS document ({@code {"keys":[{kty,kid,alg,use,n,e}]}}), public parts only. */
    public ObjectNode jwksJson() {
        return Json.MAPPER.valueToTree(publicJwks().toJSONObject(true));
    }

    /** OIDC discovery: enough for JWT validators (issuer + jwks_uri); this pool has no hosted UI. */
    public ObjectNode openIdConfiguration() {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("issuer", issuer);
        config.put("jwks_uri", jwksUri());
        config.putArray("subject_types_supported").add("public");
        config.putArray("id_token_signing_alg_values_supported").add("RS256");
        config.putArray("scopes_supported").add("openid").add("email").add(TokenIssuer.ACCESS_SCOPE);
        return config;
    }

    public SignUpResult signUp(String clientId, String username, String password, Map<String, String> attributes) {
        requireClient(clientId);
        SignUpRules.checkUsername(username);
        SignUpRules.checkPassword(password);
        Map<String, String> checkedAttributes = SignUpRules.checkAttributes(attributes);
        if (users.findByUsername(username).isPresent()) {
            throw CognitoException.usernameExists(); // answered before spending time on hashing
        }
        String sub = UUID.randomUUID().toString();
        users.add(new StoredUser(sub, username, passwords.hash(password), checkedAttributes, clock.instant()));
        return new SignUpResult(sub, true);
    }

    /** InitiateAuth: dispatches on the flow like Cognito, with its parameter names. */
    public AuthenticationResult initiateAuth(String authFlow, String clientId, Map<String, String> authParameters) {
        if (authFlow == null) {
            throw CognitoException.invalidParameter(SignUpRules.notNull("authFlow"));
        }
        requireClient(clientId);
        switch (authFlow) {
            case "USER_PASSWORD_AUTH":
                return authenticate(clientId, required(authParameters, "USERNAME"), required(authParameters, "PASSWORD"));
            case "REFRESH_TOKEN_AUTH":
            case "REFRESH_TOKEN":
                return refresh(clientId, required(authParameters, "REFRESH_TOKEN"));
            default:
                if (OTHER_COGNITO_FLOWS.contains(authFlow)) {
                    throw CognitoException.invalidParameter(authFlow + " flow not enabled for this client");
                }
                throw CognitoException.invalidParameter("1 validation error detected: Value '" + authFlow
                        + "' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set");
        }
    }

    /** USER_PASSWORD_AUTH: a new session with access, ID and refresh token. */
    public AuthenticationResult authenticate(String clientId, String username, String password) {
        requireClient(clientId);
        Objects.requireNonNull(password, "password");
        lockout.checkNotLocked(Objects.requireNonNull(username, "username"));
        StoredUser user = users.findByUsername(username).orElse(null);
        if (user == null) {
            passwords.verifyDecoy(password); // same cost as a real check: no timing hint either
            lockout.failed(username);
            throw CognitoException.notAuthorized(INCORRECT_CREDENTIALS);
        }
        if (!passwords.verify(password, user.passwordHash())) {
            lockout.failed(username);
            throw CognitoException.notAuthorized(INCORRECT_CREDENTIALS);
        }
        lockout.succeeded(username);
        String originJti = UUID.randomUUID().toString();
        Instant authTime = clock.instant();
        TokenIssuer.Tokens issued = tokens.issue(user, clientId, originJti, authTime);
        String refreshToken = refreshTokens.issue(user.sub(), clientId, originJti, authTime, REFRESH_TOKEN_VALIDITY);
        return new AuthenticationResult(issued.accessToken(), issued.idToken(), refreshToken, expiresIn(), "Bearer");
    }

    /** REFRESH_TOKEN_AUTH: new access and ID token for the same session; no new refresh token. */
    public AuthenticationResult refresh(String clientId, String refreshToken) {
        requireClient(clientId);
        RefreshGrant grant = refreshTokens.find(Objects.requireNonNull(refreshToken))
                .filter(g -> g.clientId().equals(clientId))
                .orElseThrow(() -> CognitoException.notAuthorized(INVALID_REFRESH_TOKEN));
        StoredUser user = users.findBySub(grant.sub())
                .orElseThrow(() -> CognitoException.notAuthorized(INVALID_REFRESH_TOKEN));
        TokenIssuer.Tokens issued = tokens.issue(user, clientId, grant.originJti(), grant.authTime());
        return new AuthenticationResult(issued.accessToken(), issued.idToken(), null, expiresIn(), "Bearer");
    }

    public UserProfile getUser(String accessToken) {
        VerifiedToken token = requireAccessToken(accessToken);
        StoredUser user = users.findBySub(token.subject()).orElseThrow(CognitoException::userNotFound);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("sub", user.sub());
        attributes.putAll(user.attributes());
        return new UserProfile(user.username(), attributes);
    }

    /** Ends every session of the user: refresh tokens stop working, access tokens are refused by this pool. */
    public void globalSignOut(String accessToken) {
        VerifiedToken token = requireAccessToken(accessToken);
        refreshTokens.revokeAll(token.subject(), accessTokenTtl);
    }

    /** Revokes a refresh token (and its session's access tokens); an unknown token is not an error (RFC 7009). */
    public void revokeToken(String clientId, String refreshToken) {
        requireClient(clientId);
        refreshTokens.find(Objects.requireNonNull(refreshToken))
                .filter(g -> g.clientId().equals(clientId))
                .ifPresent(g -> refreshTokens.revoke(g, accessTokenTtl));
    }

    private VerifiedToken requireAccessToken(String accessToken) {
        if (accessToken == null) {
            throw CognitoException.invalidParameter(SignUpRules.notNull("accessToken"));
        }
        VerifiedToken token;
        try {
            token = authorizer.verify(accessToken);
        } catch (UnauthorizedTokenException e) {
            throw CognitoException.notAuthorized(e.reason() == UnauthorizedTokenException.Reason.EXPIRED
                    ? "Access Token has expired" : "Invalid Access Token");
        }
        if (!"access".equals(token.tokenUse())) {
            throw CognitoException.notAuthorized("Invalid Access Token");
        }
        if (refreshTokens.isOriginRevoked(token.claims().getOrDefault("origin_jti", ""))) {
            throw CognitoException.notAuthorized("Access Token has been revoked");
        }
        return token;
    }

    private void requireClient(String clientId) {
        if (clientId == null) {
            throw CognitoException.invalidParameter(SignUpRules.notNull("clientId"));
        }
        if (!this.clientId.equals(clientId)) {
            throw CognitoException.resourceNotFound("User pool client " + clientId + " does not exist.");
        }
    }

    private static String required(Map<String, String> parameters, String name) {
        String value = parameters == null ? null : parameters.get(name);
        if (value == null) {
            throw CognitoException.invalidParameter("Missing required parameter " + name);
        }
        return value;
    }

    private long expiresIn() {
        return accessTokenTtl.toSeconds();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The app client id: generated once, Cognito style (26 lowercase letters and digits), then kept. */
    private static final class ClientIdStore {

        private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

        static String loadOrCreate(Path file) {
            String stored = AtomicFiles.readJson(file).map(n -> n.path("clientId").asText("")).orElse("");
            if (!stored.isEmpty()) {
                return stored;
            }
            SecureRandom random = new SecureRandom();
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 26; i++) {
                id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("clientId", id.toString());
            AtomicFiles.writeJson(file, node);
            return id.toString();
        }
    }
}
