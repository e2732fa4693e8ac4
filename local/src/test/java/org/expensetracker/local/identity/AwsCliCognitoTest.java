package org.expensetracker.local.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.expensetracker.local.testing.AwsCli;
import org.expensetracker.local.testing.TestTotp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint against an independent client: the AWS CLI with {@code --endpoint-url}, through every
 * operation the pool offers, in the order a user meets them.
 * Skipped where the CLI is not installed, except on CI (CI=true), where a missing CLI is a failure.
 */
class AwsCliCognitoTest {

    private static final String PASSWORD = "Passw0rd!xyz1";
    private static final String RESET_PASSWORD = "Res3t-passw0rd!";
    private static final String CHANGED_PASSWORD = "Chang3d-passw0rd!";

    @TempDir
    Path stateDir;
    @TempDir
    Path cliHome;

    private AwsCli aws;
    private IdentityServer server;

    @Test
    void givenAwsCli_whenAUserGoesThroughEveryOperation_thenEachAnswersAsCognitoDoes() throws Exception {
        aws = AwsCli.require(cliHome);
        MutableClock clock = MutableClock.atNow();
        try (IdentityServer started = IdentityServer.start(stateDir, clock)) {
            server = started;
            String clientId = server.identity.clientId();
            String email = "cli-user@example.com";
            String newEmail = "cli-user-new@example.com";

            // sign-up, resend, confirm
            JsonNode signUp = cli("sign-up", "--client-id", clientId, "--username", email, "--password", PASSWORD);
            assertThat(signUp.path("UserConfirmed").asBoolean()).isFalse();
            assertThat(signUp.path("CodeDeliveryDetails").path("Destination").asText()).isEqualTo("c***@e***");
            JsonNode resent = cli("resend-confirmation-code", "--client-id", clientId, "--username", email);
            assertThat(resent.path("CodeDeliveryDetails").path("DeliveryMedium").asText()).isEqualTo("EMAIL");
            run("confirm-sign-up", "--client-id", clientId, "--username", email,
                    "--confirmation-code", server.latestCode(email));

            // forgot / confirm-forgot
            JsonNode forgot = cli("forgot-password", "--client-id", clientId, "--username", email);
            assertThat(forgot.path("CodeDeliveryDetails").path("AttributeName").asText()).isEqualTo("email");
            run("confirm-forgot-password", "--client-id", clientId, "--username", email,
                    "--confirmation-code", server.latestCode(email), "--password", RESET_PASSWORD);

            // sign-in, change-password, get-user
            String accessToken = logIn(clientId, email, RESET_PASSWORD).path("AccessToken").asText();
            assertThat(server.identity.authorizer().verify(accessToken).claims().get("username"))
                    .isEqualTo(signUp.path("UserSub").asText());
            run("change-password", "--access-token", accessToken, "--previous-password", RESET_PASSWORD,
                    "--proposed-password", CHANGED_PASSWORD);
            JsonNode user = cli("get-user", "--access-token", accessToken);
            assertThat(user.path("Username").asText()).isEqualTo(signUp.path("UserSub").asText());

            // update-user-attributes + verify-user-attribute (and a fresh code on request)
            JsonNode updated = cli("update-user-attributes", "--access-token", accessToken,
                    "--user-attributes", "Name=email,Value=" + newEmail);
            assertThat(updated.path("CodeDeliveryDetailsList").get(0).path("Destination").asText()).isEqualTo("c***@e***");
            cli("get-user-attribute-verification-code", "--access-token", accessToken, "--attribute-name", "email");
            run("verify-user-attribute", "--access-token", accessToken, "--attribute-name", "email",
                    "--code", server.latestCode(newEmail));
            assertThat(attribute(cli("get-user", "--access-token", accessToken), "email")).isEqualTo(newEmail);

            // associate-software-token + verify-software-token + set-user-mfa-preference
            String secret = cli("associate-software-token", "--access-token", accessToken).path("SecretCode").asText();
            JsonNode verified = cli("verify-software-token", "--access-token", accessToken,
                    "--user-code", TestTotp.code(secret, clock.instant()), "--friendly-device-name", "phone");
            assertThat(verified.path("Status").asText()).isEqualTo("SUCCESS");
            run("set-user-mfa-preference", "--access-token", accessToken,
                    "--software-token-mfa-settings", "Enabled=true,PreferredMfa=true");

            // initiate-auth → SOFTWARE_TOKEN_MFA → respond-to-auth-challenge with the app's next code
            JsonNode tokens = mfaLogIn(clock, clientId, newEmail, CHANGED_PASSWORD, secret);
            assertThat(server.identity.authorizer().verify(tokens.path("AccessToken").asText()).subject())
                    .isEqualTo(signUp.path("UserSub").asText());

            // revoke-token, global-sign-out, delete-user
            run("revoke-token", "--client-id", clientId, "--token", tokens.path("RefreshToken").asText());
            assertThat(attempt("initiate-auth", "--auth-flow", "REFRESH_TOKEN_AUTH", "--client-id", clientId,
                    "--auth-parameters", "REFRESH_TOKEN=" + tokens.path("RefreshToken").asText()).stderr())
                    .contains("NotAuthorizedException");
            run("global-sign-out", "--access-token", accessToken);
            assertThat(attempt("get-user", "--access-token", accessToken).stderr()).contains("NotAuthorizedException");
            String lastToken = mfaLogIn(clock, clientId, newEmail, CHANGED_PASSWORD, secret).path("AccessToken").asText();
            // admin-get-user by the e-mail alias shows the generated user name (= sub)
            JsonNode admin = cli("admin-get-user", "--user-pool-id", LocalIdentity.USER_POOL_ID, "--username", newEmail);
            assertThat(admin.path("Username").asText()).isEqualTo(signUp.path("UserSub").asText());
            assertThat(admin.path("UserStatus").asText()).isEqualTo("CONFIRMED");
            run("delete-user", "--access-token", lastToken);
            assertThat(attempt("initiate-auth", "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId,
                    "--auth-parameters", "USERNAME=" + newEmail + ",PASSWORD=" + CHANGED_PASSWORD).stderr())
                    .contains("NotAuthorizedException", "Incorrect username or password.");

            // admin-user-global-sign-out, admin-delete-user (IAM-signed: the CLI signs with the local keys)
            String other = "cli-other@example.com";
            cli("sign-up", "--client-id", clientId, "--username", other, "--password", PASSWORD);
            run("confirm-sign-up", "--client-id", clientId, "--username", other, "--confirmation-code", server.latestCode(other));
            JsonNode otherTokens = logIn(clientId, other, PASSWORD);
            run("admin-user-global-sign-out", "--user-pool-id", LocalIdentity.USER_POOL_ID, "--username", other);
            assertThat(attempt("initiate-auth", "--auth-flow", "REFRESH_TOKEN_AUTH", "--client-id", clientId,
                    "--auth-parameters", "REFRESH_TOKEN=" + otherTokens.path("RefreshToken").asText()).stderr())
                    .contains("NotAuthorizedException");
            run("admin-delete-user", "--user-pool-id", LocalIdentity.USER_POOL_ID, "--username", other);
            assertThat(attempt("admin-get-user", "--user-pool-id", LocalIdentity.USER_POOL_ID, "--username", other).stderr())
                    .contains("UserNotFoundException");
            assertThat(attempt("admin-delete-user", "--user-pool-id", "us-east-1_elsewhere", "--username", other).stderr())
                    .contains("ResourceNotFoundException");
        }
    }

