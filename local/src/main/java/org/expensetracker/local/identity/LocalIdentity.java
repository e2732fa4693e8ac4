package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.expensetracker.core.config.TokenLifetimes;
import org.expensetracker.core.config.UserPoolPolicy;
import org.expensetracker.local.identity.IdentityResults.AuthOutcome;
import org.expensetracker.local.identity.IdentityResults.CodeDelivery;
import org.expensetracker.local.identity.IdentityResults.MfaSetting;
import org.expensetracker.local.identity.IdentityResults.MfaSettings;
import org.expensetracker.local.identity.IdentityResults.SignUpResult;
import org.expensetracker.local.identity.IdentityResults.SoftwareTokenAssociation;
import org.expensetracker.local.identity.IdentityResults.SoftwareTokenVerification;
import org.expensetracker.local.identity.StoredUser.CodePurpose;
import org.expensetracker.local.identity.StoredUser.StoredCode;
import org.expensetracker.local.identity.StoredUser.TotpState;

/**
 * A local stand-in for one Cognito user pool with one public app client (no secret), behaving as
 * the deployed pool does ({@link UserPoolPolicy#DEPLOYED}): users sign up with their e-mail address
 * as Username and get a generated UUID username (equal to {@code sub}); sign-up needs the e-mailed
 * code (ConfirmSignUp) unless the local stack runs with {@code --auto-confirm}; USER_PASSWORD_AUTH
 * and REFRESH_TOKEN_AUTH sign-in, with a SOFTWARE_TOKEN_MFA challenge for users who turned on an
 * authenticator app; password reset and change; e-mail change with re-verification (the original
 * address stays in force until the new one is verified); sign-out, revocation and account deletion.
 * It applies the deployed password policy, token lifetimes, Cognito's lockout after repeated failed
 * sign-ins ({@link SignInLockout}) and hides whether an account exists where the deployed client
 * does (prevent user existence errors). Errors are {@link CognitoException}s carrying Cognito's
 * exception names. Codes Cognito would e-mail go to the {@link LocalMailbox}.
 *
 * <p>State lives under {@code stateDir/identity/}: {@code users.json} (PBKDF2 hashes of passwords and
 * codes, TOTP secrets), {@code refresh-tokens.json} (SHA-256 of the tokens), {@code signing-key.json}
 * (the RSA key) and {@code client.json} (the generated client id), so users, sessions and issued
 * tokens survive a restart. A {@code users.json} from before sign-up confirmation (usernames that are
 * e-mail addresses) loads as confirmed users, each migrated to a UUID username at their next sign-in.
 * Thread-safe.
 */
public final class LocalIdentity {

    /** The deployed client's access and ID token lifetime (five minutes). */
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = TokenLifetimes.DEPLOYED.accessToken();
    /** The deployed client's refresh token lifetime (30 days). */
    public static final Duration REFRESH_TOKEN_VALIDITY = TokenLifetimes.DEPLOYED.refreshToken();
    /** The pool this endpoint imitates. */
    public static final UserPoolPolicy POLICY = UserPoolPolicy.DEPLOYED;
    /** The pool's id in admin calls (AdminDeleteUser …); a real one looks like {@code eu-central-1_AbC123xyz}. */
    public static final String USER_POOL_ID = "us-east-1_localpool";
    /** Same text for unknown user and wrong password, so sign-in does not reveal who has an account. */
    static final String INCORRECT_CREDENTIALS = "Incorrect username or password.";
    static final String INVALID_REFRESH_TOKEN = "Invalid Refresh Token";
    static final String SIGN_UP_SUBJECT = "Your verification code";
    static final String PASSWORD_RESET_SUBJECT = "Your password reset code";
    static final String EMAIL_CHANGE_SUBJECT = "Verify your new email address";
    /** E-mailed codes live at most a day and lock after a few wrong entries: a lighter hash suffices. */
    static final int CODE_HASH_ITERATIONS = 100_000;
    private static final Set<String> OTHER_COGNITO_FLOWS = Set.of("USER_SRP_AUTH", "CUSTOM_AUTH", "USER_AUTH",
            "ADMIN_NO_SRP_AUTH", "ADMIN_USER_PASSWORD_AUTH");
    private static final String SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final String clientId;
    private final Clock clock;
    private final Duration accessTokenTtl;
    private final boolean autoConfirm;
    private final RSAKey signingKey;
    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final PasswordHasher passwords;
    private final PasswordHasher codes;
    private final TokenIssuer tokens;
    private final JwtAuthorizer authorizer;
    private final SignInLockout lockout;
    /** Wrong previous passwords in ChangePassword, by sub: answered LimitExceededException when locked. */
    private final SignInLockout changePasswordLockout;
    private final AuthSessions sessions;
    private final LocalMailbox mailbox;

