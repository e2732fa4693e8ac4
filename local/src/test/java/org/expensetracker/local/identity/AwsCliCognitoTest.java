package org.expensetracker.local.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint against an independent client: the AWS CLI with {@code --endpoint-url}.
 * Skipped where the CLI is not installed, except on CI (CI=true), where a missing CLI is a failure.
 */
class AwsCliCognitoTest {

    private static final String PASSWORD = "Passw0rd!x";

    @TempDir
    Path stateDir;
    @TempDir
    Path cliHome;

    @Test
    void givenAwsCli_whenSigningUpAndInitiatingAuth_thenOutputHasAccessToken() throws Exception {
        Optional<Path> aws = findOnPath("aws");
        if (aws.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("aws CLI not found on PATH, but CI=true requires this test to run");
            }
            assumeTrue(false, "aws CLI not on PATH");
        }
        try (IdentityServer server = IdentityServer.start(stateDir, MutableClock.atNow())) {
            String clientId = server.identity.clientId();

            JsonNode signUp = run(aws.get(), "cognito-idp", "sign-up", "--endpoint-url", server.baseUrl,
                    "--client-id", clientId, "--username", "cli-user", "--password", PASSWORD,
                    "--region", "us-east-1");
            JsonNode auth = run(aws.get(), "cognito-idp", "initiate-auth", "--endpoint-url", server.baseUrl,
                    "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId,
                    "--auth-parameters", "USERNAME=cli-user,PASSWORD=" + PASSWORD, "--region", "us-east-1");

            assertThat(signUp.path("UserConfirmed").asBoolean()).isTrue();
            String accessToken = auth.path("AuthenticationResult").path("AccessToken").asText();
            assertThat(accessToken).isNotBlank();
            assertThat(server.identity.authorizer().verify(accessToken).claims()).containsEntry("username", "cli-user");
        }
    }

    private JsonNode run(Path aws, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(aws.toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        // Keep the developer's own profiles out of the test.
        env.put("AWS_CONFIG_FILE", cliHome.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", cliHome.resolve("credentials").toString());
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws CLI timed out");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("aws %s failed: %s", args[1], text).isZero();
        return Json.MAPPER.readTree(text);
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
