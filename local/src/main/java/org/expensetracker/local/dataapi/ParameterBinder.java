package org.expensetracker.local.dataapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Binds Data API {@code SqlParameter}s the way the service does: a plain stringValue is a varchar
 * (so it does not silently coerce into uuid, date or numeric columns), and a typeHint turns the
 * string into that type first.
 */
final class ParameterBinder {
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ParameterBinder() {
    }

    /** The request's parameters by name; validated up front so a bad one fails before any SQL runs. */
    static Map<String, JsonNode> index(JsonNode parameters) {
        Map<String, JsonNode> byName = new HashMap<>();
        if (parameters == null || parameters.isNull()) {
            return byName;
        }
        if (!parameters.isArray()) {
            throw DataApiErrors.badRequest("parameters must be a list");
        }
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText("");
            if (name.isEmpty()) {
                throw DataApiErrors.badRequest("Parameter name must not be empty");
            }
            byName.put(name, parameter);
        }
        return byName;
    }

    static void bind(PreparedStatement statement, List<String> names, Map<String, JsonNode> parameters)
            throws SQLException {
        for (int position = 1; position <= names.size(); position++) {
            String name = names.get(position - 1);
            JsonNode parameter = parameters.get(name);
            if (parameter == null) {
                throw DataApiErrors.badRequest("No value specified for parameter: " + name);
            }
            bindOne(statement, position, name, parameter.path("value"), parameter.path("typeHint").asText(null));
        }
    }

    private static void bindOne(PreparedStatement statement, int position, String name, JsonNode value,
            String typeHint) throws SQLException {
        if (value.path("isNull").asBoolean(false)) {
            // Untyped, so PostgreSQL infers the type from the context, as for a NULL literal.
            statement.setNull(position, Types.NULL);
        } else if (value.hasNonNull("stringValue")) {
            bindString(statement, position, name, value.get("stringValue").asText(), typeHint);
        } else if (value.hasNonNull("longValue")) {
            JsonNode number = value.get("longValue");
            if (!number.canConvertToLong()) {
                throw DataApiErrors.badRequest("Parameter \"" + name + "\" longValue is out of range");
            }
            statement.setLong(position, number.asLong());
        } else if (value.hasNonNull("doubleValue")) {
            statement.setDouble(position, value.get("doubleValue").asDouble());
        } else if (value.hasNonNull("booleanValue")) {
            statement.setBoolean(position, value.get("booleanValue").asBoolean());
        } else if (value.hasNonNull("blobValue")) {
            try {
                statement.setBytes(position, Base64.getDecoder().decode(value.get("blobValue").asText()));
            } catch (IllegalArgumentException e) {
                throw DataApiErrors.badRequest("Parameter \"" + name + "\" blobValue is not base64");
            }
        } else if (value.hasNonNull("arrayValue")) {
            // The service has never accepted arrays as parameters (only as results).
            throw DataApiErrors.badRequest("Array parameters are not supported.");
        } else {
            throw DataApiErrors.badRequest("Parameter \"" + name + "\" has value with no field set");
        }
    }

    private static void bindString(PreparedStatement statement, int position, String name, String text,
            String typeHint) throws SQLException {
        if (typeHint == null) {
            statement.setObject(position, text, Types.VARCHAR);
            return;
        }
        try {
            switch (typeHint) {
                case "DECIMAL" -> statement.setBigDecimal(position, new BigDecimal(text));
                case "DATE" -> statement.setObject(position, LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE));
                case "TIME" -> statement.setObject(position, LocalTime.parse(text, TIME));
                case "TIMESTAMP" -> statement.setObject(position, LocalDateTime.parse(text, TIMESTAMP));
                case "UUID" -> {
                    if (!UUID_TEXT.matcher(text).matches()) {
                        throw new IllegalArgumentException();
                    }
                    statement.setObject(position, UUID.fromString(text));
                }
                // Untyped: coerces to json or jsonb, whichever the context wants.
                case "JSON" -> statement.setObject(position, text, Types.OTHER);
                default -> throw DataApiErrors.badRequest("Invalid typeHint " + typeHint + " for parameter: " + name);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw DataApiErrors.badRequest("Cannot convert the value of parameter \"" + name + "\" to " + typeHint
                    + ": " + text);
        }
    }
}
