package org.expensetracker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class SqsBatchTest {

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }

    private static SQSEvent batch(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    @Test
    void givenAPoisonMessageBetweenGoodOnes_whenProcessed_thenOnlyItIsReportedAndTheOthersAreHandled() {
        List<String> handled = new ArrayList<>();
        List<String> correlation = new ArrayList<>();

        SQSBatchResponse response = SqsBatch.process(batch(message("m1", "ok"), message("m2", "poison"), message("m3", "ok")),
                null, message -> {
                    correlation.add(MDC.get("correlation_id"));
                    if (message.getBody().equals("poison")) {
                        throw new IllegalArgumentException("cannot read it");
                    }
                    handled.add(message.getMessageId());
                });

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m2");
        assertThat(handled).containsExactly("m1", "m3");
        assertThat(correlation).containsExactly("m1", "m2", "m3");
        assertThat(MDC.get("correlation_id")).isNull();
    }

    @Test
    void givenAnEmptyBatch_whenProcessed_thenNothingFails() {
        assertThat(SqsBatch.process(batch(), null, message -> { }).getBatchItemFailures()).isEmpty();
    }

    @Test
    void givenTheReceiveCountAttribute_whenRead_thenItIsTheDelivery_andAbsentMeansTheFirst() {
        SQSEvent.SQSMessage third = message("m", "x");
        third.setAttributes(Map.of("ApproximateReceiveCount", "3"));

        assertThat(SqsBatch.receiveCount(third)).isEqualTo(3);
        assertThat(SqsBatch.receiveCount(message("m", "x"))).isEqualTo(1);
    }
}
