package org.expensetracker.local.sqs;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link SqsEventSource} polls and invokes, like the settings of a Lambda SQS event source mapping
 * (with ReportBatchItemFailures) and of the function it invokes.
 *
 * @param functionName    name in the Lambda context and the logs
 * @param batchSize       messages per invocation at most (Lambda: 1–10 without a batching window)
 * @param pollWait        long-poll wait per ReceiveMessage, whole seconds 1–20: how long {@link SqsEventSource#close()}
 *                        may wait for a poll in progress
 * @param functionTimeout what {@code Context.getRemainingTimeInMillis()} counts down from
 * @param memoryMb        what {@code Context.getMemoryLimitInMB()} reports
 */
public record SqsEventSourceOptions(String functionName, int batchSize, Duration pollWait, Duration functionTimeout,
                                    int memoryMb) {

    public SqsEventSourceOptions {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(pollWait, "pollWait");
        Objects.requireNonNull(functionTimeout, "functionTimeout");
        if (batchSize < 1 || batchSize > 10) {
            throw new IllegalArgumentException("batchSize must be 1–10: " + batchSize);
        }
        if (pollWait.toSeconds() < 1 || pollWait.toSeconds() > 20 || pollWait.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("pollWait must be whole seconds 1–20: " + pollWait);
        }
        if (functionTimeout.isNegative() || functionTimeout.isZero() || functionTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("functionTimeout must be positive: " + functionTimeout);
        }
        if (memoryMb < 128) {
            throw new IllegalArgumentException("memoryMb must be at least 128: " + memoryMb);
        }
    }

    /** Batches of 10, 1 s long polls (stops fast), a 60 s function timeout and 512 MB. */
    public static SqsEventSourceOptions of(String functionName) {
        return new SqsEventSourceOptions(functionName, 10, Duration.ofSeconds(1), Duration.ofSeconds(60), 512);
    }

    public SqsEventSourceOptions withBatchSize(int value) {
        return new SqsEventSourceOptions(functionName, value, pollWait, functionTimeout, memoryMb);
    }

    public SqsEventSourceOptions withPollWait(Duration value) {
        return new SqsEventSourceOptions(functionName, batchSize, value, functionTimeout, memoryMb);
    }

    public SqsEventSourceOptions withFunctionTimeout(Duration value) {
        return new SqsEventSourceOptions(functionName, batchSize, pollWait, value, memoryMb);
    }

    public SqsEventSourceOptions withMemoryMb(int value) {
        return new SqsEventSourceOptions(functionName, batchSize, pollWait, functionTimeout, value);
    }
}
