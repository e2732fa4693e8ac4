package org.expensetracker.core.account;

import org.expensetracker.core.OwnerId;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;

/**
 * "Delete my account": the request is recorded first (which stops anything new being stored for
 * the owner), then queued. A repeated request — a phone retrying on a bad network — queues the job
 * again, which is harmless: the deleter is idempotent, and a second message finds the work done.
 */
public final class AccountService {
    private final AccountDeletionRepository deletions;
    private final AccountDeletionQueue queue;

    public AccountService(AccountDeletionRepository deletions, AccountDeletionQueue queue) {
        this.deletions = deletions;
        this.queue = queue;
    }

    /** Starts (or confirms) the deletion of the owner's account; returns the job's status. */
    public AccountDeletionStatus requestDeletion(OwnerId owner) {
        AccountDeletionStatus status = deletions.request(owner);
        if (status == AccountDeletionStatus.DONE) {
            // The identity is gone too; only a still-valid access token can get here.
            throw new DomainException(ErrorCode.UNAUTHORIZED, "This account has been deleted.");
        }
        queue.enqueue(owner);
        return status;
    }
}
