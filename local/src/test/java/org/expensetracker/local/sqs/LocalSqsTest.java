package org.expensetracker.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** ElasticMQ through the real SDK (JSON protocol) and raw requests in both SQS protocols. */
class LocalSqsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static LocalSqs sqs;
    static SqsClient client;

    @BeforeAll
    static void start() {
        sqs = LocalSqs.start(List.of(
                QueueDefinition.of("receipts").withVisibilityTimeout(Duration.ofSeconds(1)).withDeadLetterQueue("receipts-dlq", 2),
                QueueDefinition.of("exports")));
        client = sqs.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        sqs.close();
    }

    @Test
    void givenDefinitions_whenStarted_thenQueuesHaveLoopbackUrlsAndSqsArns() {
        String url = client.getQueueUrl(b -> b.queueName("receipts")).queueUrl();
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes();

        assertThat(url).isEqualTo("http://127.0.0.1:" + sqs.port() + "/000000000000/receipts").isEqualTo(sqs.queueUrl("receipts"));
        assertThat(client.listQueues().queueUrls()).containsExactlyInAnyOrder(
                sqs.queueUrl("receipts"), sqs.queueUrl("receipts-dlq"), sqs.queueUrl("exports"));
        assertThat(attributes.get(QueueAttributeName.QUEUE_ARN))
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:receipts").isEqualTo(sqs.queueArn("receipts"));
        assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "1");
        assertThat(redrivePolicy(attributes.get(QueueAttributeName.REDRIVE_POLICY)))
                .isEqualTo(Map.of("deadLetterTargetArn", "arn:aws:sqs:us-east-1:000000000000:receipts-dlq", "maxReceiveCount", 2));
    }

    @Test
    void givenDeadLetterQueueOnlyNamed_whenStarted_thenItIsCreatedAsAPlainQueue() {
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(b -> b.queueUrl(sqs.queueUrl("receipts-dlq"))
                .attributeNames(QueueAttributeName.ALL)).attributes();

        assertThat(sqs.queues()).extracting(QueueDefinition::name).containsExactly("receipts", "exports", "receipts-dlq");
        assertThat(attributes).containsEntry(QueueAttributeName.QUEUE_ARN, sqs.queueArn("receipts-dlq"))
                .doesNotContainKey(QueueAttributeName.REDRIVE_POLICY);
    }

    @Test
    void givenMessageNeverDeleted_whenReceivedMaxReceiveCountTimes_thenItMovesToTheDeadLetterQueue() throws Exception {
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl("receipts")).messageBody("poison"));

        List<String> receiveCounts = new java.util.ArrayList<>();
        List<Message> dead = List.of();
        // The move to the DLQ happens on the receive after the last allowed one, once the visibility
        // timeout has run out: keep receiving until the DLQ has it, not just until one receive is empty.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dead.isEmpty() && System.nanoTime() < deadline) {
            List<Message> received = client.receiveMessage(b -> b.queueUrl(sqs.queueUrl("receipts")).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            received.forEach(m -> receiveCounts.add(m.attributesAsStrings().get("ApproximateReceiveCount")));
            if (received.isEmpty() && receiveCounts.size() >= 2) {
                dead = client.receiveMessage(b -> b.queueUrl(sqs.queueUrl("receipts-dlq")).waitTimeSeconds(1)).messages();
            }
        }

        assertThat(receiveCounts).containsExactly("1", "2");
        assertThat(dead).extracting(Message::body).containsExactly("poison");
        String handle = dead.get(0).receiptHandle();
        client.deleteMessage(b -> b.queueUrl(sqs.queueUrl("receipts-dlq")).receiptHandle(handle));
    }

    @Test
    void givenJsonProtocolRequest_whenSent_thenJsonAnswer() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(sqs.url())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AmazonSQS.GetQueueUrl")
                .POST(HttpRequest.BodyPublishers.ofString("{\"QueueName\":\"exports\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("QueueUrl").asText()).isEqualTo(sqs.queueUrl("exports"));
    }

    @Test
    void givenQueryProtocolRequest_whenSent_thenXmlAnswer() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(sqs.url())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetQueueUrl&QueueName=exports&Version=2012-11-05")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<QueueUrl>" + sqs.queueUrl("exports") + "</QueueUrl>");
    }

    @Test
    void givenUnknownQueue_whenAskedForItsUrl_thenQueueDoesNotExist() {
        assertThatThrownBy(() -> client.getQueueUrl(b -> b.queueName("nope"))).isInstanceOf(QueueDoesNotExistException.class);
        assertThatThrownBy(() -> sqs.queueUrl("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenInvalidDefinitions_whenCreated_thenRefused() {
        assertThatThrownBy(() -> QueueDefinition.of("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueueDefinition.of("q").withDeadLetterQueue("q", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueueDefinition.of("q").withDeadLetterQueue("dlq", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueueDefinition.of("q").withVisibilityTimeout(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalSqs.start(List.of(QueueDefinition.of("a").withDeadLetterQueue("b", 1),
                QueueDefinition.of("b").withDeadLetterQueue("a", 1)))).hasMessageContaining("could not start")
                .hasRootCauseMessage("dead-letter queues form a cycle through a");
    }

    private static Map<String, Object> redrivePolicy(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            // SQS writes maxReceiveCount as a number when read back.
            return Map.of("deadLetterTargetArn", node.path("deadLetterTargetArn").asText(),
                    "maxReceiveCount", node.path("maxReceiveCount").asInt());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