    /** A pool with a client id generated once and kept in the state dir, the system clock and the deployed token lifetimes. */
    public LocalIdentity(Path stateDir, String issuer) {
        this(stateDir, issuer, null, Clock.systemUTC(), DEFAULT_ACCESS_TOKEN_TTL, false);
    }

    /** As on AWS: sign-ups need the e-mailed code. */
    public LocalIdentity(Path stateDir, String issuer, String clientId, Clock clock, Duration accessTokenTtl) {
        this(stateDir, issuer, clientId, clock, accessTokenTtl, false);
    }

    /**
     * @param stateDir       the local stack's data directory; this class uses {@code stateDir/identity}
     * @param issuer         the {@code iss} of the tokens, i.e. the URL this pool is served at,
     *                       e.g. {@code http://127.0.0.1:8080/cognito} (a trailing slash is dropped)
     * @param clientId       the app client id; null to generate one on first start and keep it
     * @param clock          the time tokens are issued and checked against (tests move it)
     * @param accessTokenTtl lifetime of access and ID tokens
     * @param autoConfirm    confirm sign-ups at once (the e-mail counts as verified), as a pre-sign-up
     *                       trigger with {@code autoConfirmUser} would; false is the deployed pool's way
     */
    public LocalIdentity(Path stateDir, String issuer, String clientId, Clock clock, Duration accessTokenTtl,
                         boolean autoConfirm) {
        this(stateDir, issuer, clientId, clock, accessTokenTtl, autoConfirm, new PasswordHasher(),
                new PasswordHasher(CODE_HASH_ITERATIONS));
    }

    /** For tests, which would otherwise spend most of their time in PBKDF2. */
    LocalIdentity(Path stateDir, String issuer, String clientId, Clock clock, Duration accessTokenTtl,
                  boolean autoConfirm, PasswordHasher passwords, PasswordHasher codes) {
        this.passwords = passwords;
        this.codes = codes;
        Path dir = stateDir.resolve("identity");
        this.issuer = stripTrailingSlash(Objects.requireNonNull(issuer, "issuer"));
        this.clock = Objects.requireNonNull(clock, "clock");
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("accessTokenTtl must be positive");
        }
        this.accessTokenTtl = accessTokenTtl;
        this.autoConfirm = autoConfirm;
        this.clientId = clientId != null ? clientId : ClientIdStore.loadOrCreate(dir.resolve("client.json"));
        this.signingKey = SigningKeyStore.loadOrCreate(dir.resolve("signing-key.json"));
        this.users = new UserStore(dir.resolve("users.json"));
        this.refreshTokens = new RefreshTokenStore(dir.resolve("refresh-tokens.json"), clock);
        this.tokens = new TokenIssuer(signingKey, this.issuer, clock, accessTokenTtl);
        this.lockout = new SignInLockout(clock, POLICY.lockout());
        this.changePasswordLockout = new SignInLockout(clock, POLICY.lockout());
        this.sessions = new AuthSessions(clock, POLICY.authSessionValidity());
        this.mailbox = new LocalMailbox(clock);
        this.authorizer = new JwtAuthorizer(this.issuer, List.of(this.clientId), publicJwks(), clock);
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    public boolean autoConfirm() {
        return autoConfirm;
    }

