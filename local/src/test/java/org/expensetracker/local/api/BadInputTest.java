package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input gets its typed error and leaves the user's data exactly as it was. */
class BadInputTest {
    private static final ApiClient API = ApiClient.newUser();
    private JsonNode existing;
    private String before;

    @BeforeEach
    void oneEntryExists() {
        if (existing == null) {
            JsonNode items = API.get("/entries").body().path("items");
            existing = items.isEmpty() ? API.create("2026-11-01", "DEBIT", "10.00", "Food", "Tea") : items.get(0);
        }
        before = snapshot();
    }

    static Stream<Arguments> badEntries() {
        return Stream.of(
                Arguments.of("amount 0", Map.of("amount", "0"), "amount"),
                Arguments.of("amount -5", Map.of("amount", -5), "amount"),
                Arguments.of("amount 1.234", Map.of("amount", "1.234"), "amount"),
                Arguments.of("amount 1e9", Map.of("amount", "1e9"), "amount"),
                Arguments.of("amount 1e9 as number", Map.of("amount", 1e9), "amount"),
                Arguments.of("amount abc", Map.of("amount", "abc"), "amount"),
                Arguments.of("13 integer digits", Map.of("amount", "1234567890123"), "amount"),
                Arguments.of("amount as boolean", Map.of("amount", true), "amount"),
                Arguments.of("date 2026-02-30", Map.of("date", "2026-02-30"), "date"),
                Arguments.of("date as number", Map.of("date", 20261121), "date"),
                Arguments.of("unknown type", Map.of("type", "TRANSFER"), "type"),
                Arguments.of("unknown currency", Map.of("currency", "ZZZ"), "currency"),
                Arguments.of("category too long", Map.of("category", "c".repeat(65)), "category"),
                Arguments.of("description too long", Map.of("description", "d".repeat(501)), "description"),
                Arguments.of("client id not a uuid", Map.of("id", "123"), "id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEntries")
    void givenABadField_whenCreatedOrUpdated_thenValidationFailedNamesItAndNothingChanges(
            String name, Map<String, Object> override, String field) {
        ObjectNode body = ApiClient.entry("2026-11-21", "DEBIT", "12.00", "Food", "Snack");
        body.setAll((ObjectNode) ApiClient.JSON.valueToTree(override));

        ApiClient.Response created = API.post("/entries", body);
        assertValidation(created, field);

        if (!field.equals("id")) {
            ApiClient.Response updated = API.put("/entries/" + existing.path("id").asText(), body,
                    "\"" + existing.path("version").asLong() + "\"");
            assertValidation(updated, field);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"date", "type", "amount"})
    void givenAMissingRequiredField_whenCreated_thenValidationFailedNamesIt(String field) {
        ObjectNode body = ApiClient.entry("2026-11-21", "DEBIT", "12.00", "Food", "Snack");
        body.remove(field);
        assertValidation(API.post("/entries", body), field);
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "[1,2]", "\"text\"", "{\"date\":\"2026-11-21\"} trailing", ""})
    void givenMalformedJson_whenCreated_thenMalformedJson(String body) {
        ApiClient.Response response = API.send("POST", "/entries", body, Map.of());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("MALFORMED_JSON");
        assertThat(response.body().path("error").path("requestId").asText()).isNotBlank();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void givenABodyThatIsNotJson_whenCreated_thenUnsupportedMediaType() {
        ApiClient.Response response = API.send("POST", "/entries", "date=2026-11-21",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void givenAHugeBody_whenCreated_thenPayloadTooLarge() {
        ObjectNode body = ApiClient.entry("2026-11-21", "DEBIT", "12.00", "Food", "x".repeat(70_000));
        ApiClient.Response response = API.post("/entries", body);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=500", "limit=abc", "cursor=not-a-cursor", "from=2026-02-30",
            "type=LOAN", "minAmount=-1", "from=2026-05-01&to=2026-04-01"})
    void givenABadListParameter_whenListed_thenValidationFailed(String query) {
        ApiClient.Response response = API.get("/entries?" + query);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body().path("error").path("details")).isNotEmpty();
    }

    @Test
    void givenAnIdThatIsNotAUuid_whenFetched_thenNotFound() {
        ApiClient.Response response = API.get("/entries/not-a-uuid");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void givenAnUnknownRoute_whenCalled_thenNotFoundInTheErrorShape() {
        ApiClient.Response response = API.get("/nothing-here");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
    }

    private static void assertValidation(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
        List<String> fields = response.body().path("error").path("details").findValuesAsText("field");
        assertThat(fields).contains(field);
        assertThat(response.body().path("error").path("message").asText()).isNotBlank();
    }

    /** Everything the user can see, live and trashed. */
    private static String snapshot() {
        return API.get("/entries?limit=200").body().toString() + API.get("/trash").body().toString();
    }
}
