package org.expensetracker.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.expensetracker.local.sqs.LocalSqs;
import org.expensetracker.local.sqs.QueueDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Object-created events from the local S3 to a local SQS queue, in the shape S3 sends them. */
class S3EventNotificationTest {
    private static final String BUCKET = "expenses-receipts";
    private static final String UPLOADS = "expenses-uploads";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static LocalSqs sqs;
    static SqsClient sqsClient;
    static LocalS3 s3;
    static S3Client client;
    static String queueUrl;

    @BeforeAll
    static void start() {
        sqs = LocalSqs.start(List.of(QueueDefinition.of("receipt-events"), QueueDefinition.of("unused")));
        sqsClient = sqs.client();
        queueUrl = sqs.queueUrl("receipt-events");
        s3 = LocalS3.start(LocalS3Options.of(dataDir).withBuckets(List.of(BUCKET, UPLOADS, "other"))
                .withNotifications(List.of(new NotificationRule(BUCKET, "receipts/", queueUrl),
                        // Every key: S3Proxy's multipart stubs would match it if they were not filtered.
                        new NotificationRule(UPLOADS, "", queueUrl),
                        // A rule whose queue does not exist: its sends fail, the writes must not.
                        new NotificationRule("other", "", sqs.url() + "/000000000000/missing"))), sqsClient);
        client = S3Clients.client(s3.url());
    }

    @AfterAll
    static void stop() {
        client.close();
        s3.close();
        sqsClient.close();
        sqs.close();
    }

    @AfterEach
    void drain() {
        receiveAll();
    }

    @Test
    void givenRule_whenObjectPutUnderItsPrefix_thenExactlyOneS3ShapedEventIsQueued() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        PutObjectResponse put = client.putObject(b -> b.bucket(BUCKET).key("receipts/u1/doc-1").contentType("image/jpeg"),
                RequestBody.fromString("jpeg bytes"));

        List<Message> messages = receiveAll();

