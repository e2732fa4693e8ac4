package org.expensetracker.core.error;

/**
 * The database is waking up from auto-pause and did not answer within the retry budget. The client
 * should try again after {@link #retryAfterSeconds()}.
 */
public final class DatabaseResumingException extends DomainException {
    private final int retryAfterSeconds;

    public DatabaseResumingException(int retryAfterSeconds) {
        super(ErrorCode.DATABASE_RESUMING, "The database is waking up; please retry in a few seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
