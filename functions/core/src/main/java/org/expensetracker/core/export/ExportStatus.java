package org.expensetracker.core.export;

/** Lifecycle of an export job. */
public enum ExportStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
}
