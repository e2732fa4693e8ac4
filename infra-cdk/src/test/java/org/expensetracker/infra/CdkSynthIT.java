package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deploy path as a person runs it: the pinned CDK CLI (infra-cdk/package.json) synthesizes the
 * packaged app offline, with no AWS credentials, and writes every template samconfig.toml names.
 * CI installs the CLI with {@code npm ci}; elsewhere the test is skipped when it is not installed.
 */
class CdkSynthIT {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void givenThePinnedCli_whenSynthesizingOffline_thenTheTemplatesSamconfigNamesExist(String env) throws Exception {
        Repository repository = Repository.locate();
        Path infra = repository.root().resolve("infra-cdk");
        Path cli = infra.resolve("node_modules/.bin/cdk");
        if (!Files.isExecutable(cli)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("the pinned CDK CLI is not installed; run npm ci in infra-cdk (CI=true requires this test)");
            }
            assumeTrue(false, "CDK CLI not installed (npm ci in infra-cdk)");
        }
        assertThat(new ObjectMapper().readTree(infra.resolve("package.json").toFile())
                .path("devDependencies").path("aws-cdk").asText()).isEqualTo("2.1148.1");

        Path out = infra.resolve("target/cdk-synth-it").resolve(env);
        ProcessBuilder synth = new ProcessBuilder(cli.toString(), "synth", "-c", "env=" + env, "--quiet",
                "--output", out.toString()).directory(infra.toFile()).redirectErrorStream(true);
        Map<String, String> environment = synth.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("CDK_DISABLE_VERSION_CHECK", "true");
        environment.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Process process = synth.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        String prefix = env.equals("prod") ? "ExpensesProd" : "ExpensesDev";
        for (String stack : List.of("Web", "Data", "Storage", "Api")) {
            Path template = out.resolve(prefix + "-" + stack + ".template.json");
            assertThat(template).exists();
            JsonNode resources = new ObjectMapper().readTree(template.toFile()).path("Resources");
            assertThat(resources.size()).as(template.toString()).isPositive();
        }
        // Every template_file of this environment in samconfig.toml is one the synth wrote (under cdk.out).
        Matcher files = Pattern.compile("template_file\\s*=\\s*\"infra-cdk/cdk.out/(" + prefix + "-[A-Za-z]+\\.template\\.json)\"")
                .matcher(Files.readString(repository.root().resolve("samconfig.toml")));
        int named = 0;
        while (files.find()) {
            named++;
            assertThat(out.resolve(files.group(1))).exists();
        }
        assertThat(named).as("samconfig.toml names %s templates", prefix).isPositive();
    }
}
