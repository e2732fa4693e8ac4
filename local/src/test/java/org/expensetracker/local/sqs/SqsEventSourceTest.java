package org.expensetracker.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The in-process event source mapping against ElasticMQ, with the semantics of ReportBatchItemFailures. */
class SqsEventSourceTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);

    static LocalSqs sqs;
    static SqsClient client;
    private final List<SqsEventSource> sources = new ArrayList<>();

    @BeforeAll
    static void start() {
        // One queue per test, so a test's leftovers cannot reach another; 1 s visibility keeps redeliveries quick.
        List<QueueDefinition> queues = new ArrayList<>();
        for (String name : List.of("batch", "poison", "throws", "bogus", "closing")) {
            queues.add(QueueDefinition.of(name).withVisibilityTimeout(Duration.ofSeconds(1))
                    .withDeadLetterQueue(name + "-dlq", 2));
        }
        sqs = LocalSqs.start(queues);
        client = sqs.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        sqs.close();
    }

    @AfterEach
    void closeSources() {
        sources.forEach(SqsEventSource::close);
    }

    @Test
    void givenMessages_whenHandlerSucceeds_thenDeliveredAsLambdaRecordsAndDeleted() throws Exception {
        send("batch", IntStream.rangeClosed(1, 5).mapToObj(i -> "m" + i).toList());
        Recorder handler = new Recorder(event -> null);

        SqsEventSource source = start("batch", handler);

        assertThat(source.awaitIdle(IDLE_TIMEOUT)).isTrue();
        assertThat(handler.bodies()).containsExactlyInAnyOrder("m1", "m2", "m3", "m4", "m5");
        assertThat(handler.events).anySatisfy(event -> assertThat(event.getRecords()).hasSizeGreaterThan(1));
        SQSEvent.SQSMessage record = handler.events.get(0).getRecords().get(0);
        assertThat(record.getEventSource()).isEqualTo("aws:sqs");
        assertThat(record.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:batch");
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getMessageId()).isNotBlank();
        assertThat(record.getReceiptHandle()).isNotBlank();
        assertThat(record.getMd5OfBody()).isEqualTo(md5Hex(record.getBody()));
        assertThat(record.getAttributes()).containsKeys("ApproximateReceiveCount", "SentTimestamp", "SenderId",
                "ApproximateFirstReceiveTimestamp").containsEntry("ApproximateReceiveCount", "1");
        SQSEvent.MessageAttribute attribute = record.getMessageAttributes().get("origin");
        assertThat(attribute.getDataType()).isEqualTo("String");
        assertThat(attribute.getStringValue()).isEqualTo("test");
        assertThat(attribute.getStringListValues()).isEmpty();
        assertThat(record.getMd5OfMessageAttributes()).isNotBlank();
        assertThat(handler.contexts).allSatisfy(context -> {
            assertThat(context.getFunctionName()).isEqualTo("indexer");
            assertThat(context.getAwsRequestId()).isNotBlank();
        });
        assertThat(receiveAll("batch")).isEmpty();
    }

    @Test
    void givenPoisonMessageInABatch_whenReportedAsFailed_thenOthersAreDoneAndItEndsInTheDeadLetterQueue() throws Exception {
        send("poison", List.of("ok-1", "poison", "ok-2"));
        Recorder handler = new Recorder(event -> new SQSBatchResponse(event.getRecords().stream()
                .filter(r -> r.getBody().equals("poison"))
                .map(r -> new SQSBatchResponse.BatchItemFailure(r.getMessageId())).toList()));

        SqsEventSource source = start("poison", handler);

        assertThat(source.awaitIdle(IDLE_TIMEOUT)).isTrue();
        assertThat(handler.events.get(0).getRecords()).extracting(SQSEvent.SQSMessage::getBody)
                .containsExactlyInAnyOrder("ok-1", "poison", "ok-2");
        assertThat(handler.bodies()).filteredOn(b -> b.startsWith("ok")).containsExactlyInAnyOrder("ok-1", "ok-2");
        assertThat(handler.receiveCounts("poison")).containsExactly("1", "2");
        assertThat(receiveAll("poison-dlq")).extracting(Message::body).containsExactly("poison");
    }

    @Test
    void givenHandlerThatThrows_whenInvoked_thenTheWholeBatchComesBack() throws Exception {
        send("throws", List.of("a", "b"));
        AtomicInteger calls = new AtomicInteger();
        Recorder handler = new Recorder(event -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database resuming");
            }
            return new SQSBatchResponse(List.of());
        });

        SqsEventSource source = start("throws", handler);

        assertThat(source.awaitIdle(IDLE_TIMEOUT)).isTrue();
        assertThat(handler.receiveCounts("a")).containsExactly("1", "2");
        assertThat(handler.receiveCounts("b")).containsExactly("1", "2");
        assertThat(receiveAll("throws-dlq")).isEmpty();
        assertThat(receiveAll("throws")).isEmpty();
    }

    @Test
    void givenItemIdentifierNotInTheBatch_whenReturned_thenTheWholeBatchFailsAsOnLambda() throws Exception {
        send("bogus", List.of("x"));
        Recorder handler = new Recorder(event -> new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(""))));

        SqsEventSource source = start("bogus", handler);

        assertThat(source.awaitIdle(IDLE_TIMEOUT)).isTrue();
        assertThat(handler.receiveCounts("x")).containsExactly("1", "2");
        assertThat(receiveAll("bogus-dlq")).extracting(Message::body).containsExactly("x");
    }

    @Test
    void givenRunningSource_whenClosed_thenStopsWithinTwoSeconds() throws Exception {
        SqsEventSource source = start("closing", new Recorder(event -> null));
        Thread.sleep(200); // inside a long poll

        long started = System.nanoTime();
        source.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(2));
        send("closing", List.of("after close"));
        Thread.sleep(300);
        assertThat(source.invocations()).isZero();
        assertThat(receiveAll("closing")).extracting(Message::body).containsExactly("after close");
    }

    private SqsEventSource start(String queue, Recorder handler) {
        SqsEventSource source = new SqsEventSource(client, sqs.queueUrl(queue), handler, "indexer").start();
        sources.add(source);
        return source;
    }

    private static void send(String queue, List<String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (String body : bodies) {
            entries.add(SendMessageBatchRequestEntry.builder().id(UUID.randomUUID().toString()).messageBody(body)
                    .messageAttributes(Map.of("origin", MessageAttributeValue.builder().dataType("String")
                            .stringValue("test").build())).build());
        }
        assertThat(client.sendMessageBatch(b -> b.queueUrl(sqs.queueUrl(queue)).entries(entries)).failed()).isEmpty();
    }

    /** What is left on a queue (short polls: ElasticMQ answers every visible message), consumed. */
    private static List<Message> receiveAll(String queue) {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = client.receiveMessage(b -> b.queueUrl(sqs.queueUrl(queue)).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            all.addAll(batch);
            batch.forEach(m -> client.deleteMessage(b -> b.queueUrl(sqs.queueUrl(queue)).receiptHandle(m.receiptHandle())));
        } while (!batch.isEmpty());
        return all;
    }

    private static String md5Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A handler that remembers every event and context it was given. */
    static final class Recorder implements RequestHandler<SQSEvent, SQSBatchResponse> {
        final List<SQSEvent> events = Collections.synchronizedList(new ArrayList<>());
        final List<Context> contexts = Collections.synchronizedList(new ArrayList<>());
        private final Function<SQSEvent, SQSBatchResponse> behaviour;

        Recorder(Function<SQSEvent, SQSBatchResponse> behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            events.add(event);
            contexts.add(context);
            return behaviour.apply(event);
        }

        List<String> bodies() {
            return events.stream().flatMap(e -> e.getRecords().stream()).map(SQSEvent.SQSMessage::getBody).toList();
        }

        /** ApproximateReceiveCount of each delivery of the message with this body, in order. */
        List<String> receiveCounts(String body) {
            return events.stream().flatMap(e -> e.getRecords().stream()).filter(r -> r.getBody().equals(body))
                    .map(r -> r.getAttributes().get("ApproximateReceiveCount")).toList();
        }
    }
}
