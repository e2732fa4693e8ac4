package org.expensetracker.local.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/** Drives the endpoint with the unmodified AWS SDK v2 client, as any Cognito client would. */
class LocalIdentitySdkTest {

    private static final String PASSWORD = "Passw0rd!xyz1";

    @TempDir
    static Path stateDir;
    private static IdentityServer server;
    private static MutableClock clock;
    private static CognitoIdentityProviderClient cognito;
    private static String clientId;

    @BeforeAll
    static void startServer() throws Exception {
        clock = MutableClock.atNow();
        server = IdentityServer.start(stateDir, clock);
        cognito = server.sdkClient();
        clientId = server.identity.clientId();
    }

    @AfterAll
    static void stopServer() {
        cognito.close();
        server.close();
    }

    @Test
    void givenNewUser_whenSignUpAndLogIn_thenTokensAreIssuedAndAcceptedByTheAuthorizer() throws Exception {
        String username = uniqueUsername();

        SignUpResponse signUp = cognito.signUp(r -> r.clientId(clientId).username(username).password(PASSWORD)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
        AuthenticationResultType tokens = logIn(username, PASSWORD);

        assertThat(signUp.userConfirmed()).isTrue();
        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(tokens.expiresIn()).as("the deployed client's five minutes").isEqualTo(300);
        assertThat(tokens.refreshToken()).isNotBlank();
        VerifiedToken access = server.identity.authorizer().verify(tokens.accessToken());
        assertThat(access.subject()).isEqualTo(signUp.userSub());
        assertThat(access.claims()).containsEntry("username", username);
        VerifiedToken id = server.identity.authorizer().verify(tokens.idToken());
        assertThat(id.claims()).containsEntry("email", username + "@example.com");
    }

    @Test
    void givenUsernameInOtherCase_whenLoggingIn_thenUsernamesAreCaseInsensitive() {
        String username = uniqueUsername();
        signUp(username, PASSWORD);

        assertThat(logIn(username.toUpperCase(), PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void givenWrongPassword_whenLoggingIn_thenNotAuthorized() {
        String username = uniqueUsername();
        signUp(username, PASSWORD);

        assertThatThrownBy(() -> logIn(username, "wrong-password"))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Incorrect username or password.");
    }

    @Test
    void givenUnknownUser_whenLoggingIn_thenSameAnswerAsWrongPassword() {
        NotAuthorizedException error = catchThrowableOfType(NotAuthorizedException.class,
                () -> logIn("nobody-" + UUID.randomUUID(), PASSWORD));

        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Incorrect username or password.");
        assertThat(error.statusCode()).isEqualTo(400);
    }

    @Test
    void givenExistingUser_whenSigningUpAgainInOtherCase_thenUsernameExists() {
        String username = uniqueUsername();
        signUp(username, PASSWORD);

        assertThatThrownBy(() -> signUp(username.toUpperCase(), PASSWORD))
                .isInstanceOf(UsernameExistsException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Short-pass1     | Password not long enough",
            "all-lower-case-1 | Password must have uppercase characters",
            "ALL-UPPER-CASE-1 | Password must have lowercase characters",
            "No-digits-at-all | Password must have numeric characters",
            "NoSymbolsHere123 | Password must have symbol characters",
    })
    void givenAPasswordTheDeployedPoolRefuses_whenSigningUp_thenInvalidPasswordSaysWhyAndNoAccountExists(
            String password, String why) {
        String username = uniqueUsername();
        assertThatThrownBy(() -> signUp(username, password))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("Password did not conform with policy: " + why);
        assertThatThrownBy(() -> logIn(username, password)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void givenFiveWrongPasswords_whenTheRightOneFollowsAtOnce_thenPasswordAttemptsExceededUntilTheLockoutPasses() {
        String username = uniqueUsername();
        signUp(username, PASSWORD);
        for (int i = 0; i < SignInLockout.FREE_FAILURES; i++) {
            assertThatThrownBy(() -> logIn(username, "Wrong-password-1"))
                    .isInstanceOf(NotAuthorizedException.class)
                    .hasMessageContaining("Incorrect username or password.");
        }

        assertThatThrownBy(() -> logIn(username, PASSWORD))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Password attempts exceeded");

        clock.advance(SignInLockout.FIRST_LOCKOUT);
        assertThat(logIn(username, PASSWORD).accessToken()).isNotBlank();
        // the success cleared the count: one more mistake is just a mistake
        assertThatThrownBy(() -> logIn(username, "Wrong-password-1")).hasMessageContaining("Incorrect username");
        assertThat(logIn(username, PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void givenAGuesserWhoKeepsGoing_whenEachLockoutEnds_thenItDoublesUpToFifteenMinutes() {
        String username = uniqueUsername();
        signUp(username, PASSWORD);
        Duration expected = SignInLockout.FIRST_LOCKOUT;
        int refused = 0;
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                logIn(username, "Wrong-password-" + attempt);
            } catch (NotAuthorizedException e) {
                if (e.getMessage().contains("Password attempts exceeded")) {
                    refused++;
                }
            }
            if (attempt >= SignInLockout.FREE_FAILURES - 1) {
                // just before the lock ends, even the right password is refused; then the next guess may try
                clock.advance(expected.minusMillis(1));
                assertThatThrownBy(() -> logIn(username, PASSWORD)).hasMessageContaining("Password attempts exceeded");
                clock.advance(Duration.ofMillis(1));
                expected = expected.multipliedBy(2).compareTo(Duration.ofMinutes(15)) > 0
                        ? Duration.ofMinutes(15) : expected.multipliedBy(2);
            }
        }
        assertThat(refused).as("each guess came after its lockout ended").isZero();
        assertThat(expected).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void givenANameWithoutAnAccount_whenGuessedRepeatedly_thenItLocksLikeARealOne() {
        String nobody = uniqueUsername();
        for (int i = 0; i < SignInLockout.FREE_FAILURES; i++) {
            assertThatThrownBy(() -> logIn(nobody, "Wrong-password-1")).hasMessageContaining("Incorrect username");
        }
        assertThatThrownBy(() -> logIn(nobody, "Wrong-password-1")).hasMessageContaining("Password attempts exceeded");
    }

    @Test
    void givenShortPassword_whenSigningUp_thenInvalidPassword() {
        assertThatThrownBy(() -> signUp(uniqueUsername(), "short1!"))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("Password not long enough");
    }

    @Test
    void givenMissingUsername_whenSigningUp_thenInvalidParameter() {
        assertThatThrownBy(() -> cognito.signUp(r -> r.clientId(clientId).password(PASSWORD)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void givenUnknownClientId_whenSigningUp_thenResourceNotFound() {
        assertThatThrownBy(() -> cognito.signUp(r -> r.clientId("no-such-client").username(uniqueUsername())
                .password(PASSWORD)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void givenRefreshToken_whenRefreshing_thenNewAccessTokenValidatesAndNoNewRefreshToken() throws Exception {
        String username = uniqueUsername();
        signUp(username, PASSWORD);
        AuthenticationResultType first = logIn(username, PASSWORD);

        AuthenticationResultType refreshed = cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", first.refreshToken()))).authenticationResult();

        assertThat(refreshed.refreshToken()).isNull();
        assertThat(refreshed.accessToken()).isNotEqualTo(first.accessToken());
        VerifiedToken before = server.identity.authorizer().verify(first.accessToken());
        VerifiedToken after = server.identity.authorizer().verify(refreshed.accessToken());
        assertThat(after.subject()).isEqualTo(before.subject());
        assertThat(after.claims().get("origin_jti")).isEqualTo(before.claims().get("origin_jti"));
        assertThat(after.claims().get("jti")).isNotEqualTo(before.claims().get("jti"));
    }

    @Test
    void givenInvalidRefreshToken_whenRefreshing_thenNotAuthorized() {
        assertThatThrownBy(() -> cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN)
                .authParameters(Map.of("REFRESH_TOKEN", "made-up"))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Invalid Refresh Token");
    }

    @Test
    void givenUnsupportedFlow_whenInitiatingAuth_thenInvalidParameter() {
        assertThatThrownBy(() -> cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", "x", "SRP_A", "00"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void givenAccessToken_whenGettingUser_thenAttributesIncludingSub() {
        String username = uniqueUsername();
        String sub = cognito.signUp(r -> r.clientId(clientId).username(username).password(PASSWORD)
                .userAttributes(AttributeType.builder().name("name").value("Alice").build())).userSub();
        String accessToken = logIn(username, PASSWORD).accessToken();

        GetUserResponse user = cognito.getUser(r -> r.accessToken(accessToken));

        assertThat(user.username()).isEqualTo(username);
        assertThat(user.userAttributes()).extracting(AttributeType::name, AttributeType::value)
                .contains(org.assertj.core.groups.Tuple.tuple("sub", sub),
                        org.assertj.core.groups.Tuple.tuple("name", "Alice"));
    }

    @Test
    void givenGlobalSignOut_whenRefreshingOrGettingUser_thenRefused() {
        String username = uniqueUsername();
        signUp(username, PASSWORD);
        AuthenticationResultType tokens = logIn(username, PASSWORD);

        cognito.globalSignOut(r -> r.accessToken(tokens.accessToken()));

        assertThatThrownBy(() -> cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", tokens.refreshToken()))))
                .isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> cognito.getUser(r -> r.accessToken(tokens.accessToken())))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("revoked");
    }

    @Test
    void givenRevokedRefreshToken_whenRefreshing_thenNotAuthorized() {
        String username = uniqueUsername();
        signUp(username, PASSWORD);
        String refreshToken = logIn(username, PASSWORD).refreshToken();

        cognito.revokeToken(r -> r.clientId(clientId).token(refreshToken));

        assertThatThrownBy(() -> cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", refreshToken))))
                .isInstanceOf(NotAuthorizedException.class);
    }

    private static String uniqueUsername() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void signUp(String username, String password) {
        cognito.signUp(r -> r.clientId(clientId).username(username).password(password));
    }

    private static AuthenticationResultType logIn(String username, String password) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }
}
