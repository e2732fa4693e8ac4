package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.local.LocalStack;
import org.expensetracker.local.testing.AwsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts that read themselves, end to end on the local stack: a photographed bill is uploaded,
 * accepted, read by the indexer through the Textract protocol (the local stand-in, Tesseract behind
 * it), and what it found is on the document and in the search. Needs tesseract-ocr (.ci/run installs
 * it).
 */
class ReceiptReadingTest {
    private static final LocalStack STACK = TestStack.get();
    static final String[] BILL = {
            "BLUE CAB CO.", "12 MG Road, Bengaluru", "Date: 21/11/2026", "Fare          1,190.48", "GST 5%           59.52",
            "TOTAL      Rs 1,250.00", "Thank you, ride again"};

    @TempDir
    Path cliHome;

    @Test
    void givenAPhotographedBill_whenUploaded_thenItIsReadAndItsPrintedWordsAreSearchable() throws Exception {
        ApiClient user = ApiClient.newUser();
        String entryId = user.create("2026-11-21", "DEBIT", "1250.00", "Travel", "Cab").path("id").asText();
        JsonNode document = ReceiptsApiTest.upload(user, entryId, "bill.jpg", "image/jpeg", Receipts.receipt(true, BILL), true);
        assertThat(ReceiptsApiTest.awaitIndexed(user, document.path("id").asText()).path("status").asText()).isEqualTo("AVAILABLE");

        JsonNode extracted = awaitRead(user, document.path("id").asText());

        assertThat(extracted.path("status").asText()).isEqualTo("READ");
        assertThat(extracted.path("merchant").asText()).containsIgnoringCase("Blue Cab");
        assertThat(extracted.path("date").asText()).isEqualTo("2026-11-21");
        assertThat(extracted.path("total").asText()).isEqualTo("1250.00");
        assertThat(extracted.path("currency").asText()).isEqualTo("INR");
        assertThat(extracted.path("tax").asText()).isEqualTo("59.52");
        assertThat(extracted.path("confidence").path("total").asDouble()).isBetween(0.0, 1.0).isPositive();
        assertThat(extracted.path("lineItems").findValuesAsText("description")).contains("Fare");
        // "Bengaluru" is printed on the photo only: not in the entry, not in the file name
        JsonNode found = user.get("/entries?q=bengaluru").body();
        assertThat(found.path("items").findValuesAsText("id")).containsExactly(entryId);
        // the entry's own view shows the reading too
        JsonNode onEntry = user.get("/entries/" + entryId).body().path("documents").get(0);
        assertThat(onEntry.path("extracted").path("total").asText()).isEqualTo("1250.00");
    }

