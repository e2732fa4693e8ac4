package org.expensetracker.local.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.expensetracker.local.testing.AwsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint against an independent client: the AWS CLI with {@code --endpoint-url}.
 * Skipped where the CLI is not installed, except on CI (CI=true), where a missing CLI is a failure.
 */
class AwsCliCognitoTest {

    private static final String PASSWORD = "Passw0rd!xyz1";

    @TempDir
    Path stateDir;
    @TempDir
    Path cliHome;

    @Test
    void givenAwsCli_whenSigningUpAndInitiatingAuth_thenOutputHasAccessToken() throws Exception {
        AwsCli aws = AwsCli.require(cliHome);
        try (IdentityServer server = IdentityServer.start(stateDir, MutableClock.atNow())) {
            String clientId = server.identity.clientId();

            JsonNode signUp = aws.runJson("cognito-idp", "sign-up", "--endpoint-url", server.baseUrl,
                    "--client-id", clientId, "--username", "cli-user", "--password", PASSWORD);
            JsonNode auth = aws.runJson("cognito-idp", "initiate-auth", "--endpoint-url", server.baseUrl,
                    "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId,
                    "--auth-parameters", "USERNAME=cli-user,PASSWORD=" + PASSWORD);

            assertThat(signUp.path("UserConfirmed").asBoolean()).isTrue();
            String accessToken = auth.path("AuthenticationResult").path("AccessToken").asText();
            assertThat(accessToken).isNotBlank();
            assertThat(server.identity.authorizer().verify(accessToken).claims()).containsEntry("username", "cli-user");
        }
    }
}
