package org.expensetracker.local.sqs;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One queue of the local SQS, as the CDK app declares it on AWS.
 *
 * @param name                SQS queue name (standard queues only)
 * @param visibilityTimeout   how long a received message stays invisible (SQS: 0 s – 12 h, whole seconds)
 * @param maxReceiveCount     receives after which the message moves to the dead-letter queue; ignored without one
 * @param deadLetterQueueName queue that takes messages received {@code maxReceiveCount} times; null = none
 * @param messageRetention    how long SQS keeps an unconsumed message (60 s – 14 days, whole seconds); validated
 *                            for parity with the CDK app, but ElasticMQ does not implement retention, so locally
 *                            messages stay until consumed or the process stops
 */
public record QueueDefinition(String name, Duration visibilityTimeout, int maxReceiveCount, String deadLetterQueueName,
                              Duration messageRetention) {

    /** What SQS accepts as a standard queue name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    /** SQS defaults: 30 s visibility, 4 days retention. */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(4);
    /** Dead-letter queues keep messages as long as SQS allows, so nothing is lost while nobody looks. */
    public static final Duration MAX_RETENTION = Duration.ofDays(14);

    public QueueDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        Objects.requireNonNull(messageRetention, "messageRetention");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a standard SQS queue name: " + name);
        }
        if (visibilityTimeout.isNegative() || visibilityTimeout.compareTo(Duration.ofHours(12)) > 0
                || visibilityTimeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("visibilityTimeout must be whole seconds in 0 s – 12 h: " + visibilityTimeout);
        }
        if (messageRetention.compareTo(Duration.ofSeconds(60)) < 0 || messageRetention.compareTo(MAX_RETENTION) > 0
                || messageRetention.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("messageRetention must be whole seconds in 60 s – 14 days: " + messageRetention);
        }
        if (deadLetterQueueName != null) {
            if (deadLetterQueueName.equals(name)) {
                throw new IllegalArgumentException("a queue cannot be its own dead-letter queue: " + name);
            }
            if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
                throw new IllegalArgumentException("maxReceiveCount must be 1–1000 with a dead-letter queue: " + maxReceiveCount);
            }
        }
    }

    /** A queue with the SQS defaults and no dead-letter queue. */
    public static QueueDefinition of(String name) {
        return new QueueDefinition(name, DEFAULT_VISIBILITY_TIMEOUT, 0, null, DEFAULT_RETENTION);
    }

    /** A dead-letter queue: kept 14 days. */
    public static QueueDefinition deadLetterQueue(String name) {
        return new QueueDefinition(name, DEFAULT_VISIBILITY_TIMEOUT, 0, null, MAX_RETENTION);
    }

    public QueueDefinition withVisibilityTimeout(Duration value) {
        return new QueueDefinition(name, value, maxReceiveCount, deadLetterQueueName, messageRetention);
    }

    public QueueDefinition withDeadLetterQueue(String queueName, int receives) {
        return new QueueDefinition(name, visibilityTimeout, receives, queueName, messageRetention);
    }

    public QueueDefinition withMessageRetention(Duration value) {
        return new QueueDefinition(name, visibilityTimeout, maxReceiveCount, deadLetterQueueName, value);
    }

    public boolean hasDeadLetterQueue() {
        return deadLetterQueueName != null;
    }
}
