package org.expensetracker.accountapi;

import org.expensetracker.core.OwnerId;
import org.expensetracker.core.account.AccountDeletionQueue;
import org.expensetracker.core.config.QueueMessages;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Account deletions as SQS messages: just the owner; the deleter reads the job from the database. */
final class SqsAccountDeletionQueue implements AccountDeletionQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    SqsAccountDeletionQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(OwnerId owner) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(QueueMessages.accountDeletion(owner)));
    }
}
