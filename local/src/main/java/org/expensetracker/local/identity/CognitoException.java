package org.expensetracker.local.identity;

/**
 * An error the way Cognito reports it: the {@link #errorType()} is the exception name AWS SDKs
 * map to a typed exception (e.g. {@code NotAuthorizedException}); the message is for people.
 *
 * <p>These are expected outcomes (wrong password, duplicate user), not bugs, so no stack trace
 * is captured.
 */
public final class CognitoException extends RuntimeException {

    private final String errorType;
    private final int httpStatus;

    CognitoException(String errorType, String message, int httpStatus) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.httpStatus = httpStatus;
    }

    public String errorType() {
        return errorType;
    }

    /** Cognito answers every client error with 400; only its own failures are 500. */
    public int httpStatus() {
        return httpStatus;
    }

    static CognitoException notAuthorized(String message) {
        return new CognitoException("NotAuthorizedException", message, 400);
    }

    static CognitoException invalidParameter(String message) {
        return new CognitoException("InvalidParameterException", message, 400);
    }

    static CognitoException invalidPassword(String message) {
        return new CognitoException("InvalidPasswordException", message, 400);
    }

    static CognitoException usernameExists() {
        return new CognitoException("UsernameExistsException", "An account with the given email already exists.", 400);
    }

    static CognitoException aliasExists() {
        return new CognitoException("AliasExistsException", "An account with the given email already exists.", 400);
    }

    static CognitoException userNotConfirmed() {
        return new CognitoException("UserNotConfirmedException", "User is not confirmed.", 400);
    }

    static CognitoException codeMismatch() {
        return new CognitoException("CodeMismatchException", "Invalid verification code provided, please try again.", 400);
    }

    static CognitoException codeMismatch(String message) {
        return new CognitoException("CodeMismatchException", message, 400);
    }

    static CognitoException expiredCode() {
        return new CognitoException("ExpiredCodeException", "Invalid code provided, please request a code again.", 400);
    }

    static CognitoException limitExceeded() {
        return new CognitoException("LimitExceededException", "Attempt limit exceeded, please try after some time.", 400);
    }

    static CognitoException enableSoftwareTokenMfa() {
        return new CognitoException("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA", 400);
    }

    static CognitoException softwareTokenMfaNotFound() {
        return new CognitoException("SoftwareTokenMFANotFoundException", "Software Token MFA is not enabled for this user pool.", 400);
    }

    static CognitoException resourceNotFound(String message) {
        return new CognitoException("ResourceNotFoundException", message, 400);
    }

    static CognitoException userNotFound() {
        return new CognitoException("UserNotFoundException", "User does not exist.", 400);
    }

    static CognitoException unknownOperation(String message) {
        return new CognitoException("UnknownOperationException", message, 400);
    }

    static CognitoException serialization(String message) {
        return new CognitoException("SerializationException", message, 400);
    }

    static CognitoException internal() {
        return new CognitoException("InternalErrorException", "Internal error", 500);
    }
}
