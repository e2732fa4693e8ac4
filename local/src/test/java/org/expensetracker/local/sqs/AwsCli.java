package org.expensetracker.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/**
 * The AWS CLI as an independent client of the stand-ins. {@link #require(Path)} skips the calling test where
 * the CLI is not installed, except on CI (CI=true), where a missing CLI is a failure.
 */
public final class AwsCli {
    private final Path executable;
    private final Path home;

    private AwsCli(Path executable, Path home) {
        this.executable = executable;
        this.home = home;
    }

    /** {@code home}: an empty directory that keeps the developer's own AWS profiles out of the test. */
    public static AwsCli require(Path home) {
        Optional<Path> aws = findOnPath("aws");
        if (aws.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("aws CLI not found on PATH, but CI=true requires this test to run");
            }
            assumeTrue(false, "aws CLI not on PATH");
        }
        return new AwsCli(aws.get(), home);
    }

    /** Runs {@code aws <args> --region us-east-1} with the local credentials; fails the test on a non-zero exit. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--region", "us-east-1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_ENDPOINT_URL");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws CLI timed out");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("aws %s failed: %s", String.join(" ", args), text).isZero();
        return text;
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
