package org.expensetracker.dataapi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.rdsdata.model.Field;

/**
 * One result row, read by column label. Values come the way the Data API sends them: numeric and
 * temporal types as strings, which are parsed exactly here (no double on the way).
 */
public final class SqlRow {
    private final Map<String, Integer> columns;
    private final List<Field> values;

    SqlRow(Map<String, Integer> columns, List<Field> values) {
        this.columns = columns;
        this.values = values;
    }

    public boolean isNull(String column) {
        return Boolean.TRUE.equals(field(column).isNull());
    }

    public String string(String column) {
        Field field = field(column);
        if (Boolean.TRUE.equals(field.isNull())) {
            return null;
        }
        if (field.stringValue() != null) {
            return field.stringValue();
        }
        if (field.longValue() != null) {
            return field.longValue().toString();
        }
        if (field.booleanValue() != null) {
            return field.booleanValue().toString();
        }
        if (field.doubleValue() != null) {
            return field.doubleValue().toString();
        }
        throw new IllegalStateException("column " + column + " has no scalar value");
    }

    public long longValue(String column) {
        Field field = field(column);
        if (field.longValue() != null) {
            return field.longValue();
        }
        String text = string(column);
        if (text == null) {
            throw new IllegalStateException("column " + column + " is null");
        }
        return new BigDecimal(text).longValueExact();
    }

    public int intValue(String column) {
        return Math.toIntExact(longValue(column));
    }

    public boolean booleanValue(String column) {
        Field field = field(column);
        if (field.booleanValue() != null) {
            return field.booleanValue();
        }
        return Boolean.parseBoolean(string(column));
    }

    public BigDecimal decimal(String column) {
        String text = string(column);
        return text == null ? null : new BigDecimal(text);
    }

    public LocalDate date(String column) {
        String text = string(column);
        return text == null ? null : LocalDate.parse(text);
    }

    public UUID uuid(String column) {
        String text = string(column);
        return text == null ? null : UUID.fromString(text);
    }

    /** Timestamps arrive as {@code YYYY-MM-DD HH:MM:SS[.f]} in UTC. */
    public Instant instant(String column) {
        String text = string(column);
        return text == null ? null : Instant.parse(text.replace(' ', 'T') + "Z");
    }

    private Field field(String column) {
        Integer index = columns.get(column);
        if (index == null) {
            throw new IllegalArgumentException("no column " + column + " in result " + columns.keySet());
        }
        return values.get(index);
    }
}
