package org.expensetracker.local.dataapi;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.postgresql.util.PGobject;

/**
 * Reads result columns and writes them as the service does: integers as longValue, numeric as an
 * exact stringValue, dates and times as strings in PostgreSQL's layout (timestamptz in UTC), bytea
 * as blobValue, arrays as arrayValue.
 */
final class ResultValueEncoder {

    /** resultSetOptions of the request. */
    record ReturnOptions(boolean decimalAsNumber, boolean longAsString) {
    }

    private enum Kind { LONG, DECIMAL, FLOAT4, DOUBLE, BOOLEAN, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, BYTES, ARRAY, STRING }

    private final Kind[] kinds;
    private final String[] labels;
    private final ReturnOptions options;

    private ResultValueEncoder(Kind[] kinds, String[] labels, ReturnOptions options) {
        this.kinds = kinds;
        this.labels = labels;
        this.options = options;
    }

    static ResultValueEncoder of(ResultSetMetaData metaData, ReturnOptions options) throws SQLException {
        int count = metaData.getColumnCount();
        Kind[] kinds = new Kind[count];
        String[] labels = new String[count];
        for (int column = 1; column <= count; column++) {
            kinds[column - 1] = kindOf(metaData.getColumnTypeName(column), metaData.getColumnType(column));
            labels[column - 1] = metaData.getColumnLabel(column);
        }
        return new ResultValueEncoder(kinds, labels, options);
    }

    int columnCount() {
        return kinds.length;
    }

    String label(int column) {
        return labels[column - 1];
    }

    /** One column of the current row as a Data API Field. */
    void writeField(JsonGenerator json, ResultSet row, int column) throws SQLException, IOException {
        Object value = read(row, column, kinds[column - 1]);
        json.writeStartObject();
        if (value == null) {
            json.writeBooleanField("isNull", true);
        } else if (value instanceof Long number) {
            if (options.longAsString()) {
                json.writeStringField("stringValue", number.toString());
            } else {
                json.writeNumberField("longValue", number);
            }
        } else if (value instanceof BigDecimal decimal) {
            writeDecimalField(json, decimal);
        } else if (value instanceof Double number) {
            json.writeNumberField("doubleValue", number);
        } else if (value instanceof Boolean bool) {
            json.writeBooleanField("booleanValue", bool);
        } else if (value instanceof byte[] bytes) {
            json.writeFieldName("blobValue");
            json.writeBinary(bytes);
        } else if (value instanceof List<?> list) {
            json.writeFieldName("arrayValue");
            writeArrayValue(json, list);
        } else {
            json.writeStringField("stringValue", value.toString());
        }
        json.writeEndObject();
    }

    /** One column of the current row as a plain JSON value, for formatRecordsAs=JSON. */
    void writePlain(JsonGenerator json, ResultSet row, int column) throws SQLException, IOException {
        writePlainValue(json, read(row, column, kinds[column - 1]));
    }

