package org.expensetracker.core.account;

/** Where an account deletion stands: waiting for the worker, under way, or finished. */
public enum AccountDeletionStatus {
    QUEUED,
    DELETING,
    DONE
}