    /** Every code this pool would have e-mailed. */
    public LocalMailbox mailbox() {
        return mailbox;
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

    // ---------------------------------------------------------------------------------------------
    // Sign-up and confirmation

    /** SignUp: Username is the e-mail address; the stored username is a new UUID, equal to the sub. */
    public SignUpResult signUp(String clientId, String username, String password, Map<String, String> attributes) {
        requireClient(clientId);
        SignUpRules.checkUsername(username);
        SignUpRules.checkPassword(password);
        Map<String, String> checked = new LinkedHashMap<>(SignUpRules.checkAttributes(attributes));
        if (users.emailTaken(username, null)) {
            throw CognitoException.usernameExists(); // answered before spending time on hashing
        }
        checked.put("email", username);
        checked.put("email_verified", Boolean.toString(autoConfirm));
        String sub = UUID.randomUUID().toString();
        StoredUser user = StoredUser.signedUp(sub, passwords.hash(password), checked, clock.instant(), autoConfirm);
        synchronized (users) {
            if (users.emailTaken(username, null)) {
                throw CognitoException.usernameExists();
            }
            users.add(user);
        }
        if (autoConfirm) {
            return new SignUpResult(sub, true, null);
        }
        CodeDelivery delivery = sendCode(user, CodePurpose.SIGN_UP, username, SIGN_UP_SUBJECT);
        return new SignUpResult(sub, false, delivery);
    }

    public void confirmSignUp(String clientId, String username, String code) {
        requireClient(clientId);
        requireMember(username, "username");
        requireMember(code, "confirmationCode");
        StoredUser user = lookUp(username);
        if (user == null) {
            throw POLICY.preventUserExistenceErrors() ? CognitoException.codeMismatch() : CognitoException.userNotFound();
        }
        if (user.confirmed()) {
            throw CognitoException.notAuthorized("User cannot be confirmed. Current status is CONFIRMED");
        }
        checkCode(user, CodePurpose.SIGN_UP, code);
        users.update(user.sub(), u -> u.withCode(CodePurpose.SIGN_UP, null).withConfirmed(true)
                .withAttribute("email_verified", "true"));
    }

    public CodeDelivery resendConfirmationCode(String clientId, String username) {
        requireClient(clientId);
        requireMember(username, "username");
        StoredUser user = lookUp(username);
        if (user == null) {
            return hiddenDelivery(username);
        }
        if (user.confirmed()) {
            throw CognitoException.invalidParameter("User is already confirmed.");
        }
        return sendCode(user, CodePurpose.SIGN_UP, user.email(), SIGN_UP_SUBJECT);
    }

    // ---------------------------------------------------------------------------------------------
    // Sign-in

    /** InitiateAuth: dispatches on the flow like Cognito, with its parameter names. */
    public AuthOutcome initiateAuth(String authFlow, String clientId, Map<String, String> authParameters) {
        if (authFlow == null) {
            throw CognitoException.invalidParameter(SignUpRules.notNull("authFlow"));
        }
        requireClient(clientId);
        switch (authFlow) {
            case "USER_PASSWORD_AUTH":
                return signIn(clientId, required(authParameters, "USERNAME"), required(authParameters, "PASSWORD"));
            case "REFRESH_TOKEN_AUTH":
            case "REFRESH_TOKEN":
                return AuthOutcome.signedIn(refresh(clientId, required(authParameters, "REFRESH_TOKEN")));
            default:
                if (OTHER_COGNITO_FLOWS.contains(authFlow)) {
                    throw CognitoException.invalidParameter(authFlow + " flow not enabled for this client");
                }
                throw CognitoException.invalidParameter("1 validation error detected: Value '" + authFlow
                        + "' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set");
        }
    }

    /** USER_PASSWORD_AUTH for a user without a second factor: a new session with access, ID and refresh token. */
    public AuthenticationResult authenticate(String clientId, String username, String password) {
        AuthOutcome outcome = signIn(clientId, username, password);
        if (outcome.tokens() == null) {
            throw new IllegalStateException("sign-in needs the " + outcome.challengeName() + " challenge answered");
        }
        return outcome.tokens();
    }

    /** USER_PASSWORD_AUTH: tokens, or the SOFTWARE_TOKEN_MFA challenge for a user with an authenticator app. */
    public AuthOutcome signIn(String clientId, String username, String password) {
        requireClient(clientId);
        Objects.requireNonNull(password, "password");
        lockout.checkNotLocked(Objects.requireNonNull(username, "username"));
        StoredUser user = lookUp(username);
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
        if (!user.confirmed()) {
            throw CognitoException.userNotConfirmed();
        }
        if (user.totpEnabled() && POLICY.totpAllowed()) {
            AuthSessions.Session session = sessions.create(user.sub(), clientId, SOFTWARE_TOKEN_MFA);
            return new AuthOutcome(null, SOFTWARE_TOKEN_MFA, session.id(), Map.of("USER_ID_FOR_SRP", user.username()));
        }
        return AuthOutcome.signedIn(issueSession(user, clientId));
    }

    /** RespondToAuthChallenge: SOFTWARE_TOKEN_MFA answered with the authenticator app's code. */
    public AuthOutcome respondToAuthChallenge(String clientId, String challengeName, String session,
                                              Map<String, String> responses) {
        requireClient(clientId);
        requireMember(challengeName, "challengeName");
        requireMember(session, "session");
        if (!SOFTWARE_TOKEN_MFA.equals(challengeName)) {
            throw CognitoException.invalidParameter("Invalid challenge name " + challengeName
                    + ": this pool asks only SOFTWARE_TOKEN_MFA");
        }
        AuthSessions.Session live = sessions.require(session);
        if (!live.clientId().equals(clientId) || !live.challenge().equals(challengeName)) {
            throw CognitoException.notAuthorized(AuthSessions.INVALID);
        }
        String username = required(responses, "USERNAME");
        String code = required(responses, "SOFTWARE_TOKEN_MFA_CODE");
        StoredUser user = users.findBySub(live.sub()).orElseThrow(() -> CognitoException.notAuthorized(AuthSessions.INVALID));
        if (!names(user).contains(UserStore.key(username))) {
            throw CognitoException.notAuthorized(AuthSessions.INVALID);
        }
        OptionalLong step = user.totp() == null || user.totp().secret() == null ? OptionalLong.empty()
                : Totp.matchingStep(user.totp().secret(), code, clock.instant(), user.totp().lastUsedStep());
        if (step.isEmpty()) {
            sessions.wrongCode(live);
            throw CognitoException.codeMismatch("Invalid code received for user");
        }
        sessions.end(live.id());
        StoredUser updated = users.update(user.sub(), u -> u.withTotp(new TotpState(u.totp().pendingSecret(),
                u.totp().secret(), u.totp().enabled(), u.totp().preferred(), step.getAsLong())));
        return AuthOutcome.signedIn(issueSession(updated, clientId));
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

    // ---------------------------------------------------------------------------------------------
    // Passwords

    /** ForgotPassword: a code to the verified e-mail address; for an unknown name it answers as if sent. */
    public CodeDelivery forgotPassword(String clientId, String username) {
        requireClient(clientId);
        requireMember(username, "username");
        StoredUser user = lookUp(username);
        if (user == null || !user.confirmed() || user.email() == null || !user.emailVerified()) {
            if (user == null && !POLICY.preventUserExistenceErrors()) {
                throw CognitoException.userNotFound();
            }
            return hiddenDelivery(username);
        }
        return sendCode(user, CodePurpose.PASSWORD_RESET, user.email(), PASSWORD_RESET_SUBJECT);
    }

    public void confirmForgotPassword(String clientId, String username, String code, String password) {
        requireClient(clientId);
        requireMember(username, "username");
        requireMember(code, "confirmationCode");
        SignUpRules.checkPassword(password);
        StoredUser user = lookUp(username);
        if (user == null) {
            throw POLICY.preventUserExistenceErrors() ? CognitoException.codeMismatch() : CognitoException.userNotFound();
        }
        checkCode(user, CodePurpose.PASSWORD_RESET, code);
        String hash = passwords.hash(password);
        users.update(user.sub(), u -> u.withCode(CodePurpose.PASSWORD_RESET, null).withPasswordHash(hash));
        names(user).forEach(lockout::succeeded);
    }

    public void changePassword(String accessToken, String previousPassword, String proposedPassword) {
        StoredUser user = requireUser(accessToken);
        requireMember(previousPassword, "previousPassword");
        SignUpRules.checkPassword(proposedPassword);
        if (changePasswordLockout.isLocked(user.sub())) {
            throw CognitoException.limitExceeded();
        }
        if (!passwords.verify(previousPassword, user.passwordHash())) {
            changePasswordLockout.failed(user.sub());
            throw CognitoException.notAuthorized(INCORRECT_CREDENTIALS);
        }
        changePasswordLockout.succeeded(user.sub());
        String hash = passwords.hash(proposedPassword);
        users.update(user.sub(), u -> u.withPasswordHash(hash));
    }

    // ---------------------------------------------------------------------------------------------
    // The signed-in user

    public UserProfile getUser(String accessToken) {
        return profile(requireUser(accessToken));
    }

    private UserProfile profile(StoredUser user) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("sub", user.sub());
        attributes.putAll(user.attributes());
        List<String> enabled = user.totpEnabled() ? List.of(SOFTWARE_TOKEN_MFA) : List.of();
        String preferred = user.totpEnabled() && user.totp().preferred() ? SOFTWARE_TOKEN_MFA : null;
        return new UserProfile(user.username(), attributes, new MfaSettings(enabled, preferred));
    }

    /**
     * UpdateUserAttributes. A new e-mail address gets a code; as the deployed pool keeps the original
     * value until the new one is verified ({@link UserPoolPolicy#keepOriginalEmailUntilVerified()}), the
     * user goes on signing in with, and tokens go on showing, the old verified address meanwhile.
     */
    public List<CodeDelivery> updateUserAttributes(String accessToken, Map<String, String> attributes) {
        StoredUser user = requireUser(accessToken);
        Map<String, String> checked = new LinkedHashMap<>(SignUpRules.checkAttributes(attributes));
        String newEmail = checked.remove("email");
        List<CodeDelivery> deliveries = new ArrayList<>();
        StoredUser updated = users.update(user.sub(), u -> {
            Map<String, String> next = new LinkedHashMap<>(u.attributes());
            next.putAll(checked);
            return u.withAttributes(next);
        });
        if (newEmail != null && !newEmail.equalsIgnoreCase(updated.email() == null ? "" : updated.email())) {
            if (users.emailTaken(newEmail, user.sub())) {
                throw CognitoException.aliasExists();
            }
            if (POLICY.keepOriginalEmailUntilVerified()) {
                updated = users.update(user.sub(), u -> u.withPendingEmail(newEmail));
            } else {
                updated = users.update(user.sub(), u -> u.withAttribute("email", newEmail)
                        .withAttribute("email_verified", "false").withPendingEmail(null));
            }
            deliveries.add(sendCode(updated, CodePurpose.VERIFY_EMAIL, newEmail, EMAIL_CHANGE_SUBJECT));
        } else if (newEmail != null && user.pendingEmail() != null) {
            // Back to the address in force: the pending change is dropped.
            users.update(user.sub(), u -> u.withPendingEmail(null).withCode(CodePurpose.VERIFY_EMAIL, null));
        }
        return deliveries;
    }

    public CodeDelivery getUserAttributeVerificationCode(String accessToken, String attributeName) {
        StoredUser user = requireUser(accessToken);
        requireEmailAttribute(attributeName);
        String to = user.pendingEmail() != null ? user.pendingEmail() : user.email();
        if (to == null) {
            throw CognitoException.invalidParameter("User has no email attribute to verify.");
        }
        return sendCode(user, CodePurpose.VERIFY_EMAIL, to, EMAIL_CHANGE_SUBJECT);
    }

    /** VerifyUserAttribute: the code sent to the new address makes it the user's e-mail, verified. */
    public void verifyUserAttribute(String accessToken, String attributeName, String code) {
        StoredUser user = requireUser(accessToken);
        requireEmailAttribute(attributeName);
        requireMember(code, "code");
        checkCode(user, CodePurpose.VERIFY_EMAIL, code);
        String pending = user.pendingEmail();
        if (pending != null && users.emailTaken(pending, user.sub())) {
            throw CognitoException.aliasExists();
        }
        users.update(user.sub(), u -> {
            StoredUser next = u.withCode(CodePurpose.VERIFY_EMAIL, null).withPendingEmail(null);
            if (pending != null) {
                next = next.withAttribute("email", pending);
            }
            return next.withAttribute("email_verified", "true");
        });
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

    /** DeleteUser: the account is gone, its sessions end, and its e-mail address is free again. */
    public void deleteUser(String accessToken) {
        StoredUser user = requireUser(accessToken);
        refreshTokens.revokeAll(user.sub(), accessTokenTtl);
        users.remove(user.sub());
    }

    // ---------------------------------------------------------------------------------------------
    // Admin operations (IAM-signed; the HTTP handler checks the signature and the pool id)

    /** AdminUserGlobalSignOut: every refresh token of the user stops working. */
    public void adminUserGlobalSignOut(String userPoolId, String username) {
        StoredUser user = requireAdminUser(userPoolId, username);
        refreshTokens.revokeAll(user.sub(), accessTokenTtl);
    }

    /** AdminDeleteUser: as DeleteUser, on behalf of the user. */
    public void adminDeleteUser(String userPoolId, String username) {
        StoredUser user = requireAdminUser(userPoolId, username);
        refreshTokens.revokeAll(user.sub(), accessTokenTtl);
        users.remove(user.sub());
    }

    /** AdminGetUser: whether the user exists, with the attributes and status Cognito shows an operator. */
    public AdminUser adminGetUser(String userPoolId, String username) {
        StoredUser user = requireAdminUser(userPoolId, username);
        return new AdminUser(profile(user), user.confirmed());
    }

    /** What AdminGetUser shows: the profile and whether sign-up was confirmed. */
    public record AdminUser(UserProfile profile, boolean confirmed) {
    }

    /** Admin calls name the user by username (the sub here) or by the e-mail alias, as Cognito allows. */
    private StoredUser requireAdminUser(String userPoolId, String username) {
        if (!USER_POOL_ID.equals(userPoolId)) {
            throw CognitoException.resourceNotFound("User pool " + userPoolId + " does not exist.");
        }
        if (username == null || username.isBlank()) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'username' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        return users.findBySub(username).or(() -> users.findBySignInName(username))
                .orElseThrow(CognitoException::userNotFound);
    }

    // ---------------------------------------------------------------------------------------------
    // Authenticator app (TOTP)

    /** AssociateSoftwareToken, authorized by an access token or by a sign-in session (exactly one). */
    public SoftwareTokenAssociation associateSoftwareToken(String accessToken, String session) {
        requireTotpAllowed();
        Caller caller = caller(accessToken, session);
        String secret = Totp.newSecret();
        users.update(caller.user().sub(), u -> u.withTotp(u.totp() == null
                ? new TotpState(secret, null, false, false, Long.MIN_VALUE)
                : new TotpState(secret, u.totp().secret(), u.totp().enabled(), u.totp().preferred(), u.totp().lastUsedStep())));
        return new SoftwareTokenAssociation(secret, caller.nextSession());
    }

    /** VerifySoftwareToken: a right code from the app makes the associated secret the user's. */
    public SoftwareTokenVerification verifySoftwareToken(String accessToken, String session, String userCode) {
        requireTotpAllowed();
        requireMember(userCode, "userCode");
        Caller caller = caller(accessToken, session);
        TotpState totp = caller.user().totp();
        if (totp == null || totp.pendingSecret() == null) {
            throw CognitoException.invalidParameter("User has not associated a software token; call AssociateSoftwareToken first.");
        }
        OptionalLong step = Totp.matchingStep(totp.pendingSecret(), userCode, clock.instant(), totp.lastUsedStep());
        if (step.isEmpty()) {
            throw CognitoException.enableSoftwareTokenMfa();
        }
        users.update(caller.user().sub(), u -> u.withTotp(new TotpState(null, totp.pendingSecret(),
                u.totp().enabled(), u.totp().preferred(), step.getAsLong())));
        return new IdentityResults.SoftwareTokenVerification("SUCCESS", caller.nextSession());
    }

    /** SetUserMFAPreference: only the authenticator app is offered (the deployed pool's TOTP-only MFA). */
    public void setUserMfaPreference(String accessToken, MfaSetting sms, MfaSetting totp, MfaSetting email) {
        StoredUser user = requireUser(accessToken);
        for (MfaSetting other : new MfaSetting[] {sms, email}) {
            if (other != null && (Boolean.TRUE.equals(other.enabled()) || Boolean.TRUE.equals(other.preferred()))) {
                throw CognitoException.invalidParameter("This user pool offers only software token (TOTP) MFA.");
            }
        }
        if (totp == null) {
            return;
        }
        TotpState current = user.totp();
        // Preferring turns it on; turning it off drops the preference.
        boolean enabled = totp.enabled() != null ? totp.enabled()
                : current != null && current.enabled() || Boolean.TRUE.equals(totp.preferred());
        boolean preferred = enabled && (totp.preferred() != null ? totp.preferred() : current != null && current.preferred());
        if (enabled) {
            requireTotpAllowed();
            if (current == null || current.secret() == null) {
                throw CognitoException.invalidParameter("User has not verified software token mfa");
            }
        }
        users.update(user.sub(), u -> u.withTotp(u.totp() == null ? null : new TotpState(u.totp().pendingSecret(),
                u.totp().secret(), enabled, preferred, u.totp().lastUsedStep())));
    }

    // ---------------------------------------------------------------------------------------------

    private record Caller(StoredUser user, String nextSession) {
    }

    private Caller caller(String accessToken, String session) {
        if ((accessToken == null) == (session == null)) {
            throw CognitoException.invalidParameter("Exactly one of AccessToken or Session is required.");
        }
        if (accessToken != null) {
            return new Caller(requireUser(accessToken), null);
        }
        AuthSessions.Session live = sessions.require(session);
        StoredUser user = users.findBySub(live.sub()).orElseThrow(() -> CognitoException.notAuthorized(AuthSessions.INVALID));
        sessions.end(live.id());
        return new Caller(user, sessions.create(user.sub(), live.clientId(), live.challenge()).id());
    }

    private void requireTotpAllowed() {
        if (!POLICY.totpAllowed()) {
            throw CognitoException.softwareTokenMfaNotFound();
        }
    }

    private static void requireEmailAttribute(String attributeName) {
        requireMember(attributeName, "attributeName");
        if (!attributeName.equals("email")) {
            throw CognitoException.invalidParameter("Only the email attribute is verified by this user pool.");
        }
    }

    /**
     * The user this sign-in name belongs to (e-mail address or username, any case). A user stored before
     * usernames were UUIDs is migrated here: the e-mail they signed up with becomes their e-mail
     * attribute (verified, as it was taken on trust then) and the username becomes the sub.
     */
    private StoredUser lookUp(String name) {
        StoredUser user = users.findBySignInName(name).orElse(null);
        if (user == null || user.username().equals(user.sub())) {
            return user;
        }
        String email = user.email() != null ? user.email() : SignUpRules.isEmail(user.username()) ? user.username() : null;
        if (email == null) {
            return user; // a name from before e-mail sign-in, with no address: it keeps signing in by that name
        }
        return users.update(user.sub(), u -> {
            StoredUser next = u.withUsername(u.sub()).withConfirmed(true);
            if (u.email() == null) {
                next = next.withAttribute("email", email).withAttribute("email_verified", "true");
            }
            return next;
        });
    }

    /** The names a user signs in with, lower-cased. */
    private static Set<String> names(StoredUser user) {
        Set<String> names = new java.util.HashSet<>();
        names.add(UserStore.key(user.username()));
        if (user.email() != null) {
            names.add(UserStore.key(user.email()));
        }
        return names;
    }

    private AuthenticationResult issueSession(StoredUser user, String clientId) {
        String originJti = UUID.randomUUID().toString();
        Instant authTime = clock.instant();
        TokenIssuer.Tokens issued = tokens.issue(user, clientId, originJti, authTime);
        String refreshToken = refreshTokens.issue(user.sub(), clientId, originJti, authTime, REFRESH_TOKEN_VALIDITY);
        return new AuthenticationResult(issued.accessToken(), issued.idToken(), refreshToken, expiresIn(), "Bearer");
    }

    /** E-mails a fresh 6-digit code (replacing any earlier one for the purpose), within the resend limit. */
    private CodeDelivery sendCode(StoredUser user, CodePurpose purpose, String to, String subject) {
        UserPoolPolicy.Codes limits = POLICY.codes();
        Instant now = clock.instant();
        String code = String.format(java.util.Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
        Duration validity = purpose == CodePurpose.PASSWORD_RESET ? limits.passwordResetValidity()
                : limits.confirmationValidity();
        String hash = codes.hash(code);
        synchronized (users) {
            List<Instant> recent = new ArrayList<>(users.findBySub(user.sub()).orElse(user).codesSent().stream()
                    .filter(at -> at.isAfter(now.minus(limits.sendWindow()))).toList());
            if (recent.size() >= limits.sendsPerWindow()) {
                throw CognitoException.limitExceeded();
            }
            recent.add(now);
            users.update(user.sub(), u -> u.withCode(purpose, new StoredCode(hash, now.plus(validity), 0))
                    .withCodesSent(recent));
        }
        mailbox.send(to, subject, code);
        return CodeDelivery.email(to);
    }

    /** Checks an e-mailed code; a wrong one is counted, and too many void it until a new one is sent. */
    private void checkCode(StoredUser user, CodePurpose purpose, String code) {
        StoredCode stored = user.codes().get(purpose);
        if (stored == null) {
            throw CognitoException.codeMismatch();
        }
        if (stored.wrongAttempts() >= POLICY.codes().wrongAttemptsPerCode()) {
            throw CognitoException.limitExceeded();
        }
        if (!clock.instant().isBefore(stored.expiresAt())) {
            throw CognitoException.expiredCode();
        }
        if (!codes.verify(code, stored.hash())) {
            users.update(user.sub(), u -> {
                StoredCode now = u.codes().get(purpose);
                return now == null ? u : u.withCode(purpose, new StoredCode(now.hash(), now.expiresAt(), now.wrongAttempts() + 1));
            });
            throw CognitoException.codeMismatch();
        }
    }

    /** What Cognito answers for a name without an account when it must not tell (prevent user existence errors). */
    private static CodeDelivery hiddenDelivery(String username) {
        return CodeDelivery.email(username);
    }

    private StoredUser requireUser(String accessToken) {
        VerifiedToken token = requireAccessToken(accessToken);
        return users.findBySub(token.subject()).orElseThrow(CognitoException::userNotFound);
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

    private static void requireMember(String value, String member) {
        if (value == null) {
            throw CognitoException.invalidParameter(SignUpRules.notNull(member));
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
