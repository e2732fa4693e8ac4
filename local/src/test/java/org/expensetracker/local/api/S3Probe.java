package org.expensetracker.local.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.expensetracker.core.config.Queues;
import org.expensetracker.local.LocalStack;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Looks at the local S3 and queues from outside, as an operator with the AWS SDK would. */
final class S3Probe {
    private S3Probe() {
    }

    static S3Client s3(LocalStack stack) {
        return builder(stack).build();
    }

    static software.amazon.awssdk.services.s3.S3ClientBuilder builder(LocalStack stack) {
        return S3Client.builder().endpointOverride(stack.s3Url()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    static boolean exists(LocalStack stack, String key) {
        try (S3Client s3 = s3(stack)) {
            s3.headObject(b -> b.bucket(stack.receiptsBucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** The keys under a prefix, as an operator listing the bucket sees them. */
    static java.util.List<String> keysUnder(LocalStack stack, String prefix) {
        try (S3Client s3 = s3(stack)) {
            return s3.listObjectsV2Paginator(b -> b.bucket(stack.receiptsBucket()).prefix(prefix)).contents().stream()
                    .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
        }
    }

    /**
     * Sends the receipts queue the ObjectCreated:Put notification S3 sends for this object (a late
     * duplicate of a notification whose object may be gone since).
     */
    static void redeliverCreatedEvent(LocalStack stack, String key) {
        HeadObjectResponse head;
        try (S3Client s3 = s3(stack)) {
            head = s3.headObject(b -> b.bucket(stack.receiptsBucket()).key(key));
        } catch (NoSuchKeyException gone) {
            head = HeadObjectResponse.builder().contentLength(1L).eTag("\"0\"").build();
        }
        String body = """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                "eventTime":"%s","eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:local"},
                "requestParameters":{"sourceIPAddress":"127.0.0.1"},
                "responseElements":{"x-amz-request-id":"REDELIVERY","x-amz-id-2":"redelivery"},
                "s3":{"s3SchemaVersion":"1.0","configurationId":"receipts",
                "bucket":{"name":"%s","ownerIdentity":{"principalId":"local"},"arn":"arn:aws:s3:::%s"},
                "object":{"key":"%s","size":%d,"eTag":"%s","sequencer":"0000000000000001"}}}]}"""
                .formatted(Instant.now(), stack.receiptsBucket(), stack.receiptsBucket(),
                        URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"), head.contentLength(),
                        head.eTag().replace("\"", ""));
        stack.sqs().client().sendMessage(b -> b.queueUrl(stack.sqs().queueUrl(Queues.RECEIPTS.logicalName()))
                .messageBody(body));
    }
}
