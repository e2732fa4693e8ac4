package org.expensetracker.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.expensetracker.local.testing.AwsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The local SQS against an independent client: the AWS CLI with {@code --endpoint-url}. */
class AwsCliSqsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path cliHome;

    @Test
    void givenMessageSentWithTheSdk_whenReceivedWithTheCli_thenBodyMatches() throws Exception {
        AwsCli aws = AwsCli.require(cliHome);
        try (LocalSqs sqs = LocalSqs.start(List.of(QueueDefinition.of("jobs"))); SqsClient client = sqs.client()) {
            client.sendMessage(b -> b.queueUrl(sqs.queueUrl("jobs")).messageBody("{\"exportId\":\"e1\"}"));

            JsonNode received = JSON.readTree(aws.run("sqs", "receive-message", "--queue-url", sqs.queueUrl("jobs"),
                    "--endpoint-url", sqs.url().toString(), "--wait-time-seconds", "1", "--output", "json"));

            assertThat(received.path("Messages")).hasSize(1);
            assertThat(received.path("Messages").get(0).path("Body").asText()).isEqualTo("{\"exportId\":\"e1\"}");
        }
    }

    @Test
    void givenQueueUrlFromTheCli_whenSendingWithTheCli_thenTheSdkReceivesIt() throws Exception {
        AwsCli aws = AwsCli.require(cliHome);
        try (LocalSqs sqs = LocalSqs.start(List.of(QueueDefinition.of("jobs"))); SqsClient client = sqs.client()) {
            String url = JSON.readTree(aws.run("sqs", "get-queue-url", "--queue-name", "jobs",
                    "--endpoint-url", sqs.url().toString(), "--output", "json")).path("QueueUrl").asText();
            aws.run("sqs", "send-message", "--queue-url", url, "--message-body", "from the cli",
                    "--endpoint-url", sqs.url().toString(), "--output", "json");

            List<Message> received = client.receiveMessage(b -> b.queueUrl(sqs.queueUrl("jobs")).waitTimeSeconds(1)).messages();

            assertThat(url).isEqualTo(sqs.queueUrl("jobs"));
            assertThat(received).extracting(Message::body).containsExactly("from the cli");
        }
    }
}
