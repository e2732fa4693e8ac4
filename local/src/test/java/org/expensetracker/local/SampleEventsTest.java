package org.expensetracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.document.ReceiptKeys;
import org.expensetracker.core.export.ExportFormat;
import org.expensetracker.core.export.ExportLayout;
import org.expensetracker.core.export.ExportRequest;
import org.expensetracker.entries.EntriesHandler;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.Json;
import org.expensetracker.http.Route;
import org.expensetracker.http.Routes;
import org.expensetracker.local.api.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;

/**
 * The raw sample events under events/ (on this module's test classpath as {@code events/}) are real
 * events as AWS delivers them. The HTTP ones are payload 2.0 HTTP API events for routes that exist:
 * they deserialise the way the Lambda runtime reads them, name a route of {@link Routes#ALL} served by
 * the function whose folder they are in, and carry the claims the functions rely on. The receipt
 * indexer's are SQS events whose bodies are S3 event notifications for keys the application issues;
 * the export worker's are SQS events whose bodies are the job messages exports-api sends.
 */
class SampleEventsTest {
    private static final String FOLDER = "events/entries-api";
    private static final String DOCUMENTS_FOLDER = "events/documents-api";
    private static final String INDEXER_FOLDER = "events/receipt-indexer";
    private static final String EXPORTS_FOLDER = "events/exports-api";
    private static final String WORKER_FOLDER = "events/export-worker";
    private static final String ACCOUNT_FOLDER = "events/account-api";
    private static final String DELETER_FOLDER = "events/account-deleter";
    private static final String SUB = "7d3c6a52-3f0e-4b8e-9a61-2f4c8e1b9a77";
    /** The app client id the fixtures' access tokens carry, as sam-env.*.json give APP_CLIENT_ID. */
    private static final String FIXTURE_CLIENT_ID = "4hq2n7c3kd9v1e8b6m0r5t2s7a";
    private static final String ENTRY_ID = "6f1c2a4e-8b3d-4c5e-9f10-1a2b3c4d5e6f";
    private static final String DOCUMENT_ID = "0b7e5d2a-1c4f-4e8a-9d3b-5a6c7e8f9012";
    private static final String EXPORT_ID = "3c9d1e7a-5b2f-4a60-8e14-7f2b9c0d1a35";
    private static final String RECEIPTS_BUCKET = "expenses-dev-receipts";
    private static final Pattern QUEUE_ARN = Pattern.compile("arn:aws:sqs:([a-z0-9-]+):\\d{12}:[A-Za-z0-9_-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @Events(folder = FOLDER, type = APIGatewayV2HTTPEvent.class)
    void isAPayload2EventOfAnExistingRoute(APIGatewayV2HTTPEvent event) {
        assertPayload2EventOf(FunctionName.ENTRIES_API, event);
    }

    @ParameterizedTest
    @Events(folder = DOCUMENTS_FOLDER, type = APIGatewayV2HTTPEvent.class)
    void isAPayload2EventOfADocumentsRoute(APIGatewayV2HTTPEvent event) {
        assertPayload2EventOf(FunctionName.DOCUMENTS_API, event);
    }

    @ParameterizedTest
    @Events(folder = EXPORTS_FOLDER, type = APIGatewayV2HTTPEvent.class)
    void isAPayload2EventOfAnExportsRoute(APIGatewayV2HTTPEvent event) {
        assertPayload2EventOf(FunctionName.EXPORTS_API, event);
    }

    @ParameterizedTest
    @Events(folder = ACCOUNT_FOLDER, type = APIGatewayV2HTTPEvent.class)
    void isAPayload2EventOfAnAccountRoute(APIGatewayV2HTTPEvent event) {
        assertPayload2EventOf(FunctionName.ACCOUNT_API, event);
    }

    /** The account deleter's events carry exactly the message account-api sends: the owner to delete. */
    @ParameterizedTest
    @Events(folder = DELETER_FOLDER, type = SQSEvent.class)
    void isAnSqsEventRequestingAnAccountDeletion(SQSEvent event) {
        assertThat(event.getRecords()).as("SQS records").isNotEmpty();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            assertSqsMessage(message);
            assertThat(message.getEventSourceArn()).as("the account-deletions queue").endsWith("-account-deletions");
            assertThat(message.getBody()).isEqualTo(org.expensetracker.core.config.QueueMessages.accountDeletion(
                    new org.expensetracker.core.OwnerId(SUB)));
        }
    }

