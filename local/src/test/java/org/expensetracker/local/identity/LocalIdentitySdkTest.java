package org.expensetracker.local.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.expensetracker.core.config.UserPoolPolicy;
import org.expensetracker.local.testing.TestTotp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeDeliveryDetailsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EnableSoftwareTokenMfaException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/** Drives the endpoint with the unmodified AWS SDK v2 client, as any Cognito client would. */
class LocalIdentitySdkTest {

    private static final String PASSWORD = "Passw0rd!xyz1";
    private static final String NEW_PASSWORD = "N3w-passw0rd!xyz";
    private static final UserPoolPolicy.Lockout LOCKOUT = UserPoolPolicy.DEPLOYED.lockout();

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

    // --- sign-up and confirmation -------------------------------------------------------------

    @Test
    void givenNewUser_whenSigningUp_thenUnconfirmedWithAMaskedDeliveryAndASixDigitCodeInTheMailbox() {
        String email = uniqueEmail();

        SignUpResponse signUp = cognito.signUp(r -> r.clientId(clientId).username(email).password(PASSWORD));

        assertThat(signUp.userConfirmed()).isFalse();
        CodeDeliveryDetailsType delivery = signUp.codeDeliveryDetails();
        assertThat(delivery.destination()).isEqualTo("u***@e***");
        assertThat(delivery.deliveryMedium()).isEqualTo(DeliveryMediumType.EMAIL);
        assertThat(delivery.attributeName()).isEqualTo("email");
        assertThat(server.identity.mailbox().messages(email)).singleElement().satisfies(m -> {
            assertThat(m.code()).matches("[0-9]{6}");
            assertThat(m.subject()).isEqualTo("Your verification code");
            assertThat(m.sentAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void givenUnconfirmedUser_whenLoggingIn_thenUserNotConfirmedUntilTheCodeIsEntered() throws Exception {
        String email = uniqueEmail();
        String sub = cognito.signUp(r -> r.clientId(clientId).username(email).password(PASSWORD)
                .userAttributes(AttributeType.builder().name("name").value("Alice").build())).userSub();

        assertThatThrownBy(() -> logIn(email, PASSWORD)).isInstanceOf(UserNotConfirmedException.class)
                .hasMessageContaining("User is not confirmed.");
        cognito.confirmSignUp(r -> r.clientId(clientId).username(email).confirmationCode(server.latestCode(email)));
        AuthenticationResultType tokens = logIn(email, PASSWORD);

        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(tokens.expiresIn()).as("the deployed client's five minutes").isEqualTo(300);
        assertThat(tokens.refreshToken()).isNotBlank();
        VerifiedToken access = server.identity.authorizer().verify(tokens.accessToken());
        assertThat(access.subject()).isEqualTo(sub);
        assertThat(access.claims()).as("the username is the generated UUID").containsEntry("username", sub);
        VerifiedToken id = server.identity.authorizer().verify(tokens.idToken());
        assertThat(id.claims()).containsEntry("cognito:username", sub).containsEntry("email", email)
                .containsEntry("email_verified", "true").containsEntry("name", "Alice");
    }

    @Test
    void givenAUsernameThatIsNoEmail_whenSigningUp_thenUsernameShouldBeAnEmail() {
        assertThatThrownBy(() -> signUp("just-a-name", PASSWORD))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Username should be an email.");
    }

    @Test
    void givenWrongCode_whenConfirming_thenCodeMismatchAndTheAccountStaysUnconfirmed() {
        String email = uniqueEmail();
        signUp(email, PASSWORD);
        String wrong = otherCode(server.latestCode(email));

        assertThatThrownBy(() -> confirm(email, wrong)).isInstanceOf(CodeMismatchException.class)
                .hasMessageContaining("Invalid verification code provided, please try again.");
        assertThatThrownBy(() -> logIn(email, PASSWORD)).isInstanceOf(UserNotConfirmedException.class);
    }

    @Test
    void givenACodeOlderThan24Hours_whenConfirming_thenExpiredCode_andAResentCodeWorks() {
        String email = uniqueEmail();
        signUp(email, PASSWORD);
        String first = server.latestCode(email);
        clock.advance(UserPoolPolicy.DEPLOYED.codes().confirmationValidity());

        assertThatThrownBy(() -> confirm(email, first)).isInstanceOf(ExpiredCodeException.class)
                .hasMessageContaining("Invalid code provided, please request a code again.");
        CodeDeliveryDetailsType resent = cognito.resendConfirmationCode(r -> r.clientId(clientId).username(email))
                .codeDeliveryDetails();
        assertThat(resent.destination()).isEqualTo("u***@e***");
        assertThat(server.identity.mailbox().messages(email)).hasSize(2);
        confirm(email, server.latestCode(email));
        assertThat(logIn(email, PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void givenFiveWrongCodes_whenTheRightOneFollows_thenLimitExceededUntilANewCodeIsSent() {
        String email = uniqueEmail();
        signUp(email, PASSWORD);
        String right = server.latestCode(email);
        for (int i = 0; i < UserPoolPolicy.DEPLOYED.codes().wrongAttemptsPerCode(); i++) {
            assertThatThrownBy(() -> confirm(email, otherCode(right))).isInstanceOf(CodeMismatchException.class);
        }

        assertThatThrownBy(() -> confirm(email, right)).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("Attempt limit exceeded, please try after some time.");
        cognito.resendConfirmationCode(r -> r.clientId(clientId).username(email));
        confirm(email, server.latestCode(email));
    }

    @Test
    void givenFiveCodesSentWithinAnHour_whenAskingForAnother_thenLimitExceededUntilTheHourPasses() {
        String email = uniqueEmail();
        signUp(email, PASSWORD);
        for (int i = 1; i < UserPoolPolicy.DEPLOYED.codes().sendsPerWindow(); i++) {
            cognito.resendConfirmationCode(r -> r.clientId(clientId).username(email));
        }

        assertThatThrownBy(() -> cognito.resendConfirmationCode(r -> r.clientId(clientId).username(email)))
                .isInstanceOf(LimitExceededException.class);
        clock.advance(UserPoolPolicy.DEPLOYED.codes().sendWindow());
        cognito.resendConfirmationCode(r -> r.clientId(clientId).username(email));
        assertThat(server.identity.mailbox().messages(email)).hasSize(6);
    }

    @Test
    void givenConfirmedUser_whenConfirmingOrResendingAgain_thenRefusedAsCognitoDoes() {
        String email = signUpConfirmed();

        assertThatThrownBy(() -> confirm(email, "123456")).isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Current status is CONFIRMED");
        assertThatThrownBy(() -> cognito.resendConfirmationCode(r -> r.clientId(clientId).username(email)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("User is already confirmed.");
    }

    @Test
    void givenNoSuchAccount_whenResendingOrConfirming_thenAnswersDoNotRevealThatNoneExists() {
        String nobody = uniqueEmail();

        CodeDeliveryDetailsType delivery = cognito.resendConfirmationCode(r -> r.clientId(clientId).username(nobody))
                .codeDeliveryDetails();
        assertThat(delivery.destination()).isEqualTo("u***@e***");
        assertThatThrownBy(() -> confirm(nobody, "123456")).isInstanceOf(CodeMismatchException.class);
        assertThat(server.identity.mailbox().messages(nobody)).isEmpty();
    }

    @Test
    void givenAutoConfirmingPool_whenSigningUp_thenConfirmedAtOnceWithAVerifiedEmailAndNoMail(@TempDir Path dir) {
        PasswordHasher cheap = new PasswordHasher(IdentityServer.TEST_HASH_ITERATIONS);
        LocalIdentity pool = new LocalIdentity(dir, "http://127.0.0.1:1/cognito", null, clock,
                LocalIdentity.DEFAULT_ACCESS_TOKEN_TTL, true, cheap, cheap);
        String email = uniqueEmail();

        IdentityResults.SignUpResult result = pool.signUp(pool.clientId(), email, PASSWORD, Map.of());

        assertThat(result.userConfirmed()).isTrue();
        assertThat(result.codeDelivery()).isNull();
        assertThat(pool.mailbox().messages(null)).isEmpty();
        assertThat(pool.getUser(pool.authenticate(pool.clientId(), email, PASSWORD).accessToken()).attributes())
                .containsEntry("email_verified", "true");
    }

    // --- sign-in ----------------------------------------------------------------------------------

    @Test
    void givenEmailInOtherCase_whenLoggingIn_thenSignInIsCaseInsensitive() {
        String email = signUpConfirmed();

        assertThat(logIn(email.toUpperCase(), PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void givenWrongPassword_whenLoggingIn_thenNotAuthorized() {
        String email = signUpConfirmed();

        assertThatThrownBy(() -> logIn(email, "wrong-password"))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Incorrect username or password.");
    }

    @Test
    void givenUnknownUser_whenLoggingIn_thenSameAnswerAsWrongPassword() {
        NotAuthorizedException error = catchThrowableOfType(NotAuthorizedException.class,
                () -> logIn(uniqueEmail(), PASSWORD));

        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Incorrect username or password.");
        assertThat(error.statusCode()).isEqualTo(400);
    }

    @Test
    void givenExistingUser_whenSigningUpAgainInOtherCase_thenUsernameExists() {
        String email = uniqueEmail();
        signUp(email, PASSWORD);

        assertThatThrownBy(() -> signUp(email.toUpperCase(), PASSWORD))
                .isInstanceOf(UsernameExistsException.class)
                .hasMessageContaining("An account with the given email already exists.");
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
        String email = uniqueEmail();
        assertThatThrownBy(() -> signUp(email, password))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("Password did not conform with policy: " + why);
        assertThatThrownBy(() -> logIn(email, password)).isInstanceOf(NotAuthorizedException.class);
        assertThat(server.identity.mailbox().messages(email)).isEmpty();
    }

    @Test
    void givenFiveWrongPasswords_whenTheRightOneFollowsAtOnce_thenPasswordAttemptsExceededUntilTheLockoutPasses() {
        String email = signUpConfirmed();
        for (int i = 0; i < LOCKOUT.freeFailures(); i++) {
            assertThatThrownBy(() -> logIn(email, "Wrong-password-1"))
                    .isInstanceOf(NotAuthorizedException.class)
                    .hasMessageContaining("Incorrect username or password.");
        }

        assertThatThrownBy(() -> logIn(email, PASSWORD))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Password attempts exceeded");

        clock.advance(LOCKOUT.firstLockout());
        assertThat(logIn(email, PASSWORD).accessToken()).isNotBlank();
        // the success cleared the count: one more mistake is just a mistake
        assertThatThrownBy(() -> logIn(email, "Wrong-password-1")).hasMessageContaining("Incorrect username");
        assertThat(logIn(email, PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void givenAGuesserWhoKeepsGoing_whenEachLockoutEnds_thenItDoublesUpToFifteenMinutes() {
        String email = signUpConfirmed();
        Duration expected = LOCKOUT.firstLockout();
        int refused = 0;
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                logIn(email, "Wrong-password-" + attempt);
            } catch (NotAuthorizedException e) {
                if (e.getMessage().contains("Password attempts exceeded")) {
                    refused++;
                }
            }
            if (attempt >= LOCKOUT.freeFailures() - 1) {
                // just before the lock ends, even the right password is refused; then the next guess may try
                clock.advance(expected.minusMillis(1));
                assertThatThrownBy(() -> logIn(email, PASSWORD)).hasMessageContaining("Password attempts exceeded");
                clock.advance(Duration.ofMillis(1));
                expected = expected.multipliedBy(2).compareTo(LOCKOUT.maxLockout()) > 0
                        ? LOCKOUT.maxLockout() : expected.multipliedBy(2);
            }
        }
        assertThat(refused).as("each guess came after its lockout ended").isZero();
        assertThat(expected).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void givenANameWithoutAnAccount_whenGuessedRepeatedly_thenItLocksLikeARealOne() {
        String nobody = uniqueEmail();
        for (int i = 0; i < LOCKOUT.freeFailures(); i++) {
            assertThatThrownBy(() -> logIn(nobody, "Wrong-password-1")).hasMessageContaining("Incorrect username");
        }
        assertThatThrownBy(() -> logIn(nobody, "Wrong-password-1")).hasMessageContaining("Password attempts exceeded");
    }

    @Test
    void givenMissingUsername_whenSigningUp_thenInvalidParameter() {
        assertThatThrownBy(() -> cognito.signUp(r -> r.clientId(clientId).password(PASSWORD)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void givenUnknownClientId_whenSigningUp_thenResourceNotFound() {
        assertThatThrownBy(() -> cognito.signUp(r -> r.clientId("no-such-client").username(uniqueEmail())
                .password(PASSWORD)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void givenRefreshToken_whenRefreshing_thenNewAccessTokenValidatesAndNoNewRefreshToken() throws Exception {
        String email = signUpConfirmed();
        AuthenticationResultType first = logIn(email, PASSWORD);

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

    // --- the signed-in user -----------------------------------------------------------------------

    @Test
    void givenAccessToken_whenGettingUser_thenTheUuidUsernameAndAttributesIncludingSub() {
        String email = uniqueEmail();
        String sub = cognito.signUp(r -> r.clientId(clientId).username(email).password(PASSWORD)
                .userAttributes(AttributeType.builder().name("name").value("Alice").build())).userSub();
        confirm(email, server.latestCode(email));
        String accessToken = logIn(email, PASSWORD).accessToken();

        GetUserResponse user = cognito.getUser(r -> r.accessToken(accessToken));

        assertThat(user.username()).isEqualTo(sub);
        assertThat(user.userAttributes().get(0).name()).isEqualTo("sub");
        assertThat(user.userAttributes()).extracting(AttributeType::name, AttributeType::value)
                .contains(tuple("sub", sub), tuple("name", "Alice"), tuple("email", email),
                        tuple("email_verified", "true"));
        assertThat(user.userMFASettingList()).isEmpty();
    }

    @Test
    void givenGlobalSignOut_whenRefreshingOrGettingUser_thenRefused() {
        String email = signUpConfirmed();
        AuthenticationResultType tokens = logIn(email, PASSWORD);

        cognito.globalSignOut(r -> r.accessToken(tokens.accessToken()));

        assertThatThrownBy(() -> refresh(tokens.refreshToken())).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> cognito.getUser(r -> r.accessToken(tokens.accessToken())))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("revoked");
    }

    @Test
    void givenRevokedRefreshToken_whenRefreshing_thenNotAuthorized() {
        String email = signUpConfirmed();
        String refreshToken = logIn(email, PASSWORD).refreshToken();

        cognito.revokeToken(r -> r.clientId(clientId).token(refreshToken));

        assertThatThrownBy(() -> refresh(refreshToken)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void givenDeletedUser_whenSigningInOrRefreshing_thenRefused_andTheEmailIsFreeAgain() {
        String email = signUpConfirmed();
        AuthenticationResultType tokens = logIn(email, PASSWORD);

        cognito.deleteUser(r -> r.accessToken(tokens.accessToken()));

        assertThatThrownBy(() -> logIn(email, PASSWORD)).isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Incorrect username or password.");
        assertThatThrownBy(() -> refresh(tokens.refreshToken())).isInstanceOf(NotAuthorizedException.class);
        assertThat(signUp(email, PASSWORD).userConfirmed()).isFalse();
    }

    // --- passwords --------------------------------------------------------------------------------

    @Test
    void givenForgottenPassword_whenResetWithTheMailedCode_thenOnlyTheNewPasswordSignsIn() {
        String email = signUpConfirmed();

        CodeDeliveryDetailsType delivery = cognito.forgotPassword(r -> r.clientId(clientId).username(email))
                .codeDeliveryDetails();
        assertThat(delivery.destination()).isEqualTo("u***@e***");
        LocalMailbox.Message mail = last(email);
        assertThat(mail.subject()).isEqualTo("Your password reset code");
        assertThatThrownBy(() -> confirmForgot(email, mail.code(), "weak")).isInstanceOf(InvalidPasswordException.class);
        assertThatThrownBy(() -> confirmForgot(email, otherCode(mail.code()), NEW_PASSWORD))
                .isInstanceOf(CodeMismatchException.class);
        confirmForgot(email, mail.code(), NEW_PASSWORD);

        assertThat(logIn(email, NEW_PASSWORD).accessToken()).isNotBlank();
        assertThatThrownBy(() -> logIn(email, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> confirmForgot(email, mail.code(), PASSWORD))
                .as("a code works once").isInstanceOf(CodeMismatchException.class);
    }

    @Test
    void givenAResetCodeOlderThanAnHour_whenUsed_thenExpiredCode() {
        String email = signUpConfirmed();
        cognito.forgotPassword(r -> r.clientId(clientId).username(email));
        clock.advance(UserPoolPolicy.DEPLOYED.codes().passwordResetValidity());

        assertThatThrownBy(() -> confirmForgot(email, last(email).code(), NEW_PASSWORD))
                .isInstanceOf(ExpiredCodeException.class);
        assertThat(logIn(email, PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void givenNoSuchAccount_whenForgettingThePassword_thenItAnswersAsIfSentAndMailsNothing() {
        String nobody = uniqueEmail();

        CodeDeliveryDetailsType delivery = cognito.forgotPassword(r -> r.clientId(clientId).username(nobody))
                .codeDeliveryDetails();

        assertThat(delivery.destination()).isEqualTo("u***@e***");
        assertThat(delivery.deliveryMedium()).isEqualTo(DeliveryMediumType.EMAIL);
        assertThat(server.identity.mailbox().messages(nobody)).isEmpty();
        assertThatThrownBy(() -> confirmForgot(nobody, "123456", NEW_PASSWORD)).isInstanceOf(CodeMismatchException.class)
                .isNotInstanceOf(UserNotFoundException.class);
    }

    @Test
    void givenSignedInUser_whenChangingPassword_thenThePreviousMustBeRightAndTheNewOneSignsIn() {
        String email = signUpConfirmed();
        String accessToken = logIn(email, PASSWORD).accessToken();

        assertThatThrownBy(() -> cognito.changePassword(r -> r.accessToken(accessToken)
                .previousPassword("Not-my-passw0rd").proposedPassword(NEW_PASSWORD)))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Incorrect username or password.");
        assertThatThrownBy(() -> cognito.changePassword(r -> r.accessToken(accessToken)
                .previousPassword(PASSWORD).proposedPassword("short")))
                .isInstanceOf(InvalidPasswordException.class);
        cognito.changePassword(r -> r.accessToken(accessToken).previousPassword(PASSWORD).proposedPassword(NEW_PASSWORD));

        assertThat(logIn(email, NEW_PASSWORD).accessToken()).isNotBlank();
        assertThatThrownBy(() -> logIn(email, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void givenRepeatedWrongPreviousPasswords_whenChangingPassword_thenLimitExceeded() {
        String email = signUpConfirmed();
        String accessToken = logIn(email, PASSWORD).accessToken();
        for (int i = 0; i < LOCKOUT.freeFailures(); i++) {
            assertThatThrownBy(() -> cognito.changePassword(r -> r.accessToken(accessToken)
                    .previousPassword("Not-my-passw0rd").proposedPassword(NEW_PASSWORD)))
                    .isInstanceOf(NotAuthorizedException.class);
        }

        assertThatThrownBy(() -> cognito.changePassword(r -> r.accessToken(accessToken)
                .previousPassword(PASSWORD).proposedPassword(NEW_PASSWORD)))
                .isInstanceOf(LimitExceededException.class);
    }

    // --- e-mail change ----------------------------------------------------------------------------

    @Test
    void givenANewEmail_whenNotYetVerified_thenTheOriginalStaysInForce_andVerifyingSwitchesOver() {
        String old = signUpConfirmed();
        String changed = uniqueEmail();
        String accessToken = logIn(old, PASSWORD).accessToken();

        var deliveries = cognito.updateUserAttributes(r -> r.accessToken(accessToken)
                .userAttributes(AttributeType.builder().name("email").value(changed).build())).codeDeliveryDetailsList();

        assertThat(deliveries).singleElement().satisfies(d -> {
            assertThat(d.attributeName()).isEqualTo("email");
            assertThat(d.deliveryMedium()).isEqualTo(DeliveryMediumType.EMAIL);
            assertThat(d.destination()).isEqualTo("u***@e***");
        });
        assertThat(server.identity.mailbox().messages(changed)).hasSize(1);
        assertThat(attributes(accessToken)).containsEntry("email", old).containsEntry("email_verified", "true");
        assertThat(logIn(old, PASSWORD).accessToken()).as("the original address still signs in").isNotBlank();
        assertThatThrownBy(() -> logIn(changed, PASSWORD)).isInstanceOf(NotAuthorizedException.class);

        assertThatThrownBy(() -> cognito.verifyUserAttribute(r -> r.accessToken(accessToken).attributeName("email")
                .code(otherCode(server.latestCode(changed))))).isInstanceOf(CodeMismatchException.class);
        cognito.getUserAttributeVerificationCode(r -> r.accessToken(accessToken).attributeName("email"));
        assertThat(server.identity.mailbox().messages(changed)).as("a new code to the new address").hasSize(2);
        cognito.verifyUserAttribute(r -> r.accessToken(accessToken).attributeName("email")
                .code(server.latestCode(changed)));

        assertThat(attributes(accessToken)).containsEntry("email", changed).containsEntry("email_verified", "true");
        assertThat(logIn(changed, PASSWORD).accessToken()).isNotBlank();
        assertThatThrownBy(() -> logIn(old, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void givenAnEmailOfAnotherAccount_whenChangingToIt_thenAliasExists() {
        String mine = signUpConfirmed();
        String theirs = signUpConfirmed();
        String accessToken = logIn(mine, PASSWORD).accessToken();

        assertThatThrownBy(() -> cognito.updateUserAttributes(r -> r.accessToken(accessToken)
                .userAttributes(AttributeType.builder().name("email").value(theirs.toUpperCase()).build())))
                .isInstanceOf(AliasExistsException.class);
    }

    @Test
    void givenAClient_whenWritingTheVerificationFlag_thenNotAuthorized() {
        String email = signUpConfirmed();
        String accessToken = logIn(email, PASSWORD).accessToken();

        assertThatThrownBy(() -> cognito.updateUserAttributes(r -> r.accessToken(accessToken)
                .userAttributes(AttributeType.builder().name("email_verified").value("true").build())))
                .isInstanceOf(NotAuthorizedException.class);
    }

    // --- authenticator app (TOTP) -----------------------------------------------------------------

    @Test
    void givenTotpTurnedOn_whenSigningIn_thenASoftwareTokenChallengeThatTheAppsCodeAnswers() {
        String email = signUpConfirmed();
        String accessToken = logIn(email, PASSWORD).accessToken();
        String secret = enableTotp(accessToken);
        assertThat(cognito.getUser(r -> r.accessToken(accessToken))).satisfies(u -> {
            assertThat(u.userMFASettingList()).containsExactly("SOFTWARE_TOKEN_MFA");
            assertThat(u.preferredMfaSetting()).isEqualTo("SOFTWARE_TOKEN_MFA");
        });
        clock.advance(Duration.ofSeconds(30)); // the code used to verify is not accepted twice

        InitiateAuthResponse challenge = cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD)));
        assertThat(challenge.authenticationResult()).isNull();
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        assertThat(challenge.session()).hasSizeGreaterThanOrEqualTo(20);

        String code = TestTotp.code(secret, clock.instant());
        assertThatThrownBy(() -> answer(challenge.session(), email, otherCode(code)))
                .isInstanceOf(CodeMismatchException.class);
        RespondToAuthChallengeResponse answered = answer(challenge.session(), email, code);

        assertThat(answered.authenticationResult().accessToken()).isNotBlank();
        assertThat(answered.authenticationResult().refreshToken()).isNotBlank();
        assertThatThrownBy(() -> answer(challenge.session(), email, code)).as("a session is answered once")
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void givenAChallengeSessionOlderThanThreeMinutes_whenAnswered_thenSessionIsExpired() {
        String email = signUpConfirmed();
        String secret = enableTotp(logIn(email, PASSWORD).accessToken());
        String session = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD))).session();

        clock.advance(UserPoolPolicy.DEPLOYED.authSessionValidity());

        assertThatThrownBy(() -> answer(session, email, TestTotp.code(secret, clock.instant())))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Invalid session for the user, session is expired.");
    }

    @Test
    void givenAWrongAppCode_whenVerifyingTheSoftwareToken_thenRefusedAndMfaCannotBeTurnedOn() {
        String email = signUpConfirmed();
        String accessToken = logIn(email, PASSWORD).accessToken();
        String secret = cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        assertThat(secret).matches("[A-Z2-7]{32}");

        assertThatThrownBy(() -> cognito.verifySoftwareToken(r -> r.accessToken(accessToken)
                .userCode(otherCode(TestTotp.code(secret, clock.instant())))))
                .isInstanceOf(EnableSoftwareTokenMfaException.class);
        assertThatThrownBy(() -> cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true))))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(logIn(email, PASSWORD).accessToken()).as("still one factor").isNotBlank();
    }

    @Test
    void givenAChallengeSession_whenAssociatingAndVerifyingByIt_thenEachAnswerCarriesANewSession() {
        String email = signUpConfirmed();
        enableTotp(logIn(email, PASSWORD).accessToken());
        String session = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD))).session();

        var associated = cognito.associateSoftwareToken(r -> r.session(session));
        clock.advance(Duration.ofSeconds(30));
        var verified = cognito.verifySoftwareToken(r -> r.session(associated.session())
                .userCode(TestTotp.code(associated.secretCode(), clock.instant())));

        assertThat(associated.session()).isNotEqualTo(session);
        assertThat(verified.status()).isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
        assertThat(verified.session()).isNotBlank();
        assertThatThrownBy(() -> cognito.associateSoftwareToken(r -> r.session(session)))
                .as("the first session was used up").isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void givenTotpTurnedOff_whenSigningIn_thenTokensAtOnce() {
        String email = signUpConfirmed();
        String accessToken = logIn(email, PASSWORD).accessToken();
        enableTotp(accessToken);

        cognito.setUserMFAPreference(r -> r.accessToken(accessToken).softwareTokenMfaSettings(s -> s.enabled(false)));

        assertThat(logIn(email, PASSWORD).accessToken()).isNotBlank();
        assertThatThrownBy(() -> cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .smsMfaSettings(s -> s.enabled(true)))).as("TOTP only").isInstanceOf(InvalidParameterException.class);
    }

    // ---------------------------------------------------------------------------------------------

    /** Associates, verifies and turns on TOTP; returns the secret. */
    private static String enableTotp(String accessToken) {
        String secret = cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        VerifySoftwareTokenResponseType status = cognito.verifySoftwareToken(r -> r.accessToken(accessToken)
                .userCode(TestTotp.code(secret, clock.instant())).friendlyDeviceName("phone")).status();
        assertThat(status).isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
        cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
        return secret;
    }

    private static RespondToAuthChallengeResponse answer(String session, String email, String code) {
        return cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA)
                .session(session).challengeResponses(Map.of("USERNAME", email, "SOFTWARE_TOKEN_MFA_CODE", code)));
    }

    private static Map<String, String> attributes(String accessToken) {
        Map<String, String> attributes = new java.util.LinkedHashMap<>();
        cognito.getUser(r -> r.accessToken(accessToken)).userAttributes()
                .forEach(a -> attributes.put(a.name(), a.value()));
        return attributes;
    }

    private static LocalMailbox.Message last(String email) {
        var messages = server.identity.mailbox().messages(email);
        return messages.get(messages.size() - 1);
    }

    private static String otherCode(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static SignUpResponse signUp(String email, String password) {
        return cognito.signUp(r -> r.clientId(clientId).username(email).password(password));
    }

    private static void confirm(String email, String code) {
        cognito.confirmSignUp(r -> r.clientId(clientId).username(email).confirmationCode(code));
    }

    private static void confirmForgot(String email, String code, String password) {
        cognito.confirmForgotPassword(r -> r.clientId(clientId).username(email).confirmationCode(code).password(password));
    }

    /** A new account, signed up and confirmed with the mailed code, the AWS way. */
    private static String signUpConfirmed() {
        String email = uniqueEmail();
        signUp(email, PASSWORD);
        confirm(email, server.latestCode(email));
        return email;
    }

    private static AuthenticationResultType logIn(String username, String password) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }

    private static AuthenticationResultType refresh(String refreshToken) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken))).authenticationResult();
    }
}
