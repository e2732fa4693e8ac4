package org.expensetracker.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The context of infra-cdk/cdk.json (the feature flags and the default environment). The CDK CLI
 * hands it to the app itself; a run without the CLI (the tests, plain {@code java}) reads it from
 * here, so every way of synthesizing produces the same templates.
 */
final class CdkJson {

    private CdkJson() {
    }

    static Map<String, Object> context(Repository repository) {
        Path file = repository.root().resolve("infra-cdk").resolve("cdk.json");
        try {
            Map<String, Object> json = new ObjectMapper().readValue(Files.readString(file), new TypeReference<>() {
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) json.getOrDefault("context", Map.of());
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