    /** The structural checks every HTTP sample event passes, whatever function it is for. */
    private static void assertPayload2EventOf(FunctionName function, APIGatewayV2HTTPEvent event) {
        assertThat(event).isNotNull();
        assertThat(event.getVersion()).isEqualTo("2.0");

        String routeKey = event.getRouteKey();
        Route route = Routes.byKey(routeKey).orElse(null);
        assertThat(route).as("route key %s is in Routes.ALL", routeKey).isNotNull();
        assertThat(route.function()).as("function of %s", routeKey).isEqualTo(function);

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

    @ParameterizedTest
    @Event(value = DOCUMENTS_FOLDER + "/attach-document.json", type = APIGatewayV2HTTPEvent.class)
    void attachAnnouncesTheSampleReceipt(APIGatewayV2HTTPEvent event) {
        assertThat(event.getPathParameters()).containsEntry("id", ENTRY_ID);
        var body = Json.parseObject(new ApiRequest(event).jsonBody());
        assertThat(body.path("id").asText()).isEqualTo(DOCUMENT_ID);
        assertThat(body.path("fileName").asText()).isEqualTo("taxi-receipt.pdf");
        assertThat(body.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(body.path("sizeBytes").isIntegralNumber()).isTrue();
        assertThat(body.path("sizeBytes").longValue()).isEqualTo(48213L);
    }

    @ParameterizedTest
    @Events(folder = DOCUMENTS_FOLDER, type = APIGatewayV2HTTPEvent.class)
    void documentEventsNameTheSampleEntryOrDocument(APIGatewayV2HTTPEvent event) {
        if (!event.getRouteKey().contains("{id}")) {
            // the inbox routes (capture, list) name no entry or document in their path
            assertThat(event.getPathParameters()).as("pathParameters of %s", event.getRouteKey()).isNullOrEmpty();
            return;
        }
        String expected = event.getRouteKey().startsWith("POST /entries/") ? ENTRY_ID : DOCUMENT_ID;
        assertThat(event.getPathParameters()).as("pathParameters of %s", event.getRouteKey()).containsEntry("id", expected);
    }

    /** The start event asks for the sample export: a ZIP of November 2026, and a request the API accepts. */
    @ParameterizedTest
    @Event(value = EXPORTS_FOLDER + "/start-export.json", type = APIGatewayV2HTTPEvent.class)
    void startExportRequestsTheSampleExport(APIGatewayV2HTTPEvent event) {
        assertThat(event.getRouteKey()).isEqualTo("POST /exports");
        var body = Json.parseObject(new ApiRequest(event).jsonBody());
        assertThat(body.path("id").asText()).isEqualTo(EXPORT_ID);
        assertThat(body.path("format").asText()).isEqualTo("zip");
        assertThat(body.path("layout").asText()).isEqualTo("debitCredit");
        assertThat(body.path("filters").isObject()).as("filters is an object").isTrue();
        Map<String, String> filters = new LinkedHashMap<>();
        body.path("filters").fields().forEachRemaining(field -> {
            assertThat(field.getValue().isTextual()).as("filter %s is a string", field.getKey()).isTrue();
            filters.put(field.getKey(), field.getValue().textValue());
        });
        assertThat(filters).containsExactly(Map.entry("from", "2026-11-01"), Map.entry("to", "2026-11-30"));

        ExportRequest request = ExportRequest.parse(body.path("id").asText(), filters,
                body.path("format").asText(), body.path("layout").asText());
        assertThat(request.id()).isEqualTo(UUID.fromString(EXPORT_ID));
        assertThat(request.format()).isEqualTo(ExportFormat.ZIP);
        assertThat(request.layout()).isEqualTo(ExportLayout.DEBIT_CREDIT);
        assertThat(request.filter().toParameters()).as("the filters are already normalised").isEqualTo(filters);
    }

    @ParameterizedTest
    @Event(value = EXPORTS_FOLDER + "/get-export.json", type = APIGatewayV2HTTPEvent.class)
    void getExportNamesTheSampleExport(APIGatewayV2HTTPEvent event) {
        assertThat(event.getRouteKey()).isEqualTo("GET /exports/{id}");
        assertThat(event.getPathParameters()).containsEntry("id", EXPORT_ID);
        assertThat(new ApiRequest(event).pathId("id", "Export")).isEqualTo(UUID.fromString(EXPORT_ID));
    }

    /** Every route of a function has a sample event, so a new route cannot ship without one. */
    @Test
    void everyEntriesRouteHasASampleEvent() throws IOException, URISyntaxException {
        assertEveryRouteHasASampleEvent(FOLDER, FunctionName.ENTRIES_API);
    }

    @Test
    void everyDocumentsRouteHasASampleEvent() throws IOException, URISyntaxException {
        assertEveryRouteHasASampleEvent(DOCUMENTS_FOLDER, FunctionName.DOCUMENTS_API);
    }

    @Test
    void everyExportsRouteHasASampleEvent() throws IOException, URISyntaxException {
        assertEveryRouteHasASampleEvent(EXPORTS_FOLDER, FunctionName.EXPORTS_API);
    }

    private void assertEveryRouteHasASampleEvent(String folder, FunctionName function) throws IOException, URISyntaxException {
        Set<String> covered = eventFiles(folder).stream()
                .map(file -> EventLoader.loadApiGatewayHttpEvent(file.toString()).getRouteKey())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> routes = Routes.of(function).stream().map(Route::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).as("route keys of the events in %s", folder).isEqualTo(routes);
    }

    /**
     * The receipt indexer's events are SQS events as Lambda hands them over (records read with the
     * runtime's serialisation rules) whose bodies are what S3 sends to the receipts queue: either an
     * event notification whose ObjectCreated keys name the sample user's sample receipt, or the
     * {@code s3:TestEvent} S3 sends once when the notification is configured (no records).
     */
    @ParameterizedTest
    @Events(folder = INDEXER_FOLDER, type = SQSEvent.class)
    void isAnSqsEventCarryingAnS3Notification(SQSEvent event) throws IOException {
        assertThat(event).isNotNull();
        assertThat(event.getRecords()).as("SQS records").isNotEmpty();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            assertSqsMessage(message);

            S3EventNotification notification = S3EventNotification.fromJson(message.getBody());
            if (notification.getRecords() == null || notification.getRecords().isEmpty()) {
                JsonNode test = JSON.readTree(message.getBody());
                assertThat(test.path("Service").asText()).isEqualTo("Amazon S3");
                assertThat(test.path("Event").asText()).as("a body without records is S3's test event")
                        .isEqualTo("s3:TestEvent");
                assertThat(test.path("Bucket").asText()).isEqualTo(RECEIPTS_BUCKET);
                assertThat(test.path("Time").asText()).isNotBlank();
                assertThat(test.path("RequestId").asText()).isNotBlank();
                assertThat(test.path("HostId").asText()).isNotBlank();
                continue;
            }
            for (S3EventNotificationRecord record : notification.getRecords()) {
                assertS3Record(record, message.getAwsRegion());
            }
        }
    }

    private static void assertSqsMessage(SQSEvent.SQSMessage message) {
        assertThat(message.getEventSource()).isEqualTo("aws:sqs");
        assertThat(message.getMessageId()).as("messageId is a UUID")
                .isEqualTo(UUID.fromString(message.getMessageId()).toString());
        assertThat(message.getReceiptHandle()).isNotBlank();
        assertThat(message.getAwsRegion()).isNotBlank();
        Matcher arn = QUEUE_ARN.matcher(String.valueOf(message.getEventSourceArn()));
        assertThat(arn.matches()).as("eventSourceARN %s is a queue ARN", message.getEventSourceArn()).isTrue();
        assertThat(arn.group(1)).as("region of the queue").isEqualTo(message.getAwsRegion());
        assertThat(message.getBody()).isNotBlank();
        assertThat(message.getMd5OfBody()).as("md5OfBody of message %s", message.getMessageId())
                .isEqualTo(md5Hex(message.getBody()));
        assertThat(message.getMessageAttributes()).isNotNull();
        assertThat(message.getAttributes()).containsKeys(
                "ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp");
        assertThat(Integer.parseInt(message.getAttributes().get("ApproximateReceiveCount"))).isPositive();
        long sent = Long.parseLong(message.getAttributes().get("SentTimestamp"));
        long firstReceived = Long.parseLong(message.getAttributes().get("ApproximateFirstReceiveTimestamp"));
        assertThat(firstReceived).as("first received after it was sent").isGreaterThanOrEqualTo(sent);
    }

    private static void assertS3Record(S3EventNotificationRecord record, String region) {
        assertThat(record.getEventVersion()).isEqualTo("2.1");
        assertThat(record.getEventSource()).isEqualTo("aws:s3");
        assertThat(record.getAwsRegion()).as("the bucket and its queue share a region").isEqualTo(region);
        assertThat(record.getEventTime()).isNotNull();
        assertThat(record.getEventName()).startsWith("ObjectCreated:");
        assertThat(record.getS3().getS3SchemaVersion()).isEqualTo("1.0");
        assertThat(record.getS3().getConfigurationId()).isNotBlank();
        assertThat(record.getS3().getBucket().getName()).isEqualTo(RECEIPTS_BUCKET);
        assertThat(record.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::" + RECEIPTS_BUCKET);
        var object = record.getS3().getObject();
        assertThat(object.getETag()).isNotBlank();
        assertThat(object.getSequencer()).matches("[0-9A-F]+");
        assertThat(object.getSizeAsLong()).isEqualTo(48213L);

        ReceiptKeys.Parsed key = ReceiptKeys.parse(object.getUrlDecodedKey()).orElse(null);
        assertThat(key).as("key %s is a receipt key", object.getKey()).isNotNull();
        assertThat(key.owner().value()).isEqualTo(SUB);
        assertThat(key.documentId()).isEqualTo(UUID.fromString(DOCUMENT_ID));
    }

    @ParameterizedTest
    @Event(value = INDEXER_FOLDER + "/object-created.json", type = SQSEvent.class)
    void objectCreatedIsOnePutOfTheSampleReceipt(SQSEvent event) {
        assertThat(event.getRecords()).hasSize(1);
        SQSEvent.SQSMessage message = event.getRecords().get(0);
        assertThat(message.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
        List<S3EventNotificationRecord> records = S3EventNotification.fromJson(message.getBody()).getRecords();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(records.get(0).getS3().getObject().getKey())
                .isEqualTo(ReceiptKeys.UPLOAD_PREFIX + SUB + "/" + DOCUMENT_ID);
    }

    /** The same S3 event twice in one batch, the second message already received once before. */
    @ParameterizedTest
    @Event(value = INDEXER_FOLDER + "/object-created-duplicate-delivery.json", type = SQSEvent.class)
    void duplicateDeliveryCarriesTheSameS3EventTwice(SQSEvent event) {
        assertThat(event.getRecords()).hasSize(2);
        SQSEvent.SQSMessage first = event.getRecords().get(0);
        SQSEvent.SQSMessage second = event.getRecords().get(1);
        assertThat(second.getBody()).isEqualTo(first.getBody());
        assertThat(second.getReceiptHandle()).isNotEqualTo(first.getReceiptHandle());
        assertThat(first.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
        assertThat(second.getAttributes()).containsEntry("ApproximateReceiveCount", "2");
        assertThat(S3EventNotification.fromJson(first.getBody()).getRecords()).hasSize(1)
                .allSatisfy(record -> assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put"));
    }

    @ParameterizedTest
    @Event(value = INDEXER_FOLDER + "/test-event.json", type = SQSEvent.class)
    void testEventHasNoRecords(SQSEvent event) {
        assertThat(event.getRecords()).hasSize(1);
        assertThat(S3EventNotification.fromJson(event.getRecords().get(0).getBody()).getRecords()).isNullOrEmpty();
    }

    /** Each object-created sample is replayable on its own: both kinds of S3 body are covered. */
    @Test
    void indexerEventsCoverObjectCreatedAndTheTestEvent() throws IOException, URISyntaxException {
        Set<String> kinds = new TreeSet<>();
        for (Path file : eventFiles(INDEXER_FOLDER)) {
            for (SQSEvent.SQSMessage message : EventLoader.loadSQSEvent(file.toString()).getRecords()) {
                List<S3EventNotificationRecord> records = S3EventNotification.fromJson(message.getBody()).getRecords();
                if (records == null || records.isEmpty()) {
                    kinds.add("s3:TestEvent");
                } else {
                    records.forEach(record -> kinds.add(record.getEventName()));
                }
            }
        }
        assertThat(kinds).containsExactly("ObjectCreated:Put", "s3:TestEvent");
    }

    /**
     * The export worker's events are SQS events as Lambda hands them over from the exports queue;
     * each body is the job message exports-api sends: a JSON object naming the owner (the token
     * subject) and the export id, nothing else the worker needs (it reads the job from the database).
     */
    @ParameterizedTest
    @Events(folder = WORKER_FOLDER, type = SQSEvent.class)
    void isAnSqsEventRequestingAnExport(SQSEvent event) throws IOException {
        assertThat(event).isNotNull();
        assertThat(event.getRecords()).as("SQS records").isNotEmpty();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            assertSqsMessage(message);
            assertThat(message.getEventSourceArn()).as("the exports queue").endsWith("-exports");

            JsonNode body = JSON.readTree(message.getBody());
            assertThat(body.isObject()).as("body of message %s is a JSON object", message.getMessageId()).isTrue();
            assertThat(body.path("ownerId").isTextual()).as("ownerId is a string").isTrue();
            assertThat(body.path("ownerId").textValue()).isEqualTo(SUB);
            assertThat(body.path("exportId").isTextual()).as("exportId is a string").isTrue();
            String exportId = body.path("exportId").textValue();
            assertThat(exportId).as("exportId is a UUID").isEqualTo(UUID.fromString(exportId).toString());
        }
    }

    @ParameterizedTest
    @Event(value = WORKER_FOLDER + "/export-requested.json", type = SQSEvent.class)
    void exportRequestedIsTheJobOfTheStartEvent(SQSEvent event) throws IOException {
        assertThat(event.getRecords()).hasSize(1);
        SQSEvent.SQSMessage message = event.getRecords().get(0);
        assertThat(message.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
        assertThat(message.getBody()).isEqualTo("{\"ownerId\":\"" + SUB + "\",\"exportId\":\"" + EXPORT_ID + "\"}");
        assertThat(JSON.readTree(message.getBody()).path("exportId").textValue()).isEqualTo(EXPORT_ID);
    }

    @Test
    void exportWorkerFolderHoldsOnlyEvents() throws IOException, URISyntaxException {
        for (Path file : eventFiles(WORKER_FOLDER)) {
            assertThat(EventLoader.loadSQSEvent(file.toString()).getRecords()).as("records of %s", file).isNotEmpty();
        }
    }

    /** The event files of a folder on the test classpath: only .json files, since @Events loads every file. */
    private List<Path> eventFiles(String folder) throws IOException, URISyntaxException {
        URL url = getClass().getClassLoader().getResource(folder);
        assertThat(url).as("%s on the test classpath", folder).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Path> events = files.filter(Files::isRegularFile).sorted().toList();
            assertThat(events).as("event files in %s", folder).isNotEmpty();
            assertThat(events).as("only .json files in %s (@Events loads every file)", folder)
                    .allMatch(file -> file.getFileName().toString().endsWith(".json"));
            return events;
        }
    }

    /**
     * Read in order, the events tell one story about one entry; replayed through the real
     * entries-api handler, against the local stack's Data API and PostgreSQL, each gets the status the
     * contract promises, so they stay usable as fixtures and for {@code sam local invoke}.
     */
    @Test
    void replayThroughTheEntriesHandler() {
        // Invoked directly, as `sam local invoke -e` would: the events carry their own claims.
        Map<String, String> env = new LinkedHashMap<>(TestStack.get().functionEnvironment());
        env.put(EnvNames.APP_CLIENT_ID, FIXTURE_CLIENT_ID); // the app client the fixtures' tokens were issued to
        EntriesHandler handler = new EntriesHandler(env::get);
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

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
