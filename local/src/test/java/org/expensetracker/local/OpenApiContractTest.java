package org.expensetracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.http.ErrorResponses;
import org.expensetracker.http.Route;
import org.expensetracker.http.Routes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/openapi.yaml and the code from drifting apart: the spec describes exactly the routes
 * of {@link Routes#ALL}, every operation is documented the same way, and the error contract in the
 * spec is the one {@link ErrorCode} and {@link ErrorResponses} implement.
 */
class OpenApiContractTest {
    private static final String RESOURCE = "docs/openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String ERROR_SCHEMA = "#/components/schemas/Error";
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}/]+)}");

    private static JsonNode spec;
    private static Map<String, Operation> operations;

    /** One operation of the spec with the path-level parameters it inherits. */
    record Operation(String method, String path, JsonNode node, JsonNode pathItem) {
        String key() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    @BeforeAll
    static void load() throws IOException {
        spec = new YAMLMapper().readTree(specText());
        operations = new LinkedHashMap<>();
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                Operation operation = new Operation(op.getKey(), path.getKey(), op.getValue(), path.getValue());
                operations.put(operation.key(), operation);
            }
        }));
    }

    /** Packaged as a classpath resource by the local module; the file beside the module otherwise. */
    private static String specText() throws IOException {
        try (InputStream in = OpenApiContractTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        for (Path candidate : List.of(Path.of("..", RESOURCE), Path.of(RESOURCE))) {
            if (Files.isRegularFile(candidate)) {
                return Files.readString(candidate);
            }
        }
        throw new IllegalStateException(RESOURCE + " is neither on the classpath nor at ../" + RESOURCE);
    }

    @Test
    void isOpenApi303WithALocalAndAnAwsServer() {
        assertThat(spec.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(spec.path("info").path("title").asText()).isNotBlank();
        assertThat(spec.path("info").path("version").asText()).isNotBlank();
        List<String> servers = new ArrayList<>();
        spec.path("servers").forEach(server -> servers.add(server.path("url").asText()));
        assertThat(servers).contains("http://127.0.0.1:8080/api");
        assertThat(servers).anySatisfy(url -> assertThat(url).contains("execute-api").contains("{"));
    }

    @Test
    void describesExactlyTheRoutesOfTheRouteTable() {
        Set<String> inCode = Routes.ALL.stream().map(Route::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> inSpec = new TreeSet<>(operations.keySet());

        Set<String> undocumented = new TreeSet<>(inCode);
        undocumented.removeAll(inSpec);
        Set<String> notImplemented = new TreeSet<>(inSpec);
        notImplemented.removeAll(inCode);

        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(undocumented).as("routes in Routes.ALL missing from docs/openapi.yaml").isEmpty();
            soft.assertThat(notImplemented).as("operations in docs/openapi.yaml that Routes.ALL does not have").isEmpty();
        });
    }

    @Test
    void everyOperationHasAnIdA401AndASuccess() {
        assertThat(operations).isNotEmpty();
        Set<String> ids = new TreeSet<>();
        operations.values().forEach(operation -> {
            String id = operation.node().path("operationId").asText("");
            assertThat(id).as("operationId of %s", operation.key()).isNotBlank();
            assertThat(ids.add(id)).as("operationId %s is used twice", id).isTrue();

            List<String> statuses = statuses(operation);
            assertThat(statuses).as("responses of %s", operation.key()).contains("401");
            assertThat(statuses).as("2xx responses of %s", operation.key()).anyMatch(s -> s.matches("2\\d\\d"));
        });
    }

    @Test
    void everyOperationNeedsTheBearerToken() {
        JsonNode scheme = spec.path("components").path("securitySchemes").path("bearerAuth");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");

        assertThat(requiresBearer(spec.path("security"))).as("top-level security").isTrue();
        operations.values().forEach(operation -> {
            JsonNode security = operation.node().get("security");
            if (security != null) {
                assertThat(requiresBearer(security)).as("security of %s", operation.key()).isTrue();
            }
        });
    }

    /** True when every alternative of a security requirement list includes bearerAuth. */
    private static boolean requiresBearer(JsonNode security) {
        if (!security.isArray() || security.isEmpty()) {
            return false;
        }
        for (JsonNode alternative : security) {
            if (!alternative.has("bearerAuth")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyPathParameterIsDeclared() {
        operations.values().forEach(operation -> {
            Set<String> inTemplate = new TreeSet<>();
            Matcher matcher = TEMPLATE_PARAMETER.matcher(operation.path());
            while (matcher.find()) {
                inTemplate.add(matcher.group(1));
            }
            Set<String> declared = new TreeSet<>();
            for (JsonNode parameter : parameters(operation)) {
                if ("path".equals(parameter.path("in").asText())) {
                    assertThat(parameter.path("required").asBoolean(false))
                            .as("path parameter %s of %s must be required", parameter.path("name").asText(), operation.key())
                            .isTrue();
                    assertThat(parameter.has("schema")).as("schema of path parameter %s of %s",
                            parameter.path("name").asText(), operation.key()).isTrue();
                    declared.add(parameter.path("name").asText());
                }
            }
            assertThat(declared).as("path parameters of %s", operation.key()).isEqualTo(inTemplate);
        });
    }

    @Test
    void everyParameterIsDescribed() {
        operations.values().forEach(operation -> {
            for (JsonNode parameter : parameters(operation)) {
                assertThat(parameter.path("name").asText()).as("a parameter of %s has no name", operation.key()).isNotBlank();
                assertThat(parameter.path("in").asText()).as("location of %s in %s", parameter.path("name"), operation.key())
                        .isIn("path", "query", "header", "cookie");
                assertThat(parameter.has("schema")).as("schema of %s in %s", parameter.path("name"), operation.key()).isTrue();
            }
        });
    }

    @Test
    void everyErrorResponseUsesTheSharedErrorSchema() {
        operations.values().forEach(operation -> operation.node().path("responses").fields().forEachRemaining(entry -> {
            String status = entry.getKey();
            if (!status.matches("[45]\\d\\d|[45]XX|default")) {
                return;
            }
            JsonNode response = resolve(entry.getValue());
            JsonNode schema = response.path("content").path("application/json").path("schema");
            assertThat(schema.path("$ref").asText())
                    .as("%s response %s must reference %s", operation.key(), status, ERROR_SCHEMA)
                    .isEqualTo(ERROR_SCHEMA);
            assertThat(response.path("content").size())
                    .as("%s response %s has only the JSON error body", operation.key(), status).isEqualTo(1);
        }));
    }

    @Test
    void errorSchemaHasTheContractShape() {
        JsonNode error = schema("Error");
        assertThat(texts(error.path("required"))).containsExactly("error");
        JsonNode inner = error.path("properties").path("error");
        assertThat(texts(inner.path("required"))).containsExactlyInAnyOrder("code", "message", "details", "requestId");
        assertThat(inner.path("properties").path("code").path("$ref").asText()).isEqualTo("#/components/schemas/ErrorCode");
        assertThat(inner.path("properties").path("message").path("type").asText()).isEqualTo("string");
        assertThat(inner.path("properties").path("requestId").path("type").asText()).isEqualTo("string");
        JsonNode details = inner.path("properties").path("details");
        assertThat(details.path("type").asText()).isEqualTo("array");
        JsonNode detail = resolve(details.path("items"));
        assertThat(texts(detail.path("required"))).containsExactlyInAnyOrder("field", "message");
    }

    @Test
    void errorCodeEnumEqualsTheCodeEnum() {
        Set<String> inSpec = new TreeSet<>(texts(schema("ErrorCode").path("enum")));
        Set<String> inCode = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(inCode);
        missing.removeAll(inSpec);
        Set<String> unknown = new TreeSet<>(inSpec);
        unknown.removeAll(inCode);
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(missing).as("ErrorCode values missing from the spec's ErrorCode enum").isEmpty();
            soft.assertThat(unknown).as("codes in the spec's ErrorCode enum that ErrorCode does not have").isEmpty();
        });
    }

    /**
     * Where an operation declares the status of an error code, the shared response it points to
     * must be the one for that status (e.g. 412 → the PreconditionFailed response, not NotFound).
     * The examples in the shared responses carry the code; its status must be the one declared.
     */
    @Test
    void errorResponseExamplesUseTheCodeOfTheirStatus() {
        operations.values().forEach(operation -> operation.node().path("responses").fields().forEachRemaining(entry -> {
            if (!entry.getKey().matches("[45]\\d\\d")) {
                return;
            }
            JsonNode example = resolve(entry.getValue()).path("content").path("application/json").path("example");
            if (example.isMissingNode()) {
                return;
            }
            ErrorCode code = ErrorCode.valueOf(example.path("error").path("code").asText());
            assertThat(ErrorResponses.status(code)).as("%s response %s has an example with code %s",
                    operation.key(), entry.getKey(), code).isEqualTo(Integer.parseInt(entry.getKey()));
        }));
    }

    @Test
    void theDatabaseResumingAnswerCarriesRetryAfter() {
        operations.values().forEach(operation -> {
            JsonNode unavailable = operation.node().path("responses").path("503");
            assertThat(unavailable.isMissingNode()).as("%s touches the database: 503 DATABASE_RESUMING", operation.key())
                    .isFalse();
            assertThat(resolve(unavailable).path("headers").has("Retry-After")).as("Retry-After on 503 of %s",
                    operation.key()).isTrue();
            assertThat(operation.node().path("responses").has("500")).as("500 of %s", operation.key()).isTrue();
        });
    }

    @Test
    void everyReferenceResolves() {
        List<String> dangling = new ArrayList<>();
        collectRefs(spec, dangling);
        assertThat(dangling).as("$refs that point nowhere").isEmpty();
    }

    private static void collectRefs(JsonNode node, List<String> dangling) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && pointer(ref.asText()).isMissingNode()) {
                dangling.add(ref.asText());
            }
            node.forEach(child -> collectRefs(child, dangling));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, dangling));
        }
    }

    private static List<String> statuses(Operation operation) {
        List<String> statuses = new ArrayList<>();
        operation.node().path("responses").fieldNames().forEachRemaining(statuses::add);
        return statuses;
    }

    /** Path-level parameters overridden by operation-level ones of the same name and location. */
    private static List<JsonNode> parameters(Operation operation) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode source : List.of(operation.pathItem().path("parameters"), operation.node().path("parameters"))) {
            for (JsonNode parameter : source) {
                JsonNode resolved = resolve(parameter);
                byKey.put(resolved.path("in").asText() + ":" + resolved.path("name").asText(), resolved);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static JsonNode schema(String name) {
        JsonNode schema = spec.path("components").path("schemas").path(name);
        assertThat(schema.isMissingNode()).as("components.schemas.%s", name).isFalse();
        return schema;
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; current.has("$ref"); depth++) {
            assertThat(depth).as("$ref chain too long at %s", node).isLessThan(10);
            String ref = current.get("$ref").asText();
            current = pointer(ref);
            assertThat(current.isMissingNode()).as("%s resolves", ref).isFalse();
        }
        return current;
    }

    private static JsonNode pointer(String ref) {
        if (!ref.startsWith("#/")) {
            throw new UncheckedIOException(new IOException("only local references are expected: " + ref));
        }
        return spec.at(ref.substring(1));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