    @Test
    void givenTheMonthlyReadingLimitIsReached_whenABillIsUploaded_thenItIsAvailableButNotRead() throws Exception {
        ApiClient user = ApiClient.newUser();
        String owner = ReceiptsApiTest.sub(user);
        ExportsApiTest.SQL.execute(SqlStatement.of("""
                        INSERT INTO receipt_reading_usage (owner_id, month, pages) VALUES (:owner, :month, 200)""")
                .bind("owner", owner).bind("month", YearMonth.now(ZoneOffset.UTC).atDay(1)));
        String entryId = user.create("2026-11-21", "DEBIT", "1250.00", "Travel", "Cab").path("id").asText();
        JsonNode document = ReceiptsApiTest.upload(user, entryId, "bill.png", "image/png", Receipts.receipt(false, BILL), true);

        JsonNode extracted = awaitRead(user, document.path("id").asText());

        assertThat(user.get("/documents/" + document.path("id").asText()).body().path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(extracted.path("status").asText()).isEqualTo("SKIPPED");
        assertThat(extracted.path("reason").asText()).contains("limit of 200 pages");
        assertThat(extracted.path("total").isNull()).isTrue();
        assertThat(user.get("/entries?q=bengaluru").body().path("items").size()).isZero();
    }

    @Test
    void givenTheAwsCli_whenItAnalyzesAnExpenseAtTheLocalEndpoint_thenItGetsTextractsShape() throws Exception {
        AwsCli aws = AwsCli.require(cliHome);
        String key = "cli/" + java.util.UUID.randomUUID() + ".png";
        S3Probe.s3(STACK).putObject(b -> b.bucket(STACK.receiptsBucket()).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(Receipts.receipt(false, BILL)));
        String s3Document = "{\"S3Object\":{\"Bucket\":\"" + STACK.receiptsBucket() + "\",\"Name\":\"" + key + "\"}}";

        JsonNode expense = aws.runJson("textract", "analyze-expense", "--endpoint-url", STACK.textractUrl().toString(),
                "--document", s3Document);
        JsonNode text = aws.runJson("textract", "detect-document-text", "--endpoint-url", STACK.textractUrl().toString(),
                "--document", s3Document);

        assertThat(expense.path("DocumentMetadata").path("Pages").asInt()).isEqualTo(1);
        Map<String, String> fields = new java.util.HashMap<>();
        expense.path("ExpenseDocuments").get(0).path("SummaryFields").forEach(f ->
                fields.put(f.path("Type").path("Text").asText(), f.path("ValueDetection").path("Text").asText()));
        assertThat(fields).containsEntry("TOTAL", "1,250.00").containsEntry("INVOICE_RECEIPT_DATE", "21/11/2026");
        assertThat(text.path("Blocks").findValuesAsText("Text")).anyMatch(line -> line.contains("Bengaluru"));
        // a document of several pages: started, then asked about, as on AWS
        String pdfKey = "cli/" + java.util.UUID.randomUUID() + ".pdf";
        S3Probe.s3(STACK).putObject(b -> b.bucket(STACK.receiptsBucket()).key(pdfKey),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(Receipts.pdfPages(java.util.List.of(
                        java.util.List.of("CORNER BOOKS", "Date: 2026-11-02"), java.util.List.of("TOTAL $ 42.50")))));
        String location = "{\"S3Object\":{\"Bucket\":\"" + STACK.receiptsBucket() + "\",\"Name\":\"" + pdfKey + "\"}}";
        String jobId = aws.runJson("textract", "start-expense-analysis", "--endpoint-url", STACK.textractUrl().toString(),
                "--document-location", location, "--client-request-token", "cli-token-1").path("JobId").asText();
        assertThat(aws.runJson("textract", "start-expense-analysis", "--endpoint-url", STACK.textractUrl().toString(),
                "--document-location", location, "--client-request-token", "cli-token-1").path("JobId").asText())
                .as("the same token is the same job").isEqualTo(jobId);
        JsonNode job;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            job = aws.runJson("textract", "get-expense-analysis", "--endpoint-url", STACK.textractUrl().toString(),
                    "--job-id", jobId);
        } while ("IN_PROGRESS".equals(job.path("JobStatus").asText()) && System.nanoTime() < deadline);
        assertThat(job.path("JobStatus").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.path("DocumentMetadata").path("Pages").asInt()).isEqualTo(2);
        Map<String, String> jobFields = new java.util.HashMap<>();
        job.path("ExpenseDocuments").get(0).path("SummaryFields").forEach(f ->
                jobFields.put(f.path("Type").path("Text").asText(), f.path("ValueDetection").path("Text").asText()));
        assertThat(jobFields.get("TOTAL")).contains("42.50");
        assertThat(aws.attempt("textract", "get-expense-analysis", "--endpoint-url", STACK.textractUrl().toString(),
                "--job-id", "no-such-job").stderr()).contains("InvalidJobIdException");
        AwsCli.Result unsigned = aws.attempt("textract", "analyze-expense", "--endpoint-url", STACK.textractUrl().toString(),
                "--document", s3Document, "--no-sign-request");
        assertThat(unsigned.exitCode()).isNotZero();
        assertThat(unsigned.stderr()).contains("MissingAuthenticationTokenException");
    }

