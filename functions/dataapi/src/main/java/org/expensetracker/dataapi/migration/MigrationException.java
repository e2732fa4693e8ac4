package org.expensetracker.dataapi.migration;

/** The schema cannot be brought up to date safely; deployment must stop. */
public final class MigrationException extends RuntimeException {
    public MigrationException(String message) {
        super(message);
    }
}
