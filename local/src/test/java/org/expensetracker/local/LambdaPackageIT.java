package org.expensetracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.expensetracker.core.config.Functions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each function's deployable is a zip in the layout the Lambda Java runtime loads (classes at the
 * root, dependencies in lib/), holding what the function needs and nothing of the build, the tests
 * or the local stack.
 */
class LambdaPackageIT {

    @ParameterizedTest
    @EnumSource(Functions.class)
    void givenAFunctionModule_whenPackaged_thenItsZipHoldsTheHandlerAndOnlyRuntimeDependencies(Functions function)
            throws IOException {
        Path zip = Path.of("..", "functions", function.module(), "target", function.module() + ".zip");
        assertThat(zip).exists();

        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<String> names = file.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains(function.handler().replace('.', '/') + ".class");
            List<String> jars = names.stream().filter(n -> n.startsWith("lib/")).toList();
            assertThat(jars).anyMatch(n -> n.startsWith("lib/rdsdata-"))
                    .anyMatch(n -> n.startsWith("lib/url-connection-client-"))
                    .anyMatch(n -> n.startsWith("lib/core-"))
                    // logs go through the project's own small SLF4J provider, not a logging framework
                    .anyMatch(n -> n.startsWith("lib/logging-"))
                    .noneMatch(n -> n.contains("log4j") || n.contains("logback") || n.contains("powertools"))
                    .noneMatch(n -> n.startsWith("lib/apache-client-") || n.startsWith("lib/netty-"))
                    .noneMatch(n -> n.contains("junit") || n.contains("assertj") || n.contains("lambda-java-tests"))
                    .noneMatch(n -> n.contains("postgres") || n.contains("nimbus") || n.startsWith("lib/local-"));
            assertThat(names).noneMatch(n -> n.startsWith("org/expensetracker/local/"));
        }
        assertThat(Files.size(zip)).isLessThan(20L * 1024 * 1024);
    }
}
