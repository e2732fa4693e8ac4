package org.expensetracker.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import org.expensetracker.logging.LambdaLogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The edge of a queue-driven function: each message of a batch is handled on its own, logged with
 * its message id as {@code correlation_id}, and a message that throws is reported in
 * {@code batchItemFailures} (the event source has ReportBatchItemFailures on), so SQS redelivers
 * only that one, and after the queue's maximum receives moves it to the dead-letter queue. The
 * other messages of the batch are deleted as done.
 */
public final class SqsBatch {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    /** What a function does with one message; throwing means "not done, deliver it again". */
    @FunctionalInterface
    public interface MessageHandler {
        void handle(SQSEvent.SQSMessage message);
    }

    private SqsBatch() {
    }

    public static SQSBatchResponse process(SQSEvent event, Context context, MessageHandler handler) {
        if (context != null) {
            LambdaLogContext.initialize(context);
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            MDC.put("correlation_id", message.getMessageId());
            try {
                handler.handle(message);
            } catch (RuntimeException e) {
                LOG.error("message {} failed; it will be delivered again", message.getMessageId(), e);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } finally {
                MDC.remove("correlation_id");
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** How many times SQS has delivered this message, counting this delivery. */
    public static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        return count == null ? 1 : Integer.parseInt(count);
    }
}
