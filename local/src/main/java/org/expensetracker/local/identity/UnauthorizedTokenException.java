package org.expensetracker.local.identity;

/**
 * A bearer token the JWT authorizer refuses. The {@link #reason()} and message are for logs and
 * tests only: callers answer a plain 401 and never echo them to the client, as API Gateway does.
 */
public final class UnauthorizedTokenException extends Exception {

    public enum Reason {
        MISSING_TOKEN, MALFORMED, WRONG_ALGORITHM, UNKNOWN_KEY, BAD_SIGNATURE, WRONG_ISSUER,
        WRONG_AUDIENCE, WRONG_TOKEN_USE, EXPIRED, NOT_YET_VALID
    }

    private final Reason reason;

    UnauthorizedTokenException(Reason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
