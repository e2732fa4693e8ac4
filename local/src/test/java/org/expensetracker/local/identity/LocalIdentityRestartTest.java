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
        String sub;
        try (IdentityServer first = IdentityServer.start(stateDir, clock);
             CognitoIdentityProviderClient cognito = first.sdkClient()) {
            clientId = first.identity.clientId();
            port = first.port();
            sub = cognito.signUp(r -> r.clientId(clientId).username("Restart-User@example.com").password(PASSWORD))
                    .userSub();
            cognito.confirmSignUp(r -> r.clientId(clientId).username("restart-user@example.com")
                    .confirmationCode(first.latestCode("Restart-User@example.com")));
            before = logIn(cognito, clientId, "restart-user@example.com");
        }

        try (IdentityServer second = IdentityServer.start(stateDir, clock, port);
             CognitoIdentityProviderClient cognito = second.sdkClient()) {
            assertThat(second.identity.clientId()).isEqualTo(clientId);
            VerifiedToken old = second.identity.authorizer().verify(before.accessToken());
            assertThat(old.claims()).containsEntry("username", sub);
            assertThat(logIn(cognito, clientId, "Restart-User@example.com").accessToken()).isNotBlank();
            AuthenticationResultType refreshed = cognito.initiateAuth(r -> r.clientId(clientId)
                    .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                    .authParameters(Map.of("REFRESH_TOKEN", before.refreshToken()))).authenticationResult();
            assertThat(second.identity.authorizer().verify(refreshed.accessToken()).subject()).isEqualTo(old.subject());
        }
    }

    @Test
    void givenSignedUpUser_whenReadingStateFiles_thenNoPasswordOrTokenInClearAndFilesAreOwnerOnly() throws Exception {
        LocalIdentity identity = new LocalIdentity(stateDir, "http://127.0.0.1:8080/cognito");
        identity.signUp(identity.clientId(), "bob@example.com", PASSWORD, Map.of());
        String code = identity.mailbox().messages("bob@example.com").get(0).code();
        identity.confirmSignUp(identity.clientId(), "bob@example.com", code);
        AuthenticationResult tokens = identity.authenticate(identity.clientId(), "bob@example.com", PASSWORD);

        Path dir = stateDir.resolve("identity");
        String users = Files.readString(dir.resolve("users.json"));
        String refreshTokens = Files.readString(dir.resolve("refresh-tokens.json"));
        assertThat(users).contains("bob@example.com", "pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$")
                .doesNotContain(PASSWORD);
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

    @Test
    void givenAUsersFileFromBeforeConfirmation_whenThePoolStarts_thenItsUsersSignInAndAreMigratedToUuidUsernames()
            throws Exception {
        // users.json as the pool wrote it when sign-up was confirmed at once and the username was the e-mail
        String hash = new PasswordHasher(IdentityServer.TEST_HASH_ITERATIONS).hash(PASSWORD);
        Path dir = Files.createDirectories(stateDir.resolve("identity"));
        Files.writeString(dir.resolve("users.json"), """
                {"version":1,"users":[
                 {"sub":"7d3c1f0e-0000-4000-8000-000000000001","username":"Old-Timer@example.com","passwordHash":"%s",
                  "attributes":{},"createdAt":"2026-01-01T00:00:00Z"},
                 {"sub":"7d3c1f0e-0000-4000-8000-000000000002","username":"web@example.com","passwordHash":"%s",
                  "attributes":{"email":"web@example.com","email_verified":"true"},"createdAt":"2026-01-01T00:00:00Z"}]}
                """.formatted(hash, hash));

        try (IdentityServer server = IdentityServer.start(stateDir, MutableClock.atNow());
             CognitoIdentityProviderClient cognito = server.sdkClient()) {
            String clientId = server.identity.clientId();
            AuthenticationResultType tokens = logIn(cognito, clientId, "old-timer@example.com");
            VerifiedToken id = server.identity.authorizer().verify(tokens.idToken());

            assertThat(id.subject()).isEqualTo("7d3c1f0e-0000-4000-8000-000000000001");
            assertThat(id.claims()).containsEntry("cognito:username", id.subject())
                    .containsEntry("email", "Old-Timer@example.com").containsEntry("email_verified", "true");
            assertThat(logIn(cognito, clientId, "WEB@example.com").accessToken()).isNotBlank();
            assertThat(cognito.getUser(r -> r.accessToken(tokens.accessToken())).username()).isEqualTo(id.subject());
        }
        String migrated = Files.readString(dir.resolve("users.json"));
        assertThat(migrated).contains("\"confirmed\" : true", "\"username\" : \"7d3c1f0e-0000-4000-8000-000000000001\"");
    }

    private static AuthenticationResultType logIn(CognitoIdentityProviderClient cognito, String clientId,
                                                  String username) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD))).authenticationResult();
    }
}
