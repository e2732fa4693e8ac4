package org.expensetracker.local.dataapi;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Data API transactions: each holds its own session until commit, rollback, an error, or
 * {@code idleTimeout} without a call. Ended ones are remembered a while so the "not found" error
 * can say why, as the service does.
 */
final class TransactionRegistry implements AutoCloseable {
    static final String EXPIRED = "Transaction may be expired";
    static final String ENDED = "One previous call resulted in a termination of your transaction";
    static final String ABORTED = "Transaction has been aborted due to an error from a previous call";
    private static final int REMEMBERED_ENDINGS = 10_000;

    /** One open transaction; callers hold {@link #lock} while using {@link #connection}. */
    static final class OpenTransaction {
        final String id;
        final Connection connection;
        final ReentrantLock lock = new ReentrantLock();
        volatile long lastUsedNanos = System.nanoTime();

        OpenTransaction(String id, Connection connection) {
            this.id = id;
            this.connection = connection;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, OpenTransaction> open = new ConcurrentHashMap<>();
    private final Map<String, String> endings = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED_ENDINGS;
                }
            });
    private final long idleTimeoutNanos;

    TransactionRegistry(Duration idleTimeout) {
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    String begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        byte[] bytes = new byte[96];
        random.nextBytes(bytes);
        String id = Base64.getEncoder().encodeToString(bytes);
        open.put(id, new OpenTransaction(id, connection));
        return id;
    }

    /** The transaction, locked for the caller; a concurrent call on it is refused as by the service. */
    OpenTransaction acquire(String id) {
        OpenTransaction transaction = open.get(id);
        if (transaction == null) {
            throw DataApiErrors.transactionNotFound(id, endings.getOrDefault(id, EXPIRED));
        }
        if (!transaction.lock.tryLock()) {
            throw DataApiErrors.transactionBusy();
        }
        if (open.get(id) != transaction || isIdle(transaction)) {
            // Lost the race with the expiry sweep, or expired before the sweep came round.
            end(transaction, EXPIRED, true);
            transaction.lock.unlock();
            throw DataApiErrors.transactionNotFound(id, EXPIRED);
        }
        return transaction;
    }

    /** Done with one call; the idle clock restarts now. */
    void release(OpenTransaction transaction) {
        transaction.lastUsedNanos = System.nanoTime();
        if (transaction.lock.isHeldByCurrentThread()) {
            transaction.lock.unlock();
        }
    }

    void commit(OpenTransaction transaction) throws SQLException {
        try {
            transaction.connection.commit();
        } finally {
            end(transaction, ENDED, false);
        }
    }

    void rollback(OpenTransaction transaction) {
        end(transaction, ENDED, true);
    }

    /** A statement failed: like the service, roll back and forget the transaction. */
    void abort(OpenTransaction transaction) {
        end(transaction, ABORTED, true);
    }

    int openCount() {
        return open.size();
    }

    /** Rolls back transactions idle longer than the timeout; skips those in the middle of a call. */
    void expireIdle() {
        for (OpenTransaction transaction : open.values()) {
            if (isIdle(transaction) && transaction.lock.tryLock()) {
                try {
                    if (isIdle(transaction)) {
                        end(transaction, EXPIRED, true);
                    }
                } finally {
                    transaction.lock.unlock();
                }
            }
        }
    }

    private boolean isIdle(OpenTransaction transaction) {
        return System.nanoTime() - transaction.lastUsedNanos > idleTimeoutNanos;
    }

    private void end(OpenTransaction transaction, String why, boolean rollBack) {
        if (!open.remove(transaction.id, transaction)) {
            return;
        }
        endings.put(transaction.id, why);
        if (rollBack) {
            try {
                transaction.connection.rollback();
            } catch (SQLException | RuntimeException ignored) {
                // The session is closed next anyway, which rolls back too.
            }
        }
        ConnectionPool.closeQuietly(transaction.connection);
    }

    @Override
    public void close() {
        for (OpenTransaction transaction : open.values()) {
            end(transaction, ENDED, true);
        }
    }
}
