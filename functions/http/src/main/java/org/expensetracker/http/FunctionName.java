package org.expensetracker.http;

import org.expensetracker.core.config.Functions;

/** The HTTP-facing functions: the ones routes point at. Their settings live in {@link Functions}. */
public enum FunctionName {
    ENTRIES_API(Functions.ENTRIES_API),
    DOCUMENTS_API(Functions.DOCUMENTS_API),
    EXPORTS_API(Functions.EXPORTS_API),
    ACCOUNT_API(Functions.ACCOUNT_API);

    private final Functions function;

    FunctionName(Functions function) {
        this.function = function;
    }

    public Functions function() {
        return function;
    }

    /** The Maven module building the zip: {@code functions/<module>/target/<module>.zip}. */
    public String module() {
        return function.module();
    }

    public String handler() {
        return function.handler();
    }
}
