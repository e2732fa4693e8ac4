package org.expensetracker.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * One synthesis per environment for the whole test run (synthesizing is what costs time and
 * memory), exactly as the CDK CLI does it: cdk.json's context, cdk-nag applied. The cloud
 * assembly goes to target/cdk-test-out/<env>, not to a temporary directory that would be left behind.
 */
final class Synthesized {
    private static Synthesized dev;
    private static Synthesized prod;

    final EnvironmentSettings settings;
    final ExpenseTrackerApp.Stacks stacks;
    final Template web;
    final Template data;
    final Template storage;
    final Template api;
    /** {@code null} where WAF is off. */
    final Template edge;
    /** {@code null} where there is no second region. */
    final Template recovery;

    private Synthesized(EnvironmentSettings settings) {
        this.settings = settings;
        Repository repository = Repository.locate();
        Path outdir = repository.root().resolve("infra-cdk/target/cdk-test-out").resolve(settings.name());
        deleteRecursively(outdir);
        App app = new App(AppProps.builder().context(CdkJson.context(repository)).outdir(outdir.toString()).build());
        stacks = ExpenseTrackerApp.build(app, settings, repository);
        app.synth();
        web = Template.fromStack(stacks.web());
        data = Template.fromStack(stacks.data());
        storage = Template.fromStack(stacks.storage());
        api = Template.fromStack(stacks.api());
        edge = stacks.edge() == null ? null : Template.fromStack(stacks.edge());
        recovery = stacks.recovery() == null ? null : Template.fromStack(stacks.recovery());
    }

    static synchronized Synthesized dev() {
        if (dev == null) {
            dev = new Synthesized(EnvironmentSettings.dev());
        }
        return dev;
    }

    static synchronized Synthesized prod() {
        if (prod == null) {
            prod = new Synthesized(EnvironmentSettings.prod());
        }
        return prod;
    }

    List<Template> templates() {
        return stacks.all().stream().map(Template::fromStack).toList();
    }

    /** Resources of a type, by logical id, as the JSON of the template (maps and lists). */
    static Map<String, Map<String, Object>> resources(Template template, String type) {
        return template.findResources(type);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
