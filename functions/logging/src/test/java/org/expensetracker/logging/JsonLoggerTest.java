package org.expensetracker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

class JsonLoggerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();
    private final JsonLogWriter capture = lines::add;

    @AfterEach
    void clearContext() {
        MDC.clear();
    }

    private Logger logger(String name, LogLevels levels) {
        return new JsonLoggerFactory(levels, capture).getLogger(name);
    }

    private List<JsonNode> parsed() {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            assertThat(line).endsWith("\n");
            assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
            try {
                nodes.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException(line, e);
            }
        }
        return nodes;
    }

    @Test
    void givenAwkwardText_whenLogged_thenOneJsonLineCarriesItExactly() {
        String awkward = "quote \" backslash \\ newline \n cr \r tab \t bell \u0007 nul \u0000 sep \u2028 日本語 😀 {}";
        logger("org.expensetracker.Test", LogLevels.fromEnvironment(name -> null)).info("value: {} and {}", awkward, 42);

        JsonNode line = parsed().get(0);
        assertThat(line.path("message").asText()).isEqualTo("value: " + awkward + " and 42");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("logger").asText()).isEqualTo("org.expensetracker.Test");
        assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void givenTheDefaultLevels_whenAppAndLibrariesLog_thenAppInfoAndLibraryWarningsOnly() {
        LogLevels levels = LogLevels.fromEnvironment(name -> null);
        Logger app = logger("org.expensetracker.entries.X", levels);
        Logger library = logger("software.amazon.awssdk.Y", levels);

        app.debug("app debug");
        app.info("app info");
        library.info("library info");
        library.warn("library warn");

        assertThat(parsed()).extracting(node -> node.path("message").asText()).containsExactly("app info", "library warn");
        assertThat(app.isDebugEnabled()).isFalse();
        assertThat(library.isInfoEnabled()).isFalse();
    }

    @Test
    void givenLogLevelDebug_whenTheAppLogsDebug_thenItIsWritten_andAnUnknownLevelMeansInfo() {
        Logger debug = logger("org.expensetracker.Z", LogLevels.fromEnvironment(Map.of("LOG_LEVEL", "debug")::get));
        debug.debug("details");
        assertThat(parsed()).extracting(node -> node.path("level").asText()).containsExactly("DEBUG");

        assertThat(LogLevels.fromEnvironment(Map.of("LOG_LEVEL", "loud")::get).application()).isEqualTo(Level.INFO);
        assertThat(LogLevels.fromEnvironment(Map.of("LOG_LEVEL", "warning")::get).application()).isEqualTo(Level.WARN);
    }

    @Test
    void givenAnException_whenLogged_thenTypeMessageAndStackWithTheCauseAreInTheSameLine() {
        RuntimeException error = new IllegalStateException("outer", new IllegalArgumentException("inner \"cause\""));
        logger("org.expensetracker.E", LogLevels.fromEnvironment(name -> null)).error("failed on {}", "GET /x", error);

        JsonNode line = parsed().get(0);
        assertThat(line.path("message").asText()).isEqualTo("failed on GET /x");
        assertThat(line.path("error").path("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.path("error").path("message").asText()).isEqualTo("outer");
        assertThat(line.path("error").path("stack").asText())
                .contains("Caused by: java.lang.IllegalArgumentException: inner \"cause\"")
                .contains("JsonLoggerTest");
    }

    @Test
    void givenTheLambdaContext_whenLogging_thenEveryLineCarriesItWithTypedFields_andColdStartOnlyOnce() {
        Logger log = LoggerFactory.getLogger("org.expensetracker.Handler");
        String first = captureStdout(() -> {
            LambdaLogContext.initialize(new FakeContext("req-1"));
            MDC.put("correlation_id", "corr-1");
            log.info("first");
        });
        String second = captureStdout(() -> {
            LambdaLogContext.initialize(new FakeContext("req-2"));
            log.info("second");
        });

        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLoggerFactory.class);
        JsonNode one = read(first);
        assertThat(one.path("function_request_id").asText()).isEqualTo("req-1");
        assertThat(one.path("function_name").asText()).isEqualTo("entries-api");
        assertThat(one.path("function_memory_size").isInt()).isTrue();
        assertThat(one.path("function_memory_size").asInt()).isEqualTo(1024);
        assertThat(one.path("correlation_id").asText()).isEqualTo("corr-1");
        JsonNode two = read(second);
        assertThat(two.path("function_request_id").asText()).isEqualTo("req-2");
        assertThat(two.path("cold_start").isBoolean()).isTrue();
        // The only test of this JVM that initializes the context: its first invocation is the cold one.
        assertThat(one.path("cold_start").asBoolean()).isTrue();
        assertThat(two.path("cold_start").asBoolean()).isFalse();
    }

    @Test
    void givenAnXRayHeader_whenParsed_thenTheRootIsTheTraceId() {
        assertThat(LambdaLogContext.traceRoot("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
                .isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(LambdaLogContext.traceRoot("Parent=1")).isNull();
        assertThat(LambdaLogContext.traceRoot(null)).isNull();
    }

    private static JsonNode read(String output) {
        try {
            return JSON.readTree(output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(output, e);
        }
    }

    private static String captureStdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private record FakeContext(String requestId) implements Context {
        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/entries-api"; }
        @Override public String getLogStreamName() { return "stream"; }
        @Override public String getFunctionName() { return "entries-api"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:123456789012:function:entries-api"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
