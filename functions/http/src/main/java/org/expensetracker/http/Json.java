package org.expensetracker.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.core.error.FieldError;

/**
 * JSON for the API, through the tree model only: no reflective bean mapping, so nothing is
 * scanned at cold start and field names are visible where they are written.
 */
public final class Json {
    /** Numbers keep their exact decimal text: 1250.10 must not become 1250.1 or a double. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body that must be a JSON object. */
    public static ObjectNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw new DomainException(ErrorCode.MALFORMED_JSON, "The request body must be a JSON object.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new DomainException(ErrorCode.MALFORMED_JSON, "The request body is not valid JSON.");
        } catch (NumberFormatException e) {
            // Valid syntax, but a number no decimal can hold (1e99999999999): nothing the API could accept.
            throw new DomainException(ErrorCode.MALFORMED_JSON, "The request body holds a number that cannot be read.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new DomainException(ErrorCode.MALFORMED_JSON, "The request body must be a JSON object.");
        }
        return object;
    }

    /**
     * Parses a request body that must be a JSON object, keeping how each of its numbers was
     * written: a number node holds only the value, and 1E-2, 0.01 and 0.010 are the same value to
     * it, while the contract accepts plain decimals only.
     */
    public static Body parseBody(String body) {
        ObjectNode object = parseObject(body);
        Map<JsonPointer, String> numbers = new HashMap<>();
        try (JsonParser parser = MAPPER.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    // A repeated name keeps its last value, as in the tree.
                    numbers.put(parser.getParsingContext().pathAsPointer(), parser.getText());
                }
            }
        } catch (IOException e) {
            throw new DomainException(ErrorCode.MALFORMED_JSON, "The request body is not valid JSON.");
        }
        return new Body(object, Map.copyOf(numbers));
    }

    /** A request body: the object, and the literal text of every number in it by its JSON pointer. */
    public record Body(ObjectNode object, Map<JsonPointer, String> numbers) {
        /**
         * The number at this path as the client wrote it ("12.50", "1E-2", "-0"); null when no
         * number is there.
         */
        public String numberText(String... path) {
            JsonPointer pointer = JsonPointer.empty();
            for (String name : path) {
                pointer = pointer.appendProperty(name);
            }
            return numbers.get(pointer);
        }
    }

    /**
     * A text field of a request body: null when absent or null; a field error (and null) when it
     * holds anything but a string, so type mistakes are reported like any other invalid field.
     */
    public static String optionalText(ObjectNode body, String field, java.util.List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return node.textValue();
    }

    /**
     * An array of strings in a request body: empty when absent or null; a field error for
     * {@code field} when it is not an array ({@code what} says what it should hold), one for
     * {@code field[i]} per element that is not a string.
     */
    public static java.util.List<String> optionalTextArray(JsonNode body, String name, String field, String what,
                                                           java.util.List<FieldError> errors) {
        java.util.List<String> values = new java.util.ArrayList<>();
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            errors.add(new FieldError(field, "must be an array of " + what));
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i).isTextual()) {
                values.add(node.get(i).textValue());
            } else {
                errors.add(new FieldError(field + "[" + i + "]", "must be a string"));
            }
        }
        return values;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
