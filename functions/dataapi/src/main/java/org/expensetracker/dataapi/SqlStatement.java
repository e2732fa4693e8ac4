package org.expensetracker.dataapi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;

/**
 * One SQL statement with named parameters ({@code :name}), bound with the Data API type hints so
 * PostgreSQL receives real dates, decimals, UUIDs and timestamps rather than text.
 */
public final class SqlStatement {
    private static final DateTimeFormatter DATA_API_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private String sql;
    private final List<SqlParameter> parameters = new ArrayList<>();

    private SqlStatement(String sql) {
        this.sql = sql;
    }

    public static SqlStatement of(String sql) {
        return new SqlStatement(sql);
    }

    /**
     * Sets the text once the parameters are known: statements whose shape depends on the filters
     * bind while they build their WHERE clause.
     */
    public SqlStatement withSql(String text) {
        this.sql = text;
        return this;
    }

    public String sql() {
        return sql;
    }

    public List<SqlParameter> parameters() {
        return List.copyOf(parameters);
    }

    public SqlStatement bind(String name, String value) {
        return add(name, value == null ? nullField() : Field.builder().stringValue(value).build(), null);
    }

    public SqlStatement bind(String name, long value) {
        return add(name, Field.builder().longValue(value).build(), null);
    }

    public SqlStatement bind(String name, boolean value) {
        return add(name, Field.builder().booleanValue(value).build(), null);
    }

    public SqlStatement bind(String name, UUID value) {
        return typed(name, value == null ? null : value.toString(), TypeHint.UUID);
    }

    /** Exact decimal: sent as text with the DECIMAL hint, never through a double. */
    public SqlStatement bind(String name, BigDecimal value) {
        return typed(name, value == null ? null : value.toPlainString(), TypeHint.DECIMAL);
    }

    public SqlStatement bind(String name, LocalDate value) {
        return typed(name, value == null ? null : value.toString(), TypeHint.DATE);
    }

    /** A UTC instant, for comparison with timestamp columns written in UTC. */
    public SqlStatement bind(String name, Instant value) {
        return typed(name, value == null ? null : DATA_API_TIMESTAMP.format(value), TypeHint.TIMESTAMP);
    }

    public SqlStatement bindJson(String name, String json) {
        return typed(name, json, TypeHint.JSON);
    }

    private SqlStatement typed(String name, String text, TypeHint hint) {
        if (text == null) {
            return add(name, nullField(), null);
        }
        return add(name, Field.builder().stringValue(text).build(), hint);
    }

    private SqlStatement add(String name, Field value, TypeHint hint) {
        SqlParameter.Builder parameter = SqlParameter.builder().name(name).value(value);
        if (hint != null) {
            parameter.typeHint(hint);
        }
        parameters.add(parameter.build());
        return this;
    }

    private static Field nullField() {
        return Field.builder().isNull(true).build();
    }

    @Override
    public String toString() {
        // Statements are logged on failure: SQL text only, never the bound values (user data).
        return sql;
    }
}
