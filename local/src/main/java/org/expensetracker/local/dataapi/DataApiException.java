package org.expensetracker.local.dataapi;

/** A modeled rds-data error: the SDKs pick the exception class from {@link #errorType()}. */
final class DataApiException extends RuntimeException {
    private final String errorType;
    private final int httpStatus;
    private final Long dbConnectionId;

    DataApiException(String errorType, int httpStatus, String message) {
        this(errorType, httpStatus, message, null);
    }

    DataApiException(String errorType, int httpStatus, String message, Long dbConnectionId) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.httpStatus = httpStatus;
        this.dbConnectionId = dbConnectionId;
    }

    String errorType() {
        return errorType;
    }

    int httpStatus() {
        return httpStatus;
    }

    Long dbConnectionId() {
        return dbConnectionId;
    }
}
