package org.expensetracker.core.config;

import java.time.Duration;

/**
 * The application's SQS queues, each feeding one function, as both the CDK app and the local
 * stack create them: a dead-letter queue per queue, and a visibility timeout of six times the
 * function's timeout (AWS's advice, so a message is not redelivered while a slow batch still runs).
 */
public enum Queues {
    /** S3 ObjectCreated notifications for receipts → receipt-indexer. */
    RECEIPTS("receipts", Duration.ofSeconds(60), 3),
    /** Export jobs → export-worker; its long timeout lets 100k-row ZIPs finish in one run. */
    EXPORTS("exports", Duration.ofMinutes(15), 3),
    /** Account deletions → account-deleter; one run removes a large account's objects and rows. */
    ACCOUNT_DELETIONS("account-deletions", Duration.ofMinutes(15), 3);

    private final String logicalName;
    private final Duration functionTimeout;
    private final int maxReceiveCount;

    Queues(String logicalName, Duration functionTimeout, int maxReceiveCount) {
        this.logicalName = logicalName;
        this.functionTimeout = functionTimeout;
        this.maxReceiveCount = maxReceiveCount;
    }

    public String logicalName() {
        return logicalName;
    }

    public String deadLetterName() {
        return logicalName + "-dlq";
    }

    /** The timeout of the function that consumes the queue. */
    public Duration functionTimeout() {
        return functionTimeout;
    }

    public Duration visibilityTimeout() {
        return functionTimeout.multipliedBy(6);
    }

    /** Receives before a message moves to the dead-letter queue. */
    public int maxReceiveCount() {
        return maxReceiveCount;
    }
}
