package org.expensetracker.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.expensetracker.core.error.DatabaseResumingException;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.core.error.FieldError;

/** The error contract: domain errors become HTTP statuses and the one error body shape. */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    public static int status(ErrorCode code) {
        return switch (code) {
            case MALFORMED_JSON, VALIDATION_FAILED -> 400;
            case UNAUTHORIZED -> 401;
            case NOT_FOUND -> 404;
            case CONFLICT, PERIOD_LOCKED -> 409;
            case PRECONDITION_FAILED -> 412;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case DATABASE_RESUMING -> 503;
            case INTERNAL -> 500;
        };
    }

    public static ApiResponse of(DomainException error, String requestId) {
        ApiResponse response = ApiResponse.json(status(error.code()),
                body(error.code(), error.getMessage(), error, requestId));
        if (error instanceof DatabaseResumingException resuming) {
            response.header("Retry-After", Integer.toString(resuming.retryAfterSeconds()));
        }
        if (error.code() == ErrorCode.UNAUTHORIZED) {
            // as the authorizer's own 401 does (RFC 6750): the token, not the request, is what to fix
            response.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        return response;
    }

    /** For failures we did not foresee: nothing of the exception reaches the client. */
    public static ApiResponse internal(String requestId) {
        return ApiResponse.json(500, body(ErrorCode.INTERNAL,
                "Something went wrong on our side. Try again; if it persists, quote the request id.", null, requestId));
    }

    public static ObjectNode body(ErrorCode code, String message, DomainException error, String requestId) {
        ObjectNode root = Json.object();
        ObjectNode body = root.putObject("error");
        body.put("code", code.name());
        body.put("message", message);
        ArrayNode details = body.putArray("details");
        if (error != null) {
            for (FieldError detail : error.details()) {
                details.addObject().put("field", detail.field()).put("message", detail.message());
            }
        }
        body.put("requestId", requestId);
        return root;
    }
}