    private void writePlainValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Long number) {
            if (options.longAsString()) {
                json.writeString(number.toString());
            } else {
                json.writeNumber(number);
            }
        } else if (value instanceof BigDecimal decimal) {
            if (options.decimalAsNumber()) {
                json.writeNumber(decimal);
            } else {
                json.writeString(decimal.toPlainString());
            }
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof byte[] bytes) {
            json.writeBinary(bytes);
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writePlainValue(json, element);
            }
            json.writeEndArray();
        } else {
            json.writeString(value.toString());
        }
    }

    private void writeDecimalField(JsonGenerator json, BigDecimal decimal) throws IOException {
        if (!options.decimalAsNumber()) {
            json.writeStringField("stringValue", decimal.toPlainString());
            return;
        }
        BigDecimal integral = decimal.stripTrailingZeros();
        if (integral.scale() <= 0 && integral.precision() - integral.scale() <= 18) {
            json.writeNumberField("longValue", integral.longValueExact());
        } else {
            json.writeNumberField("doubleValue", decimal.doubleValue());
        }
    }

    private static void writeArrayValue(JsonGenerator json, List<?> list) throws IOException {
        json.writeStartObject();
        Object sample = list.stream().filter(e -> e != null).findFirst().orElse(null);
        if (sample instanceof List<?>) {
            json.writeArrayFieldStart("arrayValues");
            for (Object element : list) {
                writeArrayValue(json, element == null ? List.of() : (List<?>) element);
            }
        } else if (sample instanceof Long) {
            json.writeArrayFieldStart("longValues");
            for (Object element : list) {
                if (element == null) {
                    json.writeNull();
                } else {
                    json.writeNumber((Long) element);
                }
            }
        } else if (sample instanceof Double) {
            json.writeArrayFieldStart("doubleValues");
            for (Object element : list) {
                if (element == null) {
                    json.writeNull();
                } else {
                    json.writeNumber((Double) element);
                }
            }
        } else if (sample instanceof Boolean) {
            json.writeArrayFieldStart("booleanValues");
            for (Object element : list) {
                if (element == null) {
                    json.writeNull();
                } else {
                    json.writeBoolean((Boolean) element);
                }
            }
        } else {
            json.writeArrayFieldStart("stringValues");
            for (Object element : list) {
                if (element == null) {
                    json.writeNull();
                } else if (element instanceof BigDecimal decimal) {
                    json.writeString(decimal.toPlainString());
                } else if (element instanceof byte[] bytes) {
                    json.writeString(Base64.getEncoder().encodeToString(bytes));
                } else {
                    json.writeString(element.toString());
                }
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static Kind kindOf(String typeName, int sqlType) {
        return switch (typeName) {
            case "int2", "int4", "int8", "oid", "serial", "bigserial", "smallserial" -> Kind.LONG;
            case "numeric" -> Kind.DECIMAL;
            case "float4" -> Kind.FLOAT4;
            case "float8" -> Kind.DOUBLE;
            case "bool" -> Kind.BOOLEAN;
            case "date" -> Kind.DATE;
            case "time" -> Kind.TIME;
            case "timestamp" -> Kind.TIMESTAMP;
            case "timestamptz" -> Kind.TIMESTAMPTZ;
            case "bytea" -> Kind.BYTES;
            default -> sqlType == Types.ARRAY ? Kind.ARRAY : Kind.STRING;
        };
    }

    private static Object read(ResultSet row, int column, Kind kind) throws SQLException {
        switch (kind) {
            case LONG: {
                long value = row.getLong(column);
                return row.wasNull() ? null : value;
            }
            case DECIMAL: {
                String text = row.getString(column);
                if (text == null) {
                    return null;
                }
                try {
                    return new BigDecimal(text);
                } catch (NumberFormatException nanOrInfinity) {
                    return text;
                }
            }
            case FLOAT4: {
                // Via the text form: widening the float itself would turn 1.1 into 1.100000023841858.
                String text = row.getString(column);
                return text == null ? null : Double.valueOf(text);
            }
            case DOUBLE: {
                double value = row.getDouble(column);
                return row.wasNull() ? null : value;
            }
            case BOOLEAN: {
                boolean value = row.getBoolean(column);
                return row.wasNull() ? null : value;
            }
            case DATE: {
                LocalDate value = row.getObject(column, LocalDate.class);
                return value == null ? null : formatDate(value);
            }
            case TIME: {
                LocalTime value = row.getObject(column, LocalTime.class);
                return value == null ? null : formatTime(value);
            }
            case TIMESTAMP: {
                LocalDateTime value = row.getObject(column, LocalDateTime.class);
                return value == null ? null : formatTimestamp(value);
            }
            case TIMESTAMPTZ: {
                OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
                return value == null ? null : formatTimestamptz(value);
            }
            case BYTES:
                return row.getBytes(column);
            case ARRAY: {
                Array array = row.getArray(column);
                if (array == null) {
                    return null;
                }
                try {
                    return toList(array.getArray(), array.getBaseTypeName());
                } finally {
                    array.free();
                }
            }
            default:
                return row.getString(column);
        }
    }

    private static List<Object> toList(Object javaArray, String baseType) {
        Object[] elements = (Object[]) javaArray;
        List<Object> list = new ArrayList<>(elements.length);
        for (Object element : elements) {
            list.add(element instanceof Object[] nested ? toList(nested, baseType) : element(element, baseType));
        }
        return list;
    }

    private static Object element(Object value, String baseType) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof BigDecimal || value instanceof Double || value instanceof byte[]) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float number) {
            return Double.valueOf(number.toString());
        }
        if (value instanceof java.sql.Date date) {
            return formatDate(date.toLocalDate());
        }
        if (value instanceof java.sql.Time time) {
            return formatTime(time.toLocalTime());
        }
        if (value instanceof Timestamp timestamp) {
            return "timestamptz".equals(baseType)
                    ? formatTimestamp(LocalDateTime.ofInstant(timestamp.toInstant(), ZoneOffset.UTC))
                    : formatTimestamp(timestamp.toLocalDateTime());
        }
        if (value instanceof PGobject object) {
            return object.getValue();
        }
        return value.toString();
    }

    private static String formatDate(LocalDate date) {
        if (date.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (date.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        return date.toString();
    }

    private static String formatTime(LocalTime time) {
        return String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond())
                + fraction(time.getNano());
    }

    private static String formatTimestamp(LocalDateTime timestamp) {
        if (timestamp.equals(LocalDateTime.MAX)) {
            return "infinity";
        }
        if (timestamp.equals(LocalDateTime.MIN)) {
            return "-infinity";
        }
        return formatDate(timestamp.toLocalDate()) + " " + formatTime(timestamp.toLocalTime());
    }

    private static String formatTimestamptz(OffsetDateTime timestamp) {
        if (timestamp.equals(OffsetDateTime.MAX)) {
            return "infinity";
        }
        if (timestamp.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        return formatTimestamp(timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
    }

    /** ".5" for 500 ms, "" for whole seconds: no trailing zeros, like PostgreSQL's own output. */
    private static String fraction(int nanos) {
        if (nanos == 0) {
            return "";
        }
        String digits = String.format(".%09d", nanos);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
