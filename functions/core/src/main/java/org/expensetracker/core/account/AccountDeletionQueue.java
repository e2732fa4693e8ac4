package org.expensetracker.core.account;

import org.expensetracker.core.OwnerId;

/** Hands an account deletion to the account deleter (an SQS queue on AWS). */
@FunctionalInterface
public interface AccountDeletionQueue {
    void enqueue(OwnerId owner);
}
