package org.expensetracker.infra;

import java.util.List;
import java.util.Map;
import org.expensetracker.core.config.ReceiptsCors;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.Filter;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.ReplicationRule;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.SqsDestination;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The private bucket of receipts and exports. Browsers upload and download with presigned URLs
 * only, so CORS allows the site's origins and exactly the methods and headers those URLs need
 * ({@link #CORS}); the Web stack puts that rule ({@link ReceiptsCorsRule}), as only it knows the origin.
 */
final class ReceiptsBucket extends Construct {
    /** The browser's transfers (presigned PUT, GET, HEAD): the rule the local S3 applies too. */
    static final ReceiptsCors CORS = ReceiptsCors.BROWSER_TRANSFERS;

    /** Exports can be downloaded for this long (the API promises 7 days). */
    static final Duration EXPORT_EXPIRY = Duration.days(7);
    /**
     * The bucket is versioned, so an overwritten or deleted receipt can be recovered for this long (a bug, a
     * mistaken delete, a compromised function); then the old version goes, and so does a delete marker left alone.
     */
    static final Duration NONCURRENT_VERSION_EXPIRY = Duration.days(30);

    private final Bucket bucket;
    private final Bucket accessLogs;

    ReceiptsBucket(Construct scope, String id, EnvironmentSettings settings) {
        super(scope, id);
        accessLogs = PrivateBuckets.builder(this, "AccessLogs", settings)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(settings.accessLogRetention().toDays()))
                        .build()))
                .build();
        Nag.suppress(accessLogs, "AwsSolutions-S1",
                "This is the server access log destination of the receipts bucket; logging it into itself would loop.");

        Bucket.Builder builder = PrivateBuckets.builder(this, "Bucket", settings);
        if (settings.disasterRecovery() != null) {
            builder.replicationRules(replicationRules(settings));
        }
        bucket = builder
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("receipts-bucket/")
                .lifecycleRules(java.util.stream.Stream.concat(java.util.stream.Stream.of(LifecycleRule.builder()
                                .id("abort-incomplete-multipart-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()), retentionRules().stream()).toList())
                .build();
        if (settings.disasterRecovery() != null) {
            Nag.suppress(this, "AwsSolutions-IAM5",
                    "S3 replication's role reads every object version of this bucket and writes the replicas of any key"
                            + " into the second region's bucket: object keys are per owner and per object, so the resources"
                            + " are the two buckets' objects, and the rules' prefixes limit what is replicated.",
                    Nag.matching("^Resource::(<ReceiptsBucket[0-9A-F]+\\.Arn>|arn:<AWS::Partition>:s3:::.*-receipts-replica-.*)/\\*$"));
        }
    }

    /**
     * How long what was stored stays: exports 7 days, old versions 30, stray delete markers not at all. The
     * second region's replica has the same rules, so a deletion here is final there no later than here.
     */
    static List<LifecycleRule> retentionRules() {
        return List.of(
                LifecycleRule.builder()
                        .id("expire-exports")
                        .prefix(ObjectKeys.EXPORTS)
                        .expiration(EXPORT_EXPIRY)
                        .build(),
                LifecycleRule.builder()
                        .id("expire-noncurrent-versions")
                        .noncurrentVersionExpiration(NONCURRENT_VERSION_EXPIRY)
                        .build(),
                LifecycleRule.builder()
                        .id("remove-expired-delete-markers")
                        .expiredObjectDeleteMarker(true)
                        .build());
    }

    /**
     * Accepted receipts and exports are replicated to the second region's bucket ({@link RecoveryStack}); uploads
     * still in quarantine are not. Deletions replicate as delete markers: an account deleted here is deleted there,
     * and there as here its old versions stay recoverable for {@link #NONCURRENT_VERSION_EXPIRY}.
     */
    private List<ReplicationRule> replicationRules(EnvironmentSettings settings) {
        IBucket replica = Bucket.fromBucketAttributes(this, "Replica", BucketAttributes.builder()
                .bucketName(settings.replicaBucketName(Aws.ACCOUNT_ID))
                .region(settings.disasterRecovery().region())
                .build());
        List<ReplicationRule> rules = new java.util.ArrayList<>();
        for (String prefix : List.of(ObjectKeys.RECEIPTS, ObjectKeys.EXPORTS)) {
            rules.add(ReplicationRule.builder()
                    .id("replicate-" + prefix.replace("/", ""))
                    .priority(rules.size() + 1)
                    .filter(Filter.builder().prefix(prefix).build())
                    .destination(replica)
                    .deleteMarkerReplication(true)
                    .build());
        }
        return rules;
    }

    /** New uploads (not accepted receipts, not exports) are announced on the queue the receipt-indexer consumes. */
    void notifyOnNewUploads(IQueue queue) {
        bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue),
                NotificationKeyFilter.builder().prefix(ObjectKeys.UPLOADS).build());
    }

    /**
     * Accepted receipts never change: whatever IAM policies say (or come to say), nobody but the
     * receipt-indexer's role may write under {@code receipts/}. A presigned URL carries the signer's
     * permissions, so no URL the API hands out can write there either.
     */
    void onlyWriterOfAcceptedReceipts(String roleName) {
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AcceptedReceiptsAreWrittenOnlyByTheIndexer")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(bucket.arnForObjects(ObjectKeys.all(ObjectKeys.RECEIPTS))))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn",
                        Fn.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + roleName))))
                .build());
    }

    Bucket bucket() {
        return bucket;
    }
}
