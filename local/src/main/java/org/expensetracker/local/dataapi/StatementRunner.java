package org.expensetracker.local.dataapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.expensetracker.local.dataapi.ResultValueEncoder.ReturnOptions;
import org.expensetracker.local.dataapi.SqlParameterRewriter.RewrittenSql;
import org.postgresql.PGStatement;

/** Runs one ExecuteStatement or BatchExecuteStatement on a session and renders the response body. */
final class StatementRunner {
    /** Rows fetched per round trip when a cursor is possible, so memory stays flat however big the result. */
    private static final int FETCH_SIZE = 256;

    record ExecuteRequest(RewrittenSql sql, Map<String, JsonNode> parameters, boolean includeResultMetadata,
            boolean formatRecordsAsJson, ReturnOptions returns, boolean continueAfterTimeout) {
    }

    private final JsonFactory json;
    private final int maxResponseBytes;
    private final int statementTimeoutSeconds;

    StatementRunner(JsonFactory json, int maxResponseBytes, Duration statementTimeout) {
        this.json = json;
        this.maxResponseBytes = maxResponseBytes;
        this.statementTimeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                (statementTimeout.toMillis() + 999) / 1000));
    }

    byte[] execute(Connection connection, ExecuteRequest request) throws SQLException {
        // Outside a transaction the driver would read the whole result into memory; inside one it can
        // use a cursor. Only for plain queries: utility statements (VACUUM, CREATE DATABASE) refuse a transaction block.
        boolean implicitTransaction = request.sql().isQuery() && connection.getAutoCommit();
        if (implicitTransaction) {
            connection.setAutoCommit(false);
        }
        boolean failed = false;
        try (PreparedStatement statement = prepare(connection, request.sql(), request.continueAfterTimeout())) {
            ParameterBinder.bind(statement, request.sql().parameterNames(), request.parameters());
            boolean hasRows = statement.execute();
            return render(statement, hasRows, request);
        } catch (SQLException e) {
            failed = true;
            throw e;
        } finally {
            if (implicitTransaction) {
                endImplicitTransaction(connection, failed);
            }
        }
    }

    /** Commits unless the statement failed: a response too large to send does not undo "WITH ... INSERT ... SELECT". */
    private static void endImplicitTransaction(Connection connection, boolean failed) throws SQLException {
        try {
            if (failed) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            if (!failed) {
                throw e;
            }
            // The statement's own error is the one worth reporting; the pool drops a broken session.
        }
    }

    byte[] batch(Connection connection, RewrittenSql sql, List<Map<String, JsonNode>> parameterSets)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, false)) {
            if (parameterSets.isEmpty()) {
                ParameterBinder.bind(statement, sql.parameterNames(), Map.of());
                statement.execute();
            } else {
                for (Map<String, JsonNode> parameters : parameterSets) {
                    ParameterBinder.bind(statement, sql.parameterNames(), parameters);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
        CappedOutputStream out = new CappedOutputStream(maxResponseBytes);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("updateResults");
            for (int i = 0; i < parameterSets.size(); i++) {
                generator.writeStartObject();
                generator.writeArrayFieldStart("generatedFields");
                generator.writeEndArray();
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private PreparedStatement prepare(Connection connection, RewrittenSql sql, boolean continueAfterTimeout)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.jdbcSql());
        try {
            // Unnamed statements only: no "cached plan must not change result type" after a migration,
            // and every value arrives in PostgreSQL's text form.
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            if (!continueAfterTimeout) {
                statement.setQueryTimeout(statementTimeoutSeconds);
            }
            if (!connection.getAutoCommit()) {
                statement.setFetchSize(FETCH_SIZE);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private byte[] render(PreparedStatement statement, boolean hasRows, ExecuteRequest request) throws SQLException {
        CappedOutputStream out = new CappedOutputStream(maxResponseBytes);
        try {
            JsonGenerator generator = json.createGenerator(out);
            generator.writeStartObject();
            if (hasRows) {
                try (ResultSet rows = statement.getResultSet()) {
                    ResultSetMetaData metaData = rows.getMetaData();
                    if (request.includeResultMetadata()) {
                        ColumnMetadataEncoder.write(generator, metaData);
                    }
                    ResultValueEncoder encoder = ResultValueEncoder.of(metaData, request.returns());
                    if (request.formatRecordsAsJson()) {
                        generator.writeStringField("formattedRecords", formatted(rows, encoder));
                    } else {
                        writeRecords(generator, rows, encoder);
                    }
                }
                generator.writeNumberField("numberOfRecordsUpdated", 0);
            } else {
                generator.writeNumberField("numberOfRecordsUpdated", Math.max(0, statement.getLargeUpdateCount()));
            }
            generator.writeArrayFieldStart("generatedFields");
            generator.writeEndArray();
            generator.writeEndObject();
            generator.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRecords(JsonGenerator generator, ResultSet rows, ResultValueEncoder encoder)
            throws SQLException, IOException {
        generator.writeArrayFieldStart("records");
        while (rows.next()) {
            generator.writeStartArray();
            for (int column = 1; column <= encoder.columnCount(); column++) {
                encoder.writeField(generator, rows, column);
            }
            generator.writeEndArray();
        }
        generator.writeEndArray();
    }

    /** formatRecordsAs=JSON: the rows as a JSON array of objects, sent as one string. */
    private String formatted(ResultSet rows, ResultValueEncoder encoder) throws SQLException, IOException {
        CappedOutputStream out = new CappedOutputStream(maxResponseBytes);
        JsonGenerator generator = json.createGenerator(out);
        generator.writeStartArray();
        while (rows.next()) {
            generator.writeStartObject();
            for (int column = 1; column <= encoder.columnCount(); column++) {
                generator.writeFieldName(encoder.label(column));
                encoder.writePlain(generator, rows, column);
            }
            generator.writeEndObject();
        }
        generator.writeEndArray();
        generator.close();
        return out.toString(StandardCharsets.UTF_8);
    }
}
