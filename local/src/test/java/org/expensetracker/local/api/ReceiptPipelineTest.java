package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.config.Queues;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.local.LocalStack;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The queue-driven and scheduled parts of receipts: dead-lettering and the clean-up. */
class ReceiptPipelineTest {
    private static final LocalStack STACK = TestStack.get();
    private static final DataApiSql SQL = DataApiClients.sql(DataApiClients.client(), STACK.functionEnvironment()::get);
    private final ApiClient api = ApiClient.newUser();

    @Test
    void givenAPoisonMessageBesideAGoodOne_whenConsumed_thenTheGoodOneIsIndexedAndThePoisonEndsInTheDlq() throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        JsonNode document = ReceiptsApiTest.upload(api, entryId, "ok.pdf", "application/pdf", Receipts.pdf("fine"), true);
        String key = "uploads/" + ReceiptsApiTest.sub(api) + "/" + document.path("id").asText();
        String marker = "poison-" + System.nanoTime();

        // One batch: a message no handler can read, and a (repeated) good notification.
        STACK.sqs().client().sendMessageBatch(b -> b.queueUrl(queueUrl(Queues.RECEIPTS.logicalName())).entries(
                SendMessageBatchRequestEntry.builder().id("poison").messageBody("{\"" + marker + "\": [").build(),
                SendMessageBatchRequestEntry.builder().id("good").messageBody("{}").build()));
        S3Probe.redeliverCreatedEvent(STACK, key);

        assertThat(ReceiptsApiTest.awaitIndexed(api, document.path("id").asText()).path("status").asText())
                .isEqualTo("AVAILABLE");
        Message deadLetter = awaitDeadLetter(marker, Duration.ofSeconds(40));
        assertThat(deadLetter.body()).contains(marker);
        assertThat(Integer.parseInt(deadLetter.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "1")))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void givenAnObjectNoDocumentAnnounced_whenItArrives_thenTheIndexerDeletesIt() throws Exception {
        String key = "uploads/" + ReceiptsApiTest.sub(api) + "/" + java.util.UUID.randomUUID();
        try (var s3 = S3Probe.s3(STACK)) {
            s3.putObject(b -> b.bucket(STACK.receiptsBucket()).key(key).contentType("application/pdf"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(Receipts.pdf("smuggled")));
        }
        // (No check that it exists first: the event may already be handled when putObject returns.)

        assertThat(STACK.awaitQueuesIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(S3Probe.exists(STACK, key)).isFalse();
    }

    @Test
    void givenAReceiptDeletedBeforeItsEventIsHandled_whenTheEventArrives_thenNothingBreaks() throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        JsonNode document = ReceiptsApiTest.upload(api, entryId, "gone.pdf", "application/pdf", Receipts.pdf("gone"), true);
        assertThat(api.delete("/documents/" + document.path("id").asText()).status()).isEqualTo(204);

        assertThat(STACK.awaitQueuesIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(api.get("/documents/" + document.path("id").asText()).status()).isEqualTo(404);
        assertThat(api.get("/entries/" + entryId).body().path("documentCount").asInt()).isZero();
    }

    @Test
    void givenAnUploadNeverMadeFor25Hours_whenMaintenanceRuns_thenTheDocumentExpiresAndRecentOnesStay() {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        String stale = announce(entryId, "stale.pdf");
        String fresh = announce(entryId, "fresh.pdf");
        SQL.execute(SqlStatement.of("UPDATE documents SET created_at = now() - interval '25 hours' WHERE id = :id")
                .bind("id", java.util.UUID.fromString(stale)));

        STACK.runMaintenance();

        assertThat(api.get("/documents/" + stale).status()).isEqualTo(404);
        assertThat(api.get("/documents/" + fresh).body().path("status").asText()).isEqualTo("PENDING");
        assertThat(api.get("/entries/" + entryId).body().path("documentCount").asInt()).isEqualTo(1);
    }

    @Test
    void givenTrashOlderThanTheRetention_whenMaintenanceRuns_thenTheEntryAndItsReceiptsAreGoneForGood() throws Exception {
        String old = api.create("2026-10-01", "DEBIT", "10.00", "Food", "Old lunch").path("id").asText();
        String recent = api.create("2026-11-20", "DEBIT", "12.00", "Food", "Recent lunch").path("id").asText();
        JsonNode receipt = ReceiptsApiTest.upload(api, old, "old.pdf", "application/pdf", Receipts.pdf("old bill"), true);
        ReceiptsApiTest.awaitIndexed(api, receipt.path("id").asText());
        String accepted = "receipts/" + ReceiptsApiTest.sub(api) + "/" + receipt.path("id").asText() + ".";
        assertThat(S3Probe.keysUnder(STACK, accepted)).as("the accepted copy and its preview").hasSize(2)
                .anyMatch(key -> key.endsWith(".preview.jpg"));
        api.delete("/entries/" + old);
        api.delete("/entries/" + recent);
        SQL.execute(SqlStatement.of("UPDATE entries SET deleted_at = now() - interval '31 days' WHERE id = :id")
                .bind("id", java.util.UUID.fromString(old)));

        Map<String, Object> removed = STACK.runMaintenance();

        assertThat((Long) removed.get("purgedEntries")).isGreaterThanOrEqualTo(1);
        assertThat(api.get("/trash").body().path("items").findValuesAsText("id")).containsExactly(recent);
        assertThat(api.post("/entries/" + old + "/restore", null).status()).isEqualTo(404);
        assertThat(S3Probe.keysUnder(STACK, accepted)).isEmpty();
        assertThat(SQL.execute(SqlStatement.of("SELECT count(*) AS n FROM documents WHERE entry_id = :id")
                .bind("id", java.util.UUID.fromString(old))).first().orElseThrow().longValue("n")).isZero();
    }

    private String announce(String entryId, String name) {
        return api.post("/entries/" + entryId + "/documents",
                Map.of("fileName", name, "contentType", "application/pdf", "sizeBytes", 100))
                .body().path("document").path("id").asText();
    }

    private static String queueUrl(String name) {
        return STACK.sqs().queueUrl(name);
    }

    private static Message awaitDeadLetter(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = STACK.sqs().client().receiveMessage(b -> b
                    .queueUrl(queueUrl(Queues.RECEIPTS.deadLetterName())).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNamesWithStrings("All")).messages();
            for (Message message : messages) {
                if (message.body().contains(marker)) {
                    return message;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the poison message did not reach the dead-letter queue");
    }
}
