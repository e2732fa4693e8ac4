package org.expensetracker.http;

import java.util.Objects;

/**
 * One HTTP API route: the method and path template as API Gateway writes a route key
 * ({@code GET /entries/{id}}), and the function that serves it.
 */
public record Route(String method, String path, FunctionName function) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(function, "function");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
    }

    /** The API Gateway route key, which both AWS and the local gateway put in the event. */
    public String key() {
        return method + " " + path;
    }
}
