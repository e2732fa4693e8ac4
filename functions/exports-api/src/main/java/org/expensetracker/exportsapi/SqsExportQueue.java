package org.expensetracker.exportsapi;

import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.config.QueueMessages;
import org.expensetracker.core.export.ExportQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Export jobs as SQS messages: just the job's address; the worker reads the rest from the database. */
final class SqsExportQueue implements ExportQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    SqsExportQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(OwnerId owner, UUID exportId) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(QueueMessages.exportJob(owner, exportId)));
    }
}