    @Test
    void givenAwsCli_whenConfirmingWithAWrongCode_thenTheCliReportsCodeMismatch() throws Exception {
        aws = AwsCli.require(cliHome);
        try (IdentityServer started = IdentityServer.start(stateDir, MutableClock.atNow())) {
            server = started;
            String clientId = server.identity.clientId();
            cli("sign-up", "--client-id", clientId, "--username", "wrong-code@example.com", "--password", PASSWORD);
            String wrong = String.format("%06d", (Integer.parseInt(server.latestCode("wrong-code@example.com")) + 1) % 1_000_000);

            AwsCli.Result result = attempt("confirm-sign-up", "--client-id", clientId,
                    "--username", "wrong-code@example.com", "--confirmation-code", wrong);

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("CodeMismatchException");
        }
    }

    /** Password, then the authenticator app's code for the next 30-second step (a code counts once). */
    private JsonNode mfaLogIn(MutableClock clock, String clientId, String email, String password, String secret)
            throws Exception {
        clock.advance(Duration.ofSeconds(30));
        JsonNode challenge = cli("initiate-auth", "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId,
                "--auth-parameters", "USERNAME=" + email + ",PASSWORD=" + password);
        assertThat(challenge.path("ChallengeName").asText()).isEqualTo("SOFTWARE_TOKEN_MFA");
        assertThat(challenge.path("AuthenticationResult").isMissingNode()).isTrue();
        JsonNode answered = cli("respond-to-auth-challenge", "--client-id", clientId,
                "--challenge-name", "SOFTWARE_TOKEN_MFA", "--session", challenge.path("Session").asText(),
                "--challenge-responses", "USERNAME=" + email + ",SOFTWARE_TOKEN_MFA_CODE="
                        + TestTotp.code(secret, clock.instant()));
        return answered.path("AuthenticationResult");
    }

    private JsonNode logIn(String clientId, String email, String password) throws Exception {
        return cli("initiate-auth", "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId,
                "--auth-parameters", "USERNAME=" + email + ",PASSWORD=" + password).path("AuthenticationResult");
    }

    private static String attribute(JsonNode user, String name) {
        for (JsonNode attribute : user.path("UserAttributes")) {
            if (attribute.path("Name").asText().equals(name)) {
                return attribute.path("Value").asText();
            }
        }
        return null;
    }

    private JsonNode cli(String operation, String... args) throws Exception {
        return aws.runJson(command(operation, args));
    }

    /** For operations that answer nothing (the CLI prints no JSON then). */
    private void run(String operation, String... args) throws Exception {
        aws.run(command(operation, args));
    }

    private AwsCli.Result attempt(String operation, String... args) throws Exception {
        return aws.attempt(command(operation, args));
    }

    private String[] command(String operation, String... args) {
        String[] command = new String[args.length + 4];
        command[0] = "cognito-idp";
        command[1] = operation;
        command[2] = "--endpoint-url";
        command[3] = server.baseUrl;
        System.arraycopy(args, 0, command, 4, args.length);
        return command;
    }
}
