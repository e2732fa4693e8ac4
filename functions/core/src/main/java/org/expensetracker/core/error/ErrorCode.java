package org.expensetracker.core.error;

/**
 * The stable error codes of the API contract. Clients switch on these; the HTTP status for each
 * is chosen at the edge (the http module), not here.
 */
public enum ErrorCode {
    MALFORMED_JSON,
    VALIDATION_FAILED,
    UNAUTHORIZED,
    NOT_FOUND,
    CONFLICT,
    /** A change to an entry in a period the user closed (settings' lockedThrough). */
    PERIOD_LOCKED,
    PRECONDITION_FAILED,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    DATABASE_RESUMING,
    INTERNAL
}
