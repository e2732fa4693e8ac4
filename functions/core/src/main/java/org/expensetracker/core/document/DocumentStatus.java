package org.expensetracker.core.document;

/**
 * PENDING: an upload URL was issued. AVAILABLE: the object arrived and passed the checks, its
 * text is searchable. REJECTED: the object failed a check (type, size, …) and was removed.
 */
public enum DocumentStatus {
    PENDING,
    AVAILABLE,
    REJECTED
}
