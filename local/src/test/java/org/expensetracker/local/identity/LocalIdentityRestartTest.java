package org.expensetracker.local.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

/** Users, sessions, the client id and the signing key outlive a restart on the same data dir. */
class LocalIdentityRestartTest {

    private static final String PASSWORD = "Passw0rd!xyz1";

    @TempDir
    Path stateDir;

    @Test
    void givenTokensIssuedBeforeRestart_whenPoolRestartsOnSameDir_thenTokensAndPasswordStillWork() throws Exception {
        MutableClock clock = MutableClock.atNow();
        String clientId;
        int port;
        AuthenticationResultType before;
        try (IdentityServer first = IdentityServer.start(stateDir, clock);
             CognitoIdentityProviderClient cognito = first.sdkClient()) {
            clientId = first.identity.clientId();
            port = first.port();
            cognito.signUp(r -> r.clientId(clientId).username("Restart-User").password(PASSWORD));
            before = logIn(cognito, clientId, "restart-user");
        }

        try (IdentityServer second = IdentityServer.start(stateDir, clock, port);
             CognitoIdentityProviderClient cognito = second.sdkClient()) {
            assertThat(second.identity.clientId()).isEqualTo(clientId);
            VerifiedToken old = second.identity.authorizer().verify(before.accessToken());
            assertThat(old.claims()).containsEntry("username", "Restart-User");
            assertThat(logIn(cognito, clientId, "Restart-User").accessToken()).isNotBlank();
            AuthenticationResultType refreshed = cognito.initiateAuth(r -> r.clientId(clientId)
                    .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                    .authParameters(Map.of("REFRESH_TOKEN", before.refreshToken()))).authenticationResult();
            assertThat(second.identity.authorizer().verify(refreshed.accessToken()).subject()).isEqualTo(old.subject());
        }
    }

    @Test
    void givenSignedUpUser_whenReadingStateFiles_thenNoPasswordOrTokenInClearAndFilesAreOwnerOnly() throws Exception {
        LocalIdentity identity = new LocalIdentity(stateDir, "http://127.0.0.1:8080/cognito");
        identity.signUp(identity.clientId(), "bob", PASSWORD, Map.of());
        AuthenticationResult tokens = identity.authenticate(identity.clientId(), "bob", PASSWORD);

        Path dir = stateDir.resolve("identity");
        String users = Files.readString(dir.resolve("users.json"));
        String refreshTokens = Files.readString(dir.resolve("refresh-tokens.json"));
        assertThat(users).contains("bob", "pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$").doesNotContain(PASSWORD);
        assertThat(refreshTokens).doesNotContain(tokens.refreshToken());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("client.json", "signing-key.json", "users.json", "refresh-tokens.json");
        }
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve("signing-key.json")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.getPosixFilePermissions(dir.resolve("users.json")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    private static AuthenticationResultType logIn(CognitoIdentityProviderClient cognito, String clientId,
                                                  String username) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD))).authenticationResult();
    }
}
