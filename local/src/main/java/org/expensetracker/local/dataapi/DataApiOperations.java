package org.expensetracker.local.dataapi;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.expensetracker.local.dataapi.ResultValueEncoder.ReturnOptions;
import org.expensetracker.local.dataapi.SqlParameterRewriter.RewrittenSql;
import org.expensetracker.local.dataapi.StatementRunner.ExecuteRequest;

/** The rds-data operations, request JSON in, response JSON bytes out; failures are {@link DataApiException}s. */
final class DataApiOperations implements AutoCloseable {
    private static final int MAX_SQL_LENGTH = 65_536;

    private final LocalDataApiOptions options;
    private final Function<String, DataSource> dataSources;
    private final ObjectMapper mapper;
    private final Map<String, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final TransactionRegistry transactions;
    private final ResumeSimulator resume;
    private final DataApiStats stats;
    private final StatementRunner runner;

    DataApiOperations(LocalDataApiOptions options, Function<String, DataSource> dataSources, ObjectMapper mapper,
            TransactionRegistry transactions, ResumeSimulator resume, DataApiStats stats) {
        this.options = options;
        this.dataSources = dataSources;
        this.mapper = mapper;
        this.transactions = transactions;
        this.resume = resume;
        this.stats = stats;
        this.runner = new StatementRunner(mapper.getFactory(), options.maxResponseBytes(), options.statementTimeout());
    }

    /** The operation's name (as in the service model) for a request path, or null. */
    static String operationAt(String path) {
        return switch (path) {
            case "/Execute" -> "ExecuteStatement";
            case "/BatchExecute" -> "BatchExecuteStatement";
            case "/BeginTransaction" -> "BeginTransaction";
            case "/CommitTransaction" -> "CommitTransaction";
            case "/RollbackTransaction" -> "RollbackTransaction";
            case "/ExecuteSql" -> "ExecuteSql";
            default -> null;
        };
    }

    byte[] serve(String operation, JsonNode request) {
        if ("ExecuteSql".equals(operation)) {
            throw DataApiErrors.badRequest("ExecuteSql is not supported by this cluster; use ExecuteStatement");
        }
        requireText(request, "resourceArn");
        requireText(request, "secretArn");
        return switch (operation) {
            case "ExecuteStatement" -> executeStatement(request);
            case "BatchExecuteStatement" -> batchExecuteStatement(request);
            case "BeginTransaction" -> beginTransaction(request);
            case "CommitTransaction" -> commitTransaction(request);
            case "RollbackTransaction" -> rollbackTransaction(request);
            default -> throw new IllegalStateException(operation);
        };
    }

    private byte[] executeStatement(JsonNode request) {
        refuseWhileResuming(request);
        RewrittenSql sql = sqlOf(request);
        Map<String, JsonNode> parameters = ParameterBinder.index(request.get("parameters"));
        JsonNode resultSetOptions = request.path("resultSetOptions");
        ExecuteRequest execute = new ExecuteRequest(sql, parameters,
                request.path("includeResultMetadata").asBoolean(false),
                "JSON".equals(request.path("formatRecordsAs").asText("NONE")),
                new ReturnOptions("DOUBLE_OR_LONG".equals(resultSetOptions.path("decimalReturnType").asText()),
                        "STRING".equals(resultSetOptions.path("longReturnType").asText())),
                request.path("continueAfterTimeout").asBoolean(false));
        return onSession(request, connection -> runner.execute(connection, execute));
    }

    private byte[] batchExecuteStatement(JsonNode request) {
        refuseWhileResuming(request);
        RewrittenSql sql = sqlOf(request);
        List<Map<String, JsonNode>> parameterSets = new ArrayList<>();
        for (JsonNode set : request.path("parameterSets")) {
            parameterSets.add(ParameterBinder.index(set));
        }
        return onSession(request, connection -> runner.batch(connection, sql, parameterSets));
    }

