package org.expensetracker.infra;

import org.expensetracker.core.config.Queues;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One entry of the {@link Queues} catalogue: the queue its function consumes and the dead-letter
 * queue poison messages end in, with the names, visibility timeout and receive count it defines.
 */
final class WorkQueue extends Construct {
    /** SQS's maximum; the S3 notifications and export jobs are far smaller. */
    static final int MAX_MESSAGE_BYTES = 262_144;
    static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    private final Queues spec;
    private final Queue queue;
    private final Queue deadLetters;

    WorkQueue(Construct scope, Queues spec, EnvironmentSettings settings) {
        super(scope, Names.pascal(spec.logicalName()) + "Queue");
        this.spec = spec;
        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .queueName(settings.prefix() + "-" + spec.deadLetterName())
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .maxMessageSizeBytes(MAX_MESSAGE_BYTES)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
        Nag.suppress(deadLetters, "AwsSolutions-SQS3", "This is the dead-letter queue of " + spec.logicalName() + ".");
        queue = Queue.Builder.create(this, "Queue")
                .queueName(settings.prefix() + "-" + spec.logicalName())
                .visibilityTimeout(Duration.seconds(spec.visibilityTimeout().toSeconds()))
                .maxMessageSizeBytes(MAX_MESSAGE_BYTES)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(spec.maxReceiveCount()).build())
                .build();
    }

    Queues spec() {
        return spec;
    }

    Queue queue() {
        return queue;
    }

    Queue deadLetters() {
        return deadLetters;
    }
}
