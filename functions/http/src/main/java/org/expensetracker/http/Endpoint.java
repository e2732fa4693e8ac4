package org.expensetracker.http;

/** The code behind one route. */
@FunctionalInterface
public interface Endpoint {
    ApiResponse handle(ApiRequest request);
}
