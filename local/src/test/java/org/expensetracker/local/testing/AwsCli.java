package org.expensetracker.local.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI as an independent client of the stand-ins. {@link #require(Path)} skips the calling test where
 * the CLI is not installed, except on CI (CI=true), where a missing CLI is a failure.
 *
 * <p>Every call runs {@code aws <args> --region us-east-1} with the local credentials and an isolated
 * configuration: the inherited {@code AWS_*} variables are dropped and the config and credentials files point
 * into {@code home}, so the developer's own profiles stay out of the test.
 */
public final class AwsCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path executable;
    private final Path home;

    /** The outcome of {@link #attempt(String...)}: stdout and stderr kept apart, the exit code unchecked. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

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

    /**
     * Runs {@code aws <args> --region us-east-1}; fails the test on a non-zero exit.
     *
     * @return stdout and stderr together
     */
    public String run(String... args) throws IOException, InterruptedException {
        Result result = execute(true, args);
        assertThat(result.exitCode()).as("aws %s failed: %s", String.join(" ", args), result.stdout()).isZero();
        return result.stdout();
    }

    /** {@link #run(String...)} with {@code --output json} added, parsed. */
    public JsonNode runJson(String... args) throws IOException, InterruptedException {
        List<String> withOutput = new ArrayList<>(List.of(args));
        withOutput.addAll(List.of("--output", "json"));
        return JSON.readTree(run(withOutput.toArray(String[]::new)));
    }

    /** Runs {@code aws <args> --region us-east-1} and returns what happened, whether it succeeded or not. */
    public Result attempt(String... args) throws IOException, InterruptedException {
        return execute(false, args);
    }

    private Result execute(boolean mergeStderr, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--region", "us-east-1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(mergeStderr);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        Process process = builder.start();
        CompletableFuture<String> stderr = mergeStderr
                ? CompletableFuture.completedFuture("")
                : CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String stdout = readAll(process.getInputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws CLI timed out");
        }
        return new Result(process.exitValue(), stdout, stderr.join());
    }

    private static String readAll(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
