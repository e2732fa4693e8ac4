package org.expensetracker.core.rates;

/** A rates file that is not the ECB's format, or holds a value that cannot be a rate: nothing of it is stored. */
public final class RatesFileException extends Exception {
    public RatesFileException(String message) {
        super(message);
    }

    public RatesFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
