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
     * entries-api handler (over an in-memory repository) each gets the success status the
     * contract promises, so they stay usable as fixtures and for {@code sam local invoke}.
     */
    @Test
    void replayThroughTheEntriesHandler() {
        EntriesHandler handler = new EntriesHandler(new EntryService(new InMemoryEntries(),
                new EntrySettings("INR", EntrySettings.DEFAULT_TRASH_RETENTION)));
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

    /** Just enough storage for {@link #replayThroughTheEntriesHandler()}. */
    private static final class InMemoryEntries implements EntryRepository {
        private final Map<UUID, Entry> entries = new LinkedHashMap<>();
        private final Map<UUID, String> fingerprints = new LinkedHashMap<>();

        @Override
        public CreateOutcome createIfAbsent(OwnerId owner, UUID id, EntryFields fields, String fingerprint) {
            Entry existing = entries.get(id);
            if (existing != null) {
                return new CreateOutcome(existing, false, fingerprints.get(id));
            }
            Instant now = Instant.now();
            Entry entry = new Entry(id, fields, 0, 1, now, now, null);
            entries.put(id, entry);
            fingerprints.put(id, fingerprint);
            return new CreateOutcome(entry, true, fingerprint);
        }

        @Override
        public Optional<Entry> find(OwnerId owner, UUID id) {
            return Optional.ofNullable(entries.get(id)).filter(entry -> entry.deletedAt() == null);
        }

        @Override
        public Page<Entry> list(OwnerId owner, EntryFilter filter, PageRequest page) {
            return new Page<>(entries.values().stream().filter(entry -> entry.deletedAt() == null).toList(), null);
        }

        @Override
        public UpdateOutcome update(OwnerId owner, UUID id, long expectedVersion, EntryFields fields) {
            Optional<Entry> live = find(owner, id);
            if (live.isEmpty()) {
                return new UpdateOutcome.Missing();
            }
            if (live.get().version() != expectedVersion) {
                return new UpdateOutcome.Stale(live.get().version());
            }
            return new UpdateOutcome.Updated(put(live.get(), fields, null));
        }

        @Override
        public boolean moveToTrash(OwnerId owner, UUID id) {
            return find(owner, id).map(entry -> put(entry, entry.fields(), Instant.now())).isPresent();
        }

        @Override
        public Page<Entry> trash(OwnerId owner, Duration retention, PageRequest page) {
            return new Page<>(entries.values().stream().filter(entry -> entry.deletedAt() != null).toList(), null);
        }

        @Override
        public Optional<Entry> restore(OwnerId owner, UUID id, Duration retention) {
            return Optional.ofNullable(entries.get(id)).filter(entry -> entry.deletedAt() != null)
                    .map(entry -> put(entry, entry.fields(), null));
        }

        @Override
        public List<String> suggestions(OwnerId owner, SuggestionQuery query) {
            return List.of("Travel");
        }

        @Override
        public Summary summary(OwnerId owner, EntryFilter filter, GroupBy groupBy) {
            return new Summary(filter.currency(), BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), 0, List.of());
        }

        private Entry put(Entry entry, EntryFields fields, Instant deletedAt) {
            Entry changed = new Entry(entry.id(), fields, entry.documentCount(), entry.version() + 1,
                    entry.createdAt(), Instant.now(), deletedAt);
            entries.put(entry.id(), changed);
            return changed;
        }
    }

    /** {@code /entries/{id}/restore} → {@code ^/entries/([^/]+)/restore$}. */
    private static Pattern template(String template) {
        StringBuilder regex = new StringBuilder("^");
        Matcher parameter = Pattern.compile("\\{[^}/]+}").matcher(template);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(last, parameter.start()))).append("([^/]+)");
            last = parameter.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(last))).append('$').toString());
    }

    private static Map<String, String> pathParameters(String template, Matcher path) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher names = Pattern.compile("\\{([^}/]+)}").matcher(template);
        for (int group = 1; names.find(); group++) {
            parameters.put(names.group(1), path.group(group));
        }
        return parameters;
    }

    /** Like API Gateway: decoded names and values, repeated names joined with commas. */
    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
