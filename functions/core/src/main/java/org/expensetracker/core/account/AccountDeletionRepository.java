package org.expensetracker.core.account;

import org.expensetracker.core.OwnerId;

/** The account-deletion jobs (a table on AWS and locally). */
public interface AccountDeletionRepository {
    /**
     * Records that the owner asked for the deletion of their account; asking again changes nothing.
     * From this moment nothing new can be stored for the owner. Returns where the job stands.
     */
    AccountDeletionStatus request(OwnerId owner);
}
