package org.expensetracker.local.dataapi;

import java.time.Duration;
import java.util.Objects;

/**
 * How the local Data API endpoint behaves. {@link #defaults()} mirrors the real service's limits.
 *
 * @param port                   TCP port on 127.0.0.1; 0 picks a free one
 * @param defaultDatabase        database used when a request names none
 * @param transactionIdleTimeout a transaction left alone this long is rolled back and forgotten (real: 3 min)
 * @param statementTimeout       a call without continueAfterTimeout is cancelled after this long (real: 45 s)
 * @param maxResponseBytes       larger responses fail the call (real: 1 MiB)
 * @param connectionsPerDatabase pooled connections for calls outside transactions, per database
 * @param httpThreads            worker threads serving calls
 * @param startPaused            behave like an auto-paused cluster: the first call starts a resume
 * @param resumeDuration         how long a resume (from {@code startPaused} or auto-pause) lasts
 * @param autoPauseAfter         pause again after this much idleness without open transactions; null = never
 * @param sqlErrors              which exception PostgreSQL errors surface as
 */
public record LocalDataApiOptions(
        int port,
        String defaultDatabase,
        Duration transactionIdleTimeout,
        Duration statementTimeout,
        int maxResponseBytes,
        int connectionsPerDatabase,
        int httpThreads,
        boolean startPaused,
        Duration resumeDuration,
        Duration autoPauseAfter,
        SqlErrorStyle sqlErrors) {

    public static final int ONE_MIB = 1_048_576;

    /** Which service exception a statement that PostgreSQL rejects is answered with. */
    public enum SqlErrorStyle {
        /** Aurora Serverless v2 and provisioned clusters (what this project deploys). */
        DATABASE_ERROR("DatabaseErrorException"),
        /** Aurora Serverless v1 clusters. */
        BAD_REQUEST("BadRequestException");

        final String errorType;

        SqlErrorStyle(String errorType) {
            this.errorType = errorType;
        }
    }

    public LocalDataApiOptions {
        Objects.requireNonNull(defaultDatabase, "defaultDatabase");
        Objects.requireNonNull(transactionIdleTimeout, "transactionIdleTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(resumeDuration, "resumeDuration");
        Objects.requireNonNull(sqlErrors, "sqlErrors");
        if (port < 0 || maxResponseBytes <= 0 || connectionsPerDatabase <= 0 || httpThreads <= 0) {
            throw new IllegalArgumentException("port >= 0 and positive sizes are required");
        }
    }

    public static LocalDataApiOptions defaults() {
        return new LocalDataApiOptions(0, "expenses", Duration.ofMinutes(3), Duration.ofSeconds(45), ONE_MIB,
                8, 8, false, Duration.ofSeconds(15), null, SqlErrorStyle.DATABASE_ERROR);
    }

    public LocalDataApiOptions withPort(int value) {
        return new LocalDataApiOptions(value, defaultDatabase, transactionIdleTimeout, statementTimeout,
                maxResponseBytes, connectionsPerDatabase, httpThreads, startPaused, resumeDuration, autoPauseAfter,
                sqlErrors);
    }

    public LocalDataApiOptions withDefaultDatabase(String value) {
        return new LocalDataApiOptions(port, value, transactionIdleTimeout, statementTimeout, maxResponseBytes,
                connectionsPerDatabase, httpThreads, startPaused, resumeDuration, autoPauseAfter, sqlErrors);
    }

    public LocalDataApiOptions withTransactionIdleTimeout(Duration value) {
        return new LocalDataApiOptions(port, defaultDatabase, value, statementTimeout, maxResponseBytes,
                connectionsPerDatabase, httpThreads, startPaused, resumeDuration, autoPauseAfter, sqlErrors);
    }

    public LocalDataApiOptions withStatementTimeout(Duration value) {
        return new LocalDataApiOptions(port, defaultDatabase, transactionIdleTimeout, value, maxResponseBytes,
                connectionsPerDatabase, httpThreads, startPaused, resumeDuration, autoPauseAfter, sqlErrors);
    }

    public LocalDataApiOptions withMaxResponseBytes(int value) {
        return new LocalDataApiOptions(port, defaultDatabase, transactionIdleTimeout, statementTimeout, value,
                connectionsPerDatabase, httpThreads, startPaused, resumeDuration, autoPauseAfter, sqlErrors);
    }

    public LocalDataApiOptions withConnectionsPerDatabase(int value) {
        return new LocalDataApiOptions(port, defaultDatabase, transactionIdleTimeout, statementTimeout,
                maxResponseBytes, value, httpThreads, startPaused, resumeDuration, autoPauseAfter, sqlErrors);
    }

    public LocalDataApiOptions withHttpThreads(int value) {
        return new LocalDataApiOptions(port, defaultDatabase, transactionIdleTimeout, statementTimeout,
                maxResponseBytes, connectionsPerDatabase, value, startPaused, resumeDuration, autoPauseAfter,
                sqlErrors);
    }

    /** Starts like an auto-paused cluster: the first call begins a resume lasting {@code resume}. */
    public LocalDataApiOptions withStartPaused(Duration resume) {
        return new LocalDataApiOptions(port, defaultDatabase, transactionIdleTimeout, statementTimeout,
                maxResponseBytes, connectionsPerDatabase, httpThreads, true, resume, autoPauseAfter, sqlErrors);
    }

    public LocalDataApiOptions withResumeDuration(Duration value) {
        return new LocalDataApiOptions(port, defaultDatabase, transactionIdleTimeout, statementTimeout,
                maxResponseBytes, connectionsPerDatabase, httpThreads, startPaused, value, autoPauseAfter, sqlErrors);
    }

    public LocalDataApiOptions withAutoPauseAfter(Duration value) {
        return new LocalDataApiOptions(port, defaultDatabase, transactionIdleTimeout, statementTimeout,
                maxResponseBytes, connectionsPerDatabase, httpThreads, startPaused, resumeDuration, value, sqlErrors);
    }

    public LocalDataApiOptions withSqlErrors(SqlErrorStyle value) {
        return new LocalDataApiOptions(port, defaultDatabase, transactionIdleTimeout, statementTimeout,
                maxResponseBytes, connectionsPerDatabase, httpThreads, startPaused, resumeDuration, autoPauseAfter,
                value);
    }
}