    @Test
    void givenAnInvoiceOfThreePages_whenUploaded_thenItIsReadInTheBackgroundAndEveryPageCounts() throws Exception {
        ApiClient user = ApiClient.newUser();
        String owner = ReceiptsApiTest.sub(user);
        String entryId = user.create("2026-11-30", "DEBIT", "4321.00", "Office", "Chairs").path("id").asText();
        byte[] invoice = Receipts.pdfPages(java.util.List.of(
                java.util.List.of("ACME OFFICE FURNITURE", "4 Park Street, Kolkata", "Invoice date: 30-Nov-2026",
                        "Invoice no. 2026/118"),
                java.util.List.of("Ergonomic chair x3        3,600.00", "Delivery                    121.00"),
                java.util.List.of("Subtotal                  3,721.00", "GST 18%                     600.00",
                        "GRAND TOTAL           Rs 4,321.00", "Thank you for your business")));

        String documentId = ReceiptsApiTest.upload(user, entryId, "invoice.pdf", "application/pdf", invoice, true)
                .path("id").asText();
        JsonNode extracted = awaitRead(user, documentId);

        assertThat(extracted.path("status").asText()).isEqualTo("READ");
        assertThat(extracted.path("total").asText()).as("the total printed on page 3").isEqualTo("4321.00");
        assertThat(extracted.path("date").asText()).isEqualTo("2026-11-30");
        assertThat(extracted.path("currency").asText()).isEqualTo("INR");
        assertThat(extracted.path("merchant").asText()).containsIgnoringCase("ACME");
        assertThat(pagesRead(owner)).as("every page of the job counts against the monthly cap").isEqualTo(3);
    }

    @Test
    void givenTheReaderIsUnreachable_whenAReceiptIsRead_thenTheAttemptFailsForARetryAndNoPageIsCounted() throws Exception {
        ApiClient user = ApiClient.newUser();
        String owner = ReceiptsApiTest.sub(user);
        String entryId = user.create("2026-11-21", "DEBIT", "5.00", "Food", "Outage").path("id").asText();
        String documentId = ReceiptsApiTest.upload(user, entryId, "outage.pdf", "application/pdf",
                Receipts.pdf("read during an outage"), true).path("id").asText();
        ReceiptsApiTest.awaitIndexed(user, documentId);
        ExportsApiTest.SQL.execute(SqlStatement.of("UPDATE documents SET extracted = NULL WHERE id = :id")
                .bind("id", java.util.UUID.fromString(documentId)));
        long before = pagesRead(owner);
        // the stack's own repository and bucket; only the reader is down, as Textract is in an outage
        var sql = org.expensetracker.dataapi.DataApiClients.sql(org.expensetracker.dataapi.DataApiClients.client(),
                STACK.functionEnvironment()::get);
        var indexer = new org.expensetracker.receiptindexer.ReceiptIndexer(
                new org.expensetracker.dataapi.document.DataApiDocumentRepository(sql),
                org.expensetracker.storage.S3Clients.receipts(S3Probe.s3(STACK), STACK.functionEnvironment()::get),
                new org.expensetracker.receiptindexer.content.ReceiptAnalyzer(
                        org.expensetracker.receiptindexer.content.AnalysisLimits.defaults()),
                new org.expensetracker.receiptindexer.reading.ReceiptReader() {
                    @Override
                    public Result read(String objectKey, String contentType) {
                        throw new IllegalStateException("ThrottlingException: Rate exceeded");
                    }

                    @Override
                    public Started start(String objectKey, String clientToken) {
                        throw new IllegalStateException("ThrottlingException: Rate exceeded");
                    }

                    @Override
                    public java.util.Optional<Result> finished(String jobId) {
                        throw new IllegalStateException("ThrottlingException: Rate exceeded");
                    }
                }, 200, java.time.Clock.systemUTC());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> indexer.index(
                        org.expensetracker.core.document.ReceiptKeys.upload(new org.expensetracker.core.OwnerId(owner),
                                java.util.UUID.fromString(documentId))))
                .hasMessageContaining("Rate exceeded");

        assertThat(pagesRead(owner)).as("pages reserved for the failed call are given back").isEqualTo(before);
        JsonNode document = user.get("/documents/" + documentId).body();
        assertThat(document.path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(document.path("extracted").isNull()).as("left for the retry").isTrue();
    }

    private static long pagesRead(String owner) {
        return ExportsApiTest.SQL.execute(SqlStatement.of("""
                        SELECT coalesce(sum(pages), 0) AS pages FROM receipt_reading_usage WHERE owner_id = :owner""")
                .bind("owner", owner)).first().orElseThrow().longValue("pages");
    }

    private static JsonNode awaitRead(ApiClient user, String documentId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode document;
        do {
            document = user.get("/documents/" + documentId).body();
            if (document.hasNonNull("extracted")) {
                return document.path("extracted");
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("never read: " + document);
    }
}