    private byte[] beginTransaction(JsonNode request) {
        refuseWhileResuming(request);
        rejectSchema(request);
        Connection connection = null;
        try {
            connection = pool(databaseOf(request)).openDedicated();
            String id = transactions.begin(connection);
            stats.transactionBegun();
            return mapper.createObjectNode().put("transactionId", id).toString().getBytes(UTF_8);
        } catch (SQLException e) {
            if (connection != null) {
                ConnectionPool.closeQuietly(connection);
            }
            throw DataApiErrors.fromSql(e, options.sqlErrors());
        }
    }

    private byte[] commitTransaction(JsonNode request) {
        TransactionRegistry.OpenTransaction transaction = transactions.acquire(requireText(request, "transactionId"));
        try {
            transactions.commit(transaction);
        } catch (SQLException e) {
            throw DataApiErrors.fromSql(e, options.sqlErrors());
        } finally {
            transactions.release(transaction);
        }
        return "{\"transactionStatus\":\"Transaction Committed\"}".getBytes(UTF_8);
    }

    private byte[] rollbackTransaction(JsonNode request) {
        TransactionRegistry.OpenTransaction transaction = transactions.acquire(requireText(request, "transactionId"));
        try {
            transactions.rollback(transaction);
        } finally {
            transactions.release(transaction);
        }
        return "{\"transactionStatus\":\"Rollback Complete\"}".getBytes(UTF_8);
    }

    @FunctionalInterface
    private interface SessionWork {
        byte[] run(Connection connection) throws SQLException;
    }

    /** Runs on the request's transaction, or else on a pooled session in autocommit. */
    private byte[] onSession(JsonNode request, SessionWork work) {
        String transactionId = request.path("transactionId").asText("");
        if (!transactionId.isEmpty()) {
            TransactionRegistry.OpenTransaction transaction = transactions.acquire(transactionId);
            try {
                return work.run(transaction.connection);
            } catch (SQLException e) {
                DataApiException error = DataApiErrors.fromSql(e, options.sqlErrors(), transaction.connection);
                transactions.abort(transaction);
                throw error;
            } finally {
                transactions.release(transaction);
            }
        }
        ConnectionPool pool = pool(databaseOf(request));
        Connection connection;
        try {
            connection = pool.borrow();
        } catch (SQLException e) {
            throw DataApiErrors.fromSql(e, options.sqlErrors());
        }
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw DataApiErrors.fromSql(e, options.sqlErrors(), connection);
        } finally {
            pool.release(connection);
        }
    }

    private ConnectionPool pool(String database) {
        return pools.computeIfAbsent(database,
                name -> new ConnectionPool(dataSources.apply(name), options.connectionsPerDatabase()));
    }

    private String databaseOf(JsonNode request) {
        String database = request.path("database").asText("");
        return database.isEmpty() ? options.defaultDatabase() : database;
    }

    private static RewrittenSql sqlOf(JsonNode request) {
        rejectSchema(request);
        String sql = requireText(request, "sql");
        if (sql.length() > MAX_SQL_LENGTH) {
            throw DataApiErrors.badRequest("sql must be at most " + MAX_SQL_LENGTH + " characters");
        }
        return SqlParameterRewriter.rewrite(sql);
    }

    /** The PostgreSQL flavour of the service refuses the schema parameter (set search_path in SQL instead). */
    private static void rejectSchema(JsonNode request) {
        if (!request.path("schema").asText("").isEmpty()) {
            throw DataApiErrors.badRequest("The schema parameter isn't supported.");
        }
    }

    /**
     * Only ExecuteStatement, BatchExecuteStatement and BeginTransaction: the service model lists
     * DatabaseResumingException for those alone (an open transaction means the cluster is awake).
     */
    private void refuseWhileResuming(JsonNode request) {
        if (resume.refuseCall()) {
            String arn = request.path("resourceArn").asText("");
            throw DataApiErrors.resuming(arn.substring(arn.lastIndexOf(':') + 1));
        }
    }

    private static String requireText(JsonNode request, String field) {
        String value = request.path(field).asText("");
        if (value.isBlank()) {
            throw DataApiErrors.badRequest(field + " is required");
        }
        return value;
    }

    @Override
    public void close() {
        transactions.close();
        pools.values().forEach(ConnectionPool::close);
    }
}
