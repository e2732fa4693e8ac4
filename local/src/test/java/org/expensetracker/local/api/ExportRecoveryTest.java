package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVRecord;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.export.ExportJob;
import org.expensetracker.core.export.ExportRequest;
import org.expensetracker.core.export.ExportStatus;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.dataapi.export.DataApiExportRepository;
import org.expensetracker.exportworker.ExportWorkerHandler;
import org.expensetracker.local.gateway.LocalLambdaContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * An export interrupted half-way is re-run cleanly on redelivery: no partial or duplicated file, and
 * duplicate messages never run a job twice. The worker is invoked directly with SQS events, the way
 * the event source mapping would after a crash, against the real local S3 and database.
 */
class ExportRecoveryTest {
    private static final int ROWS = 3_000;
    private final ApiClient user = ApiClient.newUser();
    private final OwnerId owner = new OwnerId(ReceiptsApiTest.sub(user));
    private final DataApiExportRepository jobs = new DataApiExportRepository(ExportsApiTest.SQL);

    @Test
    void givenTheUploadDiesMidExport_whenTheMessageIsRedelivered_thenOneCompleteCorrectFileExists() throws Exception {
        ExportsApiTest.seed(owner.value(), ROWS);
        ExportJob job = newJob();

        SQSBatchResponse crashed = worker(failingS3()).handleRequest(message(job, 1), context());

        assertThat(crashed.getBatchItemFailures()).hasSize(1);
        assertThat(jobs.find(owner, job.id()).orElseThrow().status()).isEqualTo(ExportStatus.RUNNING);
        assertThat(objectExists(job.objectKey())).as("no partial file").isFalse();
        assertThat(multipartUploadsInProgress()).as("no parts left behind").isZero();

        SQSBatchResponse redelivered = worker(S3Probe.s3(ExportsApiTest.STACK)).handleRequest(message(job, 2), context());

        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        ExportJob done = jobs.find(owner, job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(ExportStatus.SUCCEEDED);
        assertThat(done.rowCount()).isEqualTo(ROWS);
        assertThat(done.attempts()).isEqualTo(2);
        byte[] file = S3Probe.s3(ExportsApiTest.STACK).getObjectAsBytes(b -> b
                .bucket(ExportsApiTest.STACK.receiptsBucket()).key(job.objectKey())).asByteArray();
        assertThat(done.bytes()).isEqualTo(file.length);
        List<CSVRecord> records = ExportsApiTest.parse(file);
        Set<String> ids = new HashSet<>();
        records.forEach(record -> ids.add(record.get("Entry ID")));
        assertThat(records).hasSize(ROWS);
        assertThat(ids).hasSize(ROWS);

        // A late duplicate of the message changes nothing.
        worker(S3Probe.s3(ExportsApiTest.STACK)).handleRequest(message(job, 1), context());
        assertThat(jobs.find(owner, job.id()).orElseThrow()).isEqualTo(done);
    }

    @Test
    void givenAJobRunningElsewhere_whenADuplicateArrives_thenItWaitsUntilTheLeaseLapses() {
        ExportsApiTest.seed(owner.value(), 10);
        ExportJob job = newJob();
        jobs.claim(owner, job.id(), Duration.ofMinutes(15)); // another worker is on it

        worker(S3Probe.s3(ExportsApiTest.STACK)).handleRequest(message(job, 1), context());
        assertThat(jobs.find(owner, job.id()).orElseThrow().status()).isEqualTo(ExportStatus.RUNNING);
        assertThat(objectExists(job.objectKey())).isFalse();

        // That worker died: its lease runs out before SQS redelivers the message.
        ExportsApiTest.SQL.execute(SqlStatement.of("UPDATE exports SET lease_until = now() - interval '1 second' WHERE id = :id")
                .bind("id", job.id()));
        worker(S3Probe.s3(ExportsApiTest.STACK)).handleRequest(message(job, 2), context());
        assertThat(jobs.find(owner, job.id()).orElseThrow().status()).isEqualTo(ExportStatus.SUCCEEDED);
    }

    @Test
    void givenTheLastAllowedDeliveryFails_whenHandled_thenTheJobIsFailedWithAReason() throws Exception {
        ExportsApiTest.seed(owner.value(), 10);
        ExportJob job = newJob();

        SQSBatchResponse last = worker(failingS3()).handleRequest(message(job, 3), context());

        assertThat(last.getBatchItemFailures()).isEmpty();
        ExportJob failed = jobs.find(owner, job.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(ExportStatus.FAILED);
        assertThat(failed.error()).isNotBlank();
        var shown = user.get("/exports/" + job.id()).body();
        assertThat(shown.path("status").asText()).isEqualTo("FAILED");
        assertThat(shown.path("error").asText()).isNotBlank();
        assertThat(shown.has("downloadUrl")).isFalse();
    }

    @Test
    void givenAnExportOlderThanSevenDays_whenMaintenanceRuns_thenItAndItsFileAreGone() throws Exception {
        user.create("2026-11-21", "DEBIT", "1.00", "Food", "Tea");
        String id = ExportsApiTest.startExport(user, Map.of());
        var job = ExportsApiTest.awaitDone(user, id);
        String key = jobs.find(owner, UUID.fromString(id)).orElseThrow().objectKey();
        assertThat(objectExists(key)).isTrue();
        ExportsApiTest.SQL.execute(SqlStatement.of("UPDATE exports SET created_at = now() - interval '8 days' WHERE id = :id")
                .bind("id", UUID.fromString(id)));

        ExportsApiTest.STACK.runMaintenance();

        assertThat(user.get("/exports/" + job.path("id").asText()).status()).isEqualTo(404);
        assertThat(objectExists(key)).isFalse();
    }

    private ExportJob newJob() {
        ExportRequest request = ExportRequest.parse(null, Map.of(), "csv", "debitCredit");
        return jobs.create(owner, request, request.fingerprint(), ExportJob.objectKey(owner, request.id(), request.format()))
                .job();
    }

    private static ExportWorkerHandler worker(S3Client s3) {
        return new ExportWorkerHandler(ExportsApiTest.STACK.functionEnvironment()::get, ExportsApiTest.SQL, s3);
    }

    private SQSEvent message(ExportJob job, int receiveCount) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody("{\"ownerId\":\"" + owner.value() + "\",\"exportId\":\"" + job.id() + "\"}");
        message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        message.setEventSource("aws:sqs");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    private static LocalLambdaContext context() {
        return new LocalLambdaContext(UUID.randomUUID().toString(), "export-worker", 900_000, 1024);
    }

    /** Dies like a killed worker would: at the moment bytes go to S3, after the rows were read. */
    private static S3Client failingS3() {
        ExecutionInterceptor crash = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                Object request = context.request();
                if (request instanceof UploadPartRequest || request instanceof PutObjectRequest
                        || request instanceof CompleteMultipartUploadRequest) {
                    throw new IllegalStateException("simulated crash while uploading");
                }
            }
        };
        return S3Probe.builder(ExportsApiTest.STACK)
                .overrideConfiguration(c -> c.addExecutionInterceptor(crash)).build();
    }

    private static boolean objectExists(String key) {
        try {
            S3Probe.s3(ExportsApiTest.STACK).headObject(b -> b.bucket(ExportsApiTest.STACK.receiptsBucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    private long multipartUploadsInProgress() {
        return S3Probe.s3(ExportsApiTest.STACK).listMultipartUploads(b -> b
                .bucket(ExportsApiTest.STACK.receiptsBucket()).prefix("exports/" + owner.value() + "/")).uploads().size();
    }
}
