package org.expensetracker.core.error;

import java.util.List;

/**
 * A failure the caller can act on, carrying a stable {@link ErrorCode}. The message is written for
 * people and is safe to show: it never contains SQL, stack traces or another user's data.
 */
public class DomainException extends RuntimeException {
    private final ErrorCode code;
    private final List<FieldError> details;

    public DomainException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public DomainException(ErrorCode code, String message, List<FieldError> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = List.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> details() {
        return details;
    }

    public static DomainException validation(List<FieldError> details) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "The request has invalid fields.", details);
    }

    public static DomainException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static DomainException notFound(String what) {
        return new DomainException(ErrorCode.NOT_FOUND, what + " not found.");
    }

    public static DomainException conflict(String message) {
        return new DomainException(ErrorCode.CONFLICT, message);
    }

    public static DomainException preconditionFailed(String message) {
        return new DomainException(ErrorCode.PRECONDITION_FAILED, message);
    }
}
