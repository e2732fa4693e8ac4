package org.expensetracker.local.sqs;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.expensetracker.local.gateway.LocalLambdaContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The in-process equivalent of a Lambda SQS event source mapping with {@code ReportBatchItemFailures}: a
 * daemon thread long-polls the queue, hands each batch to the handler as an {@link SQSEvent} shaped like the
 * one Lambda sends, then deletes the messages the handler did not report in {@code batchItemFailures}.
 *
 * <p>As on AWS: a reported message stays in the queue and comes back after its visibility timeout (and
 * goes to the dead-letter queue once the queue's maxReceiveCount is reached); a handler that throws, or
 * reports an item identifier that is not a message of the batch, fails the whole batch, so nothing of it
 * is deleted; a null response or an empty list is complete success. Unlike AWS there is one poller, so
 * batches are processed one at a time. Errors are logged and never stop the poller.
 */
public final class SqsEventSource implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SqsEventSource.class.getName());
    private static final String REGION = "us-east-1";
    private static final Duration RETRY_AFTER_ERROR = Duration.ofMillis(500);

    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final SqsEventSourceOptions options;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean invoking = new AtomicBoolean();
    private final AtomicLong invocations = new AtomicLong();
    private volatile String queueArn;
    private Thread poller;

    public SqsEventSource(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                          SqsEventSourceOptions options) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Batches of 10, see {@link SqsEventSourceOptions#of(String)}. */
    public SqsEventSource(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                          String functionName) {
        this(sqs, queueUrl, handler, SqsEventSourceOptions.of(functionName));
    }

    /** Looks up the queue's ARN (the records' eventSourceARN) and starts polling. */
    public synchronized SqsEventSource start() {
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        running.set(true);
        poller = new Thread(this::pollUntilClosed, "sqs-event-source-" + options.functionName());
        poller.setDaemon(true);
        poller.start();
        return this;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String queueArn() {
        return queueArn;
    }

    /** Handler invocations so far, failed ones included. */
    public long invocations() {
        return invocations.get();
    }

    /**
     * Waits until the queue is drained: no message waiting, delayed or in flight (a message a handler
     * reported as failed is in flight until its visibility timeout ends, then waits again), and no
     * invocation running. Returns false if that did not happen within {@code timeout}.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!invoking.get() && queueIsEmpty() && !invoking.get()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(50);
        }
    }

    private boolean queueIsEmpty() {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return counts.values().stream().allMatch("0"::equals);
    }

    private void pollUntilClosed() {
        while (running.get()) {
            try {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(options.batchSize())
                        .waitTimeSeconds((int) options.pollWait().toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
                if (!batch.isEmpty()) {
                    invoking.set(true);
                    try {
                        invokeAndDelete(batch);
                    } finally {
                        invoking.set(false);
                    }
                }
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return; // interrupted or the server went away while closing
                }
                LOG.log(Level.WARNING, "polling " + queueUrl + " for " + options.functionName() + " failed; retrying", e);
                pause(RETRY_AFTER_ERROR);
            }
        }
    }

    private void invokeAndDelete(List<Message> batch) {
        SQSEvent event = event(batch);
        String requestId = UUID.randomUUID().toString();
        SQSBatchResponse response;
        invocations.incrementAndGet();
        try {
            response = handler.handleRequest(event, new LocalLambdaContext(requestId, options.functionName(),
                    (int) options.functionTimeout().toMillis(), options.memoryMb()));
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, options.functionName() + " (request " + requestId + ") failed; its batch of "
                    + batch.size() + " comes back after the visibility timeout", e);
            return;
        }
        Set<String> failed = failedMessageIds(response, batch, requestId);
        if (failed == null) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Message message = batch.get(i);
            if (!failed.contains(message.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(message.receiptHandle()).build());
            }
        }
        if (!deletes.isEmpty()) {
            DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
            deleted.failed().forEach(failure -> LOG.log(Level.WARNING, "could not delete a processed message from "
                    + queueUrl + ": " + failure.code() + " " + failure.message()));
        }
        if (!failed.isEmpty()) {
            LOG.log(Level.INFO, "{0} (request {1}) reported {2} of {3} messages as failed", options.functionName(),
                    requestId, failed.size(), batch.size());
        }
    }

    /**
     * The message ids to keep, or null when the response fails the whole batch: Lambda treats an item
     * identifier that is null, blank or not a message of the batch that way.
     */
    private Set<String> failedMessageIds(SQSBatchResponse response, List<Message> batch, String requestId) {
        Set<String> failed = new LinkedHashSet<>();
        if (response == null || response.getBatchItemFailures() == null) {
            return failed;
        }
        Set<String> inBatch = batch.stream().map(Message::messageId).collect(Collectors.toSet());
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isBlank() || !inBatch.contains(id)) {
                LOG.log(Level.WARNING, "{0} (request {1}) reported item identifier \"{2}\", which is not in its batch;"
                        + " the whole batch fails", options.functionName(), requestId, id);
                return null;
            }
            failed.add(id);
        }
        return failed;
    }

    /** The records as Lambda builds them from ReceiveMessage. */
    private SQSEvent event(List<Message> batch) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(batch.size());
        for (Message message : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
            Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
            message.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
            record.setMessageAttributes(attributes);
            record.setMd5OfBody(message.md5OfBody());
            record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(REGION);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        attribute.setBinaryValue(value.binaryValue() == null ? null : value.binaryValue().asByteBuffer());
        // Lambda always sends both lists, empty when unused.
        attribute.setStringListValues(new ArrayList<>(value.stringListValues()));
        List<ByteBuffer> binaries = new ArrayList<>();
        for (SdkBytes bytes : value.binaryListValues()) {
            binaries.add(bytes.asByteBuffer());
        }
        attribute.setBinaryListValues(binaries);
        return attribute;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops polling. A poll in progress ends within {@link SqsEventSourceOptions#pollWait()}; a running
     * invocation is given as long, then interrupted.
     */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            running.set(false);
            thread = poller;
        }
        if (thread == null) {
            return;
        }
        try {
            thread.join(options.pollWait().toMillis() + 500);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
