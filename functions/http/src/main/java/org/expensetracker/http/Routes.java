package org.expensetracker.http;

import java.util.List;
import java.util.Optional;

/**
 * The route table: every route of the HTTP API and the function behind it. The CDK app creates
 * exactly these routes on the HTTP API and the local gateway dispatches by the same list, so the
 * two cannot drift apart. docs/openapi.yaml is checked against it by a test.
 */
public final class Routes {
    public static final List<Route> ALL = List.of(
            new Route("POST", "/entries", FunctionName.ENTRIES_API),
            new Route("GET", "/entries", FunctionName.ENTRIES_API),
            new Route("GET", "/entries/{id}", FunctionName.ENTRIES_API),
            new Route("PUT", "/entries/{id}", FunctionName.ENTRIES_API),
            new Route("DELETE", "/entries/{id}", FunctionName.ENTRIES_API),
            new Route("GET", "/trash", FunctionName.ENTRIES_API),
            new Route("POST", "/entries/{id}/restore", FunctionName.ENTRIES_API),
            new Route("GET", "/suggestions", FunctionName.ENTRIES_API),
            new Route("GET", "/summary", FunctionName.ENTRIES_API),
            new Route("POST", "/entries/bulk", FunctionName.ENTRIES_API),
            new Route("POST", "/categories/rename", FunctionName.ENTRIES_API),
            new Route("POST", "/recurring", FunctionName.ENTRIES_API),
            new Route("GET", "/recurring", FunctionName.ENTRIES_API),
            new Route("GET", "/recurring/{id}", FunctionName.ENTRIES_API),
            new Route("PUT", "/recurring/{id}", FunctionName.ENTRIES_API),
            new Route("DELETE", "/recurring/{id}", FunctionName.ENTRIES_API),
            new Route("GET", "/budgets", FunctionName.ENTRIES_API),
            new Route("PUT", "/budgets/{category}", FunctionName.ENTRIES_API),
            new Route("DELETE", "/budgets/{category}", FunctionName.ENTRIES_API),
            new Route("GET", "/settings", FunctionName.ENTRIES_API),
            new Route("PUT", "/settings", FunctionName.ENTRIES_API),
            new Route("GET", "/rates", FunctionName.ENTRIES_API),
            new Route("POST", "/entries/{id}/documents", FunctionName.DOCUMENTS_API),
            new Route("POST", "/documents", FunctionName.DOCUMENTS_API),
            new Route("GET", "/documents", FunctionName.DOCUMENTS_API),
            new Route("GET", "/documents/{id}", FunctionName.DOCUMENTS_API),
            new Route("DELETE", "/documents/{id}", FunctionName.DOCUMENTS_API),
            new Route("POST", "/exports", FunctionName.EXPORTS_API),
            new Route("GET", "/exports/{id}", FunctionName.EXPORTS_API),
            new Route("GET", "/exports", FunctionName.EXPORTS_API),
            new Route("DELETE", "/account", FunctionName.ACCOUNT_API));

    private Routes() {
    }

    public static List<Route> of(FunctionName function) {
        return ALL.stream().filter(route -> route.function() == function).toList();
    }

    public static Optional<Route> byKey(String key) {
        return ALL.stream().filter(route -> route.key().equals(key)).findFirst();
    }
}
