package org.expensetracker.local.dataapi;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import org.expensetracker.local.dataapi.LocalDataApiOptions.SqlErrorStyle;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** The service's errors, with the HTTP status the rds-data model gives each. */
final class DataApiErrors {
    static final String QUERY_CANCELED = "57014";

    private DataApiErrors() {
    }

    private static long backendPid(Connection session) {
        try {
            return session == null ? 0 : session.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException e) {
            return 0;
        }
    }

    static DataApiException badRequest(String message) {
        return new DataApiException("BadRequestException", 400, message);
    }

    static DataApiException notFound(String message) {
        return new DataApiException("NotFoundException", 404, message);
    }

    static DataApiException unknownOperation(String path) {
        return new DataApiException("UnknownOperationException", 404, "No operation at " + path);
    }

    static DataApiException transactionNotFound(String transactionId, String cause) {
        return notFound("Transaction " + transactionId + " is not found" + (cause == null ? "" : ": " + cause));
    }

    static DataApiException transactionBusy() {
        return new DataApiException("DatabaseErrorException", 400, "Transaction is still running a query");
    }

    static DataApiException resuming(String instance) {
        return new DataApiException("DatabaseResumingException", 400, "The Aurora DB instance " + instance
                + " is resuming after being auto-paused. Please wait a few seconds and try again.");
    }

    static DataApiException responseTooLarge() {
        return badRequest("Database returned more than the allowed response size limit");
    }

    static DataApiException statementTimeout(long backendPid) {
        return new DataApiException("StatementTimeoutException", 400,
                "The statement was canceled because it exceeded the statement timeout", backendPid);
    }

    static DataApiException internal() {
        return new DataApiException("InternalServerErrorException", 500, "An internal error occurred");
    }

    /** PostgreSQL's own message and SQLSTATE, in the shape the real service uses; never a stack trace. */
    static DataApiException fromSql(SQLException e, SqlErrorStyle style) {
        return fromSql(e, style, null);
    }

    /** As {@link #fromSql(SQLException, SqlErrorStyle)}; {@code session} names the connection a timeout hit. */
    static DataApiException fromSql(SQLException e, SqlErrorStyle style, Connection session) {
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            // The batch wrapper says "Batch entry 0 ... was aborted"; the cause carries PostgreSQL's error.
            e = e.getNextException();
        }
        String state = e.getSQLState();
        if (QUERY_CANCELED.equals(state)) {
            // Only the statement timeout cancels statements here.
            return statementTimeout(backendPid(session));
        }
        if (state != null && state.startsWith("08")) {
            return new DataApiException("InternalServerErrorException", 500,
                    "Communications link failure: " + e.getMessage());
        }
        String message = e.getMessage();
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            // Always "ERROR:", even for a FATAL such as an unknown database, as the service words it.
            message = "ERROR: " + server.getMessage();
        }
        return new DataApiException(style.errorType, 400,
                state == null ? message : message + "; SQLState: " + state);
    }
}
