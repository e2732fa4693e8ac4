package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.local.LocalStack;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scheduled recovery (the maintenance function on AWS) finishes accepted work whose message
 * was lost or dead-lettered: a QUEUED export nobody will ever receive, a receipt whose bytes
 * arrived but whose event did not. It gives up after a bounded number of re-drives, with a reason,
 * and the clean-up never deletes an upload that was never checked.
 */
class RecoverySweepTest {
    private static final LocalStack STACK = TestStack.get();
    private static final DataApiSql SQL = DataApiClients.sql(DataApiClients.client(), STACK.functionEnvironment()::get);
    private final ApiClient api = ApiClient.newUser();
    private final String sub = ReceiptsApiTest.sub(api);

    @Test
    void givenAnExportWhoseMessageWasLost_whenMaintenanceRuns_thenItIsRunAndSucceeds() throws Exception {
        api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lost export");
        UUID exportId = UUID.randomUUID();
        SQL.execute(SqlStatement.of("""
                INSERT INTO exports (owner_id, id, format, layout, request_fingerprint, object_key, created_at)
                VALUES (:owner, :id, 'CSV', 'DEBIT_CREDIT', 'lost', :key, now() - interval '1 hour')""")
                .bind("owner", sub).bind("id", exportId).bind("key", "exports/" + sub + "/" + exportId + ".csv"));

        // this run or the stack's own timer, whichever comes first: the outcome is what counts
        STACK.runMaintenance();

        JsonNode job = ExportsApiTest.awaitDone(api, exportId.toString());
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.path("rowCount").asLong()).isEqualTo(1);
    }

    @Test
    void givenARunningExportWhoseLeaseLapsedAndRedrivesAreSpent_whenMaintenanceRuns_thenItFailsWithAReason() {
        UUID exportId = UUID.randomUUID();
        SQL.execute(SqlStatement.of("""
                INSERT INTO exports (owner_id, id, status, format, layout, request_fingerprint, object_key, attempts,
                                     redrives, lease_until, created_at)
                VALUES (:owner, :id, 'RUNNING', 'CSV', 'DEBIT_CREDIT', 'spent', :key, 6, 5, now() - interval '1 minute',
                        now() - interval '3 hours')""")
                .bind("owner", sub).bind("id", exportId).bind("key", "exports/" + sub + "/" + exportId + ".csv"));

        STACK.runMaintenance();

        JsonNode job = api.get("/exports/" + exportId).body();
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("error").asText()).contains("please start it again");
    }

    @Test
    void givenAnUploadWhoseEventWasLost_whenMaintenanceRuns_thenItIsCheckedAndAvailable() throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Lost event").path("id").asText();
        byte[] pdf = Receipts.pdf("Receipt whose event was lost " + UUID.randomUUID());
        // A receipt stored under its pre-quarantine key: no notification fires for it, as if the event was lost.
        UUID documentId = pendingDocument(entryId, "receipts/" + sub + "/", pdf, 0, "10 minutes");

        // this run or the stack's own timer, whichever comes first: the outcome is what counts
        STACK.runMaintenance();

        JsonNode document = ReceiptsApiTest.awaitIndexed(api, documentId.toString());
        assertThat(document.path("status").asText()).isEqualTo("AVAILABLE");
        String acceptedKey = "receipts/" + sub + "/" + documentId + "." + sha256Hex(pdf);
        assertThat(S3Probe.keysUnder(STACK, "receipts/" + sub + "/" + documentId))
                .containsExactlyInAnyOrder(acceptedKey, acceptedKey + ".preview.jpg");
        assertThat(api.get("/entries?q=whose%20event%20was%20lost").body().path("items").findValuesAsText("id"))
                .containsExactly(entryId);
    }

    @Test
    void givenAnUploadThatCouldNotBeCheckedAfterEveryRedrive_whenMaintenanceRuns_thenItIsRejectedWithAReason()
            throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Never checked").path("id").asText();
        UUID documentId = pendingDocument(entryId, "receipts/" + sub + "/", Receipts.pdf("spent"), 5, "2 hours");

        STACK.runMaintenance();

        JsonNode document = api.get("/documents/" + documentId).body();
        assertThat(document.path("status").asText()).isEqualTo("REJECTED");
        assertThat(document.path("reason").asText()).contains("please upload it again");
        assertThat(S3Probe.keysUnder(STACK, "receipts/" + sub + "/" + documentId)).isEmpty();
    }

    @Test
    void givenAnUnCheckedUploadOlderThanTheExpiry_whenMaintenanceRuns_thenItIsCheckedNotDeleted() throws Exception {
        String entryId = api.create("2026-11-21", "DEBIT", "10.00", "Food", "Old upload").path("id").asText();
        UUID documentId = pendingDocument(entryId, "receipts/" + sub + "/", Receipts.pdf("old but real"), 0, "2 days");

        STACK.runMaintenance();

        assertThat(ReceiptsApiTest.awaitIndexed(api, documentId.toString()).path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(STACK.awaitQueuesIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(api.get("/entries/" + entryId).body().path("documentCount").asInt()).isEqualTo(1);
    }

    @Test
    void givenAnAcceptedReceiptThatWasNeverRead_whenMaintenanceRuns_thenItIsReadAndItsWordsFindTheEntry() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(STACK.readsReceipts(), "receipts are read (tesseract-ocr installed)");
        String entryId = api.create("2026-11-21", "DEBIT", "1250.00", "Travel", "Unread cab").path("id").asText();
        String documentId = ReceiptsApiTest.upload(api, entryId, "cab.png", "image/png",
                Receipts.receipt(false, ReceiptReadingTest.BILL), true).path("id").asText();
        ReceiptsApiTest.awaitIndexed(api, documentId);
        // as if the reader had been unreachable until the queue gave the message up
        unread(documentId, 0);
        assertThat(api.get("/entries?q=bengaluru").body().path("items").size()).isZero();

        // this run or the stack's own timer, whichever comes first: the outcome is what counts
        STACK.runMaintenance();

        JsonNode document = ReceiptsApiTest.awaitIndexed(api, documentId);
        assertThat(document.path("extracted").path("status").asText()).isEqualTo("READ");
        assertThat(document.path("extracted").path("total").asText()).isEqualTo("1250.00");
        assertThat(api.get("/entries?q=bengaluru").body().path("items").findValuesAsText("id")).containsExactly(entryId);
    }

    @Test
    void givenAnUnreadReceiptWhoseRedrivesAreSpent_whenMaintenanceRuns_thenItsReadingFailsWithAReasonAndItStaysAvailable()
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(STACK.readsReceipts(), "receipts are read (tesseract-ocr installed)");
        String entryId = api.create("2026-11-21", "DEBIT", "9.00", "Food", "Never read").path("id").asText();
        String documentId = ReceiptsApiTest.upload(api, entryId, "never.pdf", "application/pdf",
                Receipts.pdf("never read " + UUID.randomUUID()), true).path("id").asText();
        ReceiptsApiTest.awaitIndexed(api, documentId);
        unread(documentId, org.expensetracker.maintenance.Recovery.MAX_REDRIVES);

        // this run or the stack's own timer, whichever comes first: the outcome is what counts
        STACK.runMaintenance();

        JsonNode document = api.get("/documents/" + documentId).body();
        assertThat(document.path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(document.path("extracted").path("status").asText()).isEqualTo("FAILED");
        assertThat(document.path("extracted").path("reason").asText()).contains("could not be read");
        assertThat(download(document.path("downloadUrl").asText())).isNotEmpty();
    }

    private static void unread(String documentId, int readRedrives) {
        // a photo has no text of its own: until it is read, its entry is found by the file name only
        SQL.execute(SqlStatement.of("""
                        WITH unread AS (
                            UPDATE documents SET extracted = NULL, extracted_text = '', read_redrives = :redrives,
                                                 indexed_at = now() - interval '40 minutes'
                             WHERE id = :id
                            RETURNING owner_id, entry_id, file_name
                        )
                        UPDATE entries e SET receipt_text = unread.file_name || ' '
                          FROM unread WHERE e.owner_id = unread.owner_id AND e.id = unread.entry_id""")
                .bind("id", UUID.fromString(documentId)).bind("redrives", readRedrives));
    }

    private static byte[] download(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** A PENDING document whose object exists under {@code prefix}+id, announced {@code age} ago. */
    private UUID pendingDocument(String entryId, String prefix, byte[] bytes, int redrives, String age) throws Exception {
        UUID documentId = UUID.randomUUID();
        String key = prefix + documentId;
        SQL.execute(SqlStatement.of("""
                WITH document AS (
                    INSERT INTO documents (owner_id, id, entry_id, file_name, content_type, size_bytes, object_key,
                                           redrives, created_at)
                    VALUES (:owner, :id, :entry, 'lost.pdf', 'application/pdf', :size, :key, :redrives,
                            now() - CAST(:age AS interval))
                    RETURNING entry_id
                )
                UPDATE entries SET document_count = document_count + 1
                 WHERE owner_id = :owner AND id IN (SELECT entry_id FROM document)""")
                .bind("owner", sub).bind("id", documentId).bind("entry", UUID.fromString(entryId))
                .bind("size", bytes.length).bind("key", key).bind("redrives", redrives).bind("age", age));
        try (S3Client s3 = S3Probe.s3(STACK)) {
            s3.putObject(b -> b.bucket(STACK.receiptsBucket()).key(key).contentType("application/pdf"),
                    RequestBody.fromBytes(bytes));
        }
        return documentId;
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
