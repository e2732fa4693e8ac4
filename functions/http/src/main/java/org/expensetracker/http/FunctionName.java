package org.expensetracker.http;

/**
 * The HTTP-facing functions. {@link #module()} is the Maven module that builds the function's zip
 * ({@code functions/<module>/target/<module>.zip}); {@link #handler()} is its Lambda handler class.
 */
public enum FunctionName {
    ENTRIES_API("entries-api", "org.expensetracker.entries.EntriesHandler"),
    DOCUMENTS_API("documents-api", "org.expensetracker.documentsapi.DocumentsHandler"),
    EXPORTS_API("exports-api", "org.expensetracker.exportsapi.ExportsHandler");

    private final String module;
    private final String handler;

    FunctionName(String module, String handler) {
        this.module = module;
        this.handler = handler;
    }

    public String module() {
        return module;
    }

    public String handler() {
        return handler;
    }
}
