package org.expensetracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.Entry;
import org.expensetracker.core.entry.EntryFields;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.entry.EntryRepository;
import org.expensetracker.core.entry.EntryService;
import org.expensetracker.core.entry.EntrySettings;
import org.expensetracker.core.entry.GroupBy;
import org.expensetracker.core.entry.Page;
import org.expensetracker.core.entry.PageRequest;
import org.expensetracker.core.entry.SuggestionQuery;
import org.expensetracker.core.entry.Summary;
import org.expensetracker.entries.EntriesHandler;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.Json;
import org.expensetracker.http.Route;
import org.expensetracker.http.Routes;
import org.expensetracker.local.api.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The raw sample events under events/ (on this module's test classpath as {@code events/}) are real
 * payload 2.0 HTTP API events for routes that exist: they deserialise the way the Lambda runtime
 * reads them, name a route of {@link Routes#ALL} and carry the claims the functions rely on.
 */
class SampleEventsTest {
    private static final String FOLDER = "events/entries-api";
    private static final String SUB = "7d3c6a52-3f0e-4b8e-9a61-2f4c8e1b9a77";

    @ParameterizedTest
    @Events(folder = FOLDER, type = APIGatewayV2HTTPEvent.class)
    void isAPayload2EventOfAnExistingRoute(APIGatewayV2HTTPEvent event) {
        assertThat(event).isNotNull();
        assertThat(event.getVersion()).isEqualTo("2.0");

        String routeKey = event.getRouteKey();
        Route route = Routes.byKey(routeKey).orElse(null);
        assertThat(route).as("route key %s is in Routes.ALL", routeKey).isNotNull();
        assertThat(route.function()).as("function of %s", routeKey).isEqualTo(FunctionName.ENTRIES_API);

        var context = event.getRequestContext();
        assertThat(context).as("requestContext of %s", routeKey).isNotNull();
        assertThat(context.getRouteKey()).isEqualTo(routeKey);
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getRequestId()).isNotBlank();
        assertThat(context.getTimeEpoch()).isPositive();
        Matcher path = template(route.path()).matcher(event.getRawPath());
        assertThat(path.matches()).as("rawPath %s matches %s", event.getRawPath(), route.path()).isTrue();
        assertThat(context.getHttp().getMethod()).isEqualTo(route.method());
        assertThat(context.getHttp().getPath()).as("requestContext.http.path").isEqualTo(event.getRawPath());
        Map<String, String> expectedParameters = pathParameters(route.path(), path);
        if (expectedParameters.isEmpty()) {
            assertThat(event.getPathParameters()).as("pathParameters of %s", routeKey).isNullOrEmpty();
        } else {
            assertThat(event.getPathParameters()).as("pathParameters of %s", routeKey).isEqualTo(expectedParameters);
        }

        Map<String, String> claims = context.getAuthorizer().getJwt().getClaims();
        assertThat(claims).as("JWT claims of %s", routeKey)
                .containsEntry("sub", SUB)
                .containsEntry("token_use", "access")
                .containsKeys("iss", "client_id", "scope", "username", "exp", "iat", "auth_time", "jti");
        assertThat(new ApiRequest(event).owner().value()).isEqualTo(SUB);

        assertThat(event.getHeaders()).as("headers of %s", routeKey).isNotEmpty();
        event.getHeaders().keySet().forEach(name ->
                assertThat(name).as("header names are lower-case").isEqualTo(name.toLowerCase(Locale.ROOT)));
        assertThat(event.getHeaders().get("authorization")).startsWith("Bearer ");
        assertThat(event.getIsBase64Encoded()).isFalse();

        assertThat(event.getRawQueryString()).isNotNull();
        Map<String, String> query = parseQuery(event.getRawQueryString());
        if (query.isEmpty()) {
            assertThat(event.getQueryStringParameters()).as("queryStringParameters of %s", routeKey).isNullOrEmpty();
        } else {
            assertThat(event.getQueryStringParameters()).as("queryStringParameters of %s", routeKey).isEqualTo(query);
        }

        if (event.getBody() != null) {
            assertThat(event.getHeaders().get("content-type")).startsWith("application/json");
            assertThat(event.getHeaders().get("content-length"))
                    .isEqualTo(Integer.toString(event.getBody().getBytes(StandardCharsets.UTF_8).length));
            assertThatCode(() -> Json.parseObject(new ApiRequest(event).jsonBody()))
                    .as("body of %s is a JSON object the API accepts", routeKey).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @Event(value = FOLDER + "/update-entry.json", type = APIGatewayV2HTTPEvent.class)
    void updateCarriesIfMatchWithTheFirstVersion(APIGatewayV2HTTPEvent event) {
        assertThat(event.getRouteKey()).isEqualTo("PUT /entries/{id}");
        assertThat(new ApiRequest(event).header("If-Match")).isEqualTo("\"1\"");
    }

    @ParameterizedTest
    @Event(value = FOLDER + "/create-entry.json", type = APIGatewayV2HTTPEvent.class)
    void createCarriesTheClientId(APIGatewayV2HTTPEvent event) {
        var body = Json.parseObject(new ApiRequest(event).jsonBody());
        assertThat(body.path("id").asText()).isEqualTo("6f1c2a4e-8b3d-4c5e-9f10-1a2b3c4d5e6f");
        assertThat(body.path("amount").asText()).isEqualTo("1250.00");
        assertThat(body.path("type").asText()).isEqualTo("DEBIT");
    }

    /** Every route of the function has a sample event, so a new route cannot ship without one. */
    @Test
    void everyEntriesRouteHasASampleEvent() throws IOException, URISyntaxException {
        URL folder = getClass().getClassLoader().getResource(FOLDER);
        assertThat(folder).as("%s on the test classpath", FOLDER).isNotNull();
        Set<String> covered;
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            List<Path> events = files.filter(Files::isRegularFile).sorted().toList();
            assertThat(events).as("only .json files in %s (@Events loads every file)", FOLDER)
                    .allMatch(file -> file.getFileName().toString().endsWith(".json"));
            covered = events.stream()
                    .map(file -> EventLoader.loadApiGatewayHttpEvent(file.toString()).getRouteKey())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> routes = Routes.of(FunctionName.ENTRIES_API).stream().map(Route::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).isEqualTo(routes);
    }

    /**
     * Read in order, the events tell one story about one entry; replayed through the real
     * entries-api handler, against the local stack's Data API and PostgreSQL, each gets the status the
     * contract promises, so they stay usable as fixtures and for {@code sam local invoke}.
     */
    @Test
    void replayThroughTheEntriesHandler() {
        // Invoked directly, as `sam local invoke -e` would: the events carry their own claims.
        EntriesHandler handler = new EntriesHandler(TestStack.get().functionEnvironment()::get);
        Map<String, Integer> story = new LinkedHashMap<>();
        story.put("create-entry", 201);
        story.put("create-entry#again", 200);
        story.put("get-entry", 200);
        story.put("list-entries", 200);
        story.put("update-entry", 200);
        story.put("update-entry#stale", 412);
        story.put("suggestions", 200);
        story.put("summary", 200);
        story.put("delete-entry", 204);
        story.put("get-entry#trashed", 404);
        story.put("list-trash", 200);
        story.put("restore-entry", 200);
        story.forEach((step, status) -> {
            String file = FOLDER + "/" + step.replaceFirst("#.*", "") + ".json";
            APIGatewayV2HTTPResponse response = handler.handleRequest(EventLoader.loadApiGatewayHttpEvent(file), null);
            assertThat(response.getStatusCode()).as("%s answered %s", step, response.getBody()).isEqualTo(status);
        });
    }

    /** A route template as a regular expression, one group per {@code {name}} segment. */
    private static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        for (String segment : path.substring(1).split("/")) {
            regex.append('/');
            regex.append(segment.startsWith("{") ? "([^/]+)" : Pattern.quote(segment));
        }
        return Pattern.compile(regex.toString());
    }

    private static Map<String, String> pathParameters(String path, Matcher matched) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int group = 1;
        for (String segment : path.substring(1).split("/")) {
            if (segment.startsWith("{")) {
                parameters.put(segment.substring(1, segment.length() - 1), matched.group(group++));
            }
        }
        return parameters;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        return query;
    }
}
