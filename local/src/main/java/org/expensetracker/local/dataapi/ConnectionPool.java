package org.expensetracker.local.dataapi;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/** A few reusable sessions of one database, for calls that run outside a Data API transaction. */
final class ConnectionPool implements AutoCloseable {
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final DataSource dataSource;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(DataSource dataSource, int size) {
        this.dataSource = dataSource;
        this.permits = new Semaphore(size, true);
    }

    /** A new session outside the pool, prepared like pooled ones (for a Data API transaction). */
    Connection openDedicated() throws SQLException {
        return open();
    }

    Connection borrow() throws SQLException {
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("no free database connection after " + BORROW_TIMEOUT_SECONDS + " s", "08004");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", "08004");
        }
        try {
            Connection connection = idle.pollFirst();
            return connection != null && !connection.isClosed() ? connection : open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a connection; one left inside a transaction block (a plain "BEGIN" call) is rolled back first. */
    void release(Connection connection) {
        try {
            if (closed || connection.isClosed()) {
                closeQuietly(connection);
                return;
            }
            TransactionState state = connection.unwrap(BaseConnection.class).getTransactionState();
            if (state != TransactionState.IDLE) {
                connection.rollback();
            }
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            idle.offerFirst(connection);
        } catch (SQLException e) {
            closeQuietly(connection);
        } finally {
            permits.release();
        }
    }

    private Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            // Aurora sessions run in UTC; the JDBC driver would otherwise set the JVM's zone.
            statement.execute("SET TIME ZONE 'UTC'");
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        connection.setAutoCommit(true);
        return connection;
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // Already broken; nothing left to release.
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            closeQuietly(connection);
        }
    }
}