        assertThat(messages).hasSize(1);
        S3EventNotificationRecord record = S3EventNotification.fromJson(messages.get(0).body()).getRecords().get(0);
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getEventSource()).isEqualTo("aws:s3");
        assertThat(record.getEventVersion()).isEqualTo("2.1");
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getEventTime()).isBetween(before, Instant.now().plusMillis(1));
        assertThat(record.getS3().getBucket().getName()).isEqualTo(BUCKET);
        assertThat(record.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::" + BUCKET);
        assertThat(record.getS3().getObject().getKey()).isEqualTo("receipts/u1/doc-1");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(10L);
        assertThat(record.getS3().getObject().getETag()).isEqualTo(put.eTag().replace("\"", ""))
                .matches("[0-9a-f]{32}");
        assertThat(record.getS3().getObject().getSequencer()).matches("[0-9A-F]+");
        assertThat(record.getRequestParameters().getSourceIpAddress()).isEqualTo("127.0.0.1");
        assertThat(record.getS3().getConfigurationId()).isNotBlank();

        JsonNode raw = JSON.readTree(messages.get(0).body()).path("Records").get(0);
        assertThat(raw.path("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(raw.path("s3").path("s3SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(raw.path("s3").path("object").path("size").isIntegralNumber()).isTrue();
        assertThat(raw.path("userIdentity").path("principalId").asText()).isNotBlank();
        assertThat(raw.path("s3").path("bucket").path("ownerIdentity").path("principalId").asText()).isNotBlank();
        assertThat(raw.path("responseElements").path("x-amz-request-id").asText()).isNotBlank();
        assertThat(raw.path("responseElements").path("x-amz-id-2").asText()).isNotBlank();
    }

    @Test
    void givenKeyWithSpacesAndSymbols_whenPut_thenKeyIsUrlEncodedAsS3DoesIt() throws Exception {
        String key = "receipts/u1/taxi receipt (1)+ä.jpg";
        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("x"));

        List<Message> messages = receiveAll();

        assertThat(messages).hasSize(1);
        String encoded = JSON.readTree(messages.get(0).body()).path("Records").get(0).path("s3").path("object")
                .path("key").asText();
        assertThat(encoded).isEqualTo("receipts/u1/taxi+receipt+%281%29%2B%C3%A4.jpg");
        assertThat(S3EventNotification.fromJson(messages.get(0).body()).getRecords().get(0).getS3().getObject()
                .getUrlDecodedKey()).isEqualTo(key);
    }

    @Test
    void givenRule_whenObjectPutOutsideItsPrefix_thenNoEvent() {
        client.putObject(b -> b.bucket(BUCKET).key("exports/u1/e1.csv"), RequestBody.fromString("a,b"));
        client.putObject(b -> b.bucket(BUCKET).key("receipts-archive/u1/d1"), RequestBody.fromString("not under receipts/"));

        assertThat(receiveAll()).isEmpty();
    }

    @Test
    void givenMultipartUpload_whenCompleted_thenOneCompleteMultipartUploadEventAndNoneForParts() throws Exception {
        String key = "exports/u1/big.zip";
        byte[] part1 = new byte[5 * 1024 * 1024];
        Arrays.fill(part1, (byte) 'a');
        byte[] part2 = "the end".getBytes(StandardCharsets.UTF_8);
        String uploadId = client.createMultipartUpload(b -> b.bucket(UPLOADS).key(key).contentType("application/zip")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int number = 1;
        for (byte[] part : List.of(part1, part2)) {
            int partNumber = number++;
            String eTag = client.uploadPart(b -> b.bucket(UPLOADS).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
        }
        assertThat(receiveAll()).as("events before completion").isEmpty();

        String eTag = client.completeMultipartUpload(b -> b.bucket(UPLOADS).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))).eTag();
        List<Message> messages = receiveAll();

        assertThat(messages).as("no event for S3Proxy's .s3proxy-mpu-stub-* objects").hasSize(1);
        S3EventNotificationRecord record = S3EventNotification.fromJson(messages.get(0).body()).getRecords().get(0);
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(record.getS3().getObject().getKey()).isEqualTo(key);
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(part1.length + part2.length);
        assertThat(record.getS3().getObject().getETag()).isEqualTo(eTag.replace("\"", "")).endsWith("-2");
        assertThat(client.listObjectsV2(b -> b.bucket(UPLOADS).prefix("")).contents())
                .extracting(o -> o.key()).containsExactly(key);
    }

    @Test
    void givenCopyIntoThePrefix_whenCopied_thenObjectCreatedCopyEvent() throws Exception {
        client.putObject(b -> b.bucket(BUCKET).key("incoming/scan.png"), RequestBody.fromString("png"));

        client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("incoming/scan.png")
                .destinationBucket(BUCKET).destinationKey("receipts/u1/scan.png"));
        List<Message> messages = receiveAll();

        assertThat(messages).hasSize(1);
        S3EventNotificationRecord record = S3EventNotification.fromJson(messages.get(0).body()).getRecords().get(0);
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Copy");
        assertThat(record.getS3().getObject().getKey()).isEqualTo("receipts/u1/scan.png");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(3L);
    }

    @Test
    void givenRuleWithAMissingQueue_whenObjectPut_thenThePutStillSucceeds() {
        client.putObject(b -> b.bucket("other").key("any"), RequestBody.fromString("stored anyway"));

        assertThat(client.getObjectAsBytes(b -> b.bucket("other").key("any")).asUtf8String()).isEqualTo("stored anyway");
        assertThat(receiveAll()).isEmpty();
    }

    @Test
    void givenSequentialPuts_whenEventsCompared_thenSequencersIncrease() throws Exception {
        client.putObject(b -> b.bucket(BUCKET).key("receipts/u1/same"), RequestBody.fromString("v1"));
        client.putObject(b -> b.bucket(BUCKET).key("receipts/u1/same"), RequestBody.fromString("v2"));

        List<String> sequencers = receiveAll().stream()
                .map(m -> S3EventNotification.fromJson(m.body()).getRecords().get(0))
                .map(r -> r.getS3().getObject().getSequencer()).toList();

        assertThat(sequencers).hasSize(2);
        assertThat(sequencers.get(0)).hasSameSizeAs(sequencers.get(1)).isLessThan(sequencers.get(1));
    }

    /** Everything on the queue now: events are sent before S3 answers the write, so no waiting is needed. */
    private static List<Message> receiveAll() {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqsClient.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            all.addAll(batch);
            batch.forEach(m -> sqsClient.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        } while (!batch.isEmpty());
        return all;
    }
}
