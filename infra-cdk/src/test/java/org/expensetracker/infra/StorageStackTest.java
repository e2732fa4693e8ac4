package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.expensetracker.core.config.Functions;
import org.expensetracker.core.config.Queues;
import org.expensetracker.core.config.ReceiptsCors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StorageStackTest {
    static Synthesized dev;
    static Template storage;

    @BeforeAll
    static void synth() {
        dev = Synthesized.dev();
        storage = dev.storage;
    }

    /** The function consuming each queue, whose timeout the visibility timeout must cover six times. */
    static Functions consumer(Queues queue) {
        return switch (queue) {
            case RECEIPTS -> Functions.RECEIPT_INDEXER;
            case EXPORTS -> Functions.EXPORT_WORKER;
            case ACCOUNT_DELETIONS -> Functions.ACCOUNT_DELETER;
        };
    }

    @Test
    void oneQueueAndDeadLetterQueuePerCatalogueEntry() {
        storage.resourceCountIs("AWS::SQS::Queue", 2 * Queues.values().length);
        for (Queues queue : Queues.values()) {
            String dlqLogicalId = logicalIdOfQueue(dev.settings.prefix() + "-" + queue.deadLetterName());
            storage.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", dev.settings.prefix() + "-" + queue.logicalName(),
                    "VisibilityTimeout", consumer(queue).timeout().multipliedBy(6).toSeconds(),
                    "RedrivePolicy", Map.of(
                            "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(dlqLogicalId, "Arn")),
                            "maxReceiveCount", queue.maxReceiveCount()),
                    "SqsManagedSseEnabled", true,
                    "MaximumMessageSize", Match.anyValue()));
            storage.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", dev.settings.prefix() + "-" + queue.deadLetterName(),
                    "MessageRetentionPeriod", 14 * 24 * 3600,
                    "SqsManagedSseEnabled", true,
                    "RedrivePolicy", Match.absent()));
            assertThat(queue.visibilityTimeout()).isEqualTo(consumer(queue).timeout().multipliedBy(6));
        }
        Synthesized.resources(storage, "AWS::SQS::Queue").values().forEach(queue ->
                assertThat(((Number) Synthesized.properties(queue).get("MaximumMessageSize")).intValue()).isGreaterThanOrEqualTo(65536));
    }

    @Test
    void queuesRefuseUnencryptedTransport() {
        storage.resourceCountIs("AWS::SQS::QueuePolicy", 2 * Queues.values().length);
        storage.allResourcesProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "sqs:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void everyBucketIsPrivateAndRefusesPlainHttp() {
        for (Template template : List.of(storage, dev.web)) {
            Map<String, Map<String, Object>> buckets = Synthesized.resources(template, "AWS::S3::Bucket");
            assertThat(buckets).isNotEmpty();
            template.allResourcesProperties("AWS::S3::Bucket", Map.of(
                    "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                            "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                    "BucketEncryption", Match.objectLike(Map.of())));
            // ACLs are disabled everywhere but in the CloudFront log bucket, which standard logging needs them in
            var withAcls = template.findResources("AWS::S3::Bucket", Map.of("Properties", Map.of("OwnershipControls",
                    Map.of("Rules", List.of(Map.of("ObjectOwnership", "ObjectWriter"))))));
            var aclsDisabled = template.findResources("AWS::S3::Bucket", Map.of("Properties", Map.of("OwnershipControls",
                    Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))))));
            assertThat(withAcls.size()).isEqualTo(template == dev.web ? 1 : 0);
            assertThat(aclsDisabled.size() + withAcls.size()).isEqualTo(buckets.size());
            template.resourceCountIs("AWS::S3::BucketPolicy", buckets.size());
            template.allResourcesProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                    Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny",
                            "Action", "s3:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        }
    }

    @Test
    void receiptsBucketLifecycleCorsAndLogs() {
        storage.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration",
                        List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1),
                                "Status", "Enabled")),
                        Match.objectLike(Map.of("Prefix", "exports/", "ExpirationInDays", 7, "Status", "Enabled")),
                        Match.objectLike(Map.of("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30), "Status", "Enabled")),
                        Match.objectLike(Map.of("ExpiredObjectDeleteMarker", true, "Status", "Enabled"))))),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "LoggingConfiguration", Match.objectLike(Map.of("DestinationBucketName", Match.anyValue()))));
    }

    @Test
    void corsIsNotABucketPropertyTheWebStackPutsTheRule() {
        // the rule names the site's origin, which only the Web stack (deployed after this one) knows: WebStackTest
        storage.allResourcesProperties("AWS::S3::Bucket", Map.of("CorsConfiguration", Match.absent()));
        assertThat(dev.stacks.storage().getDependencies()).isEmpty();
    }

    @Test
    void newReceiptsAreAnnouncedOnTheReceiptsQueue() {
        String receiptsQueue = logicalIdOfQueue(dev.settings.prefix() + "-" + Queues.RECEIPTS.logicalName());
        storage.hasResourceProperties("Custom::S3BucketNotifications", Map.of("NotificationConfiguration", Map.of(
                "QueueConfigurations", List.of(Map.of(
                        "Events", List.of("s3:ObjectCreated:*"),
                        "Filter", Map.of("Key", Map.of("FilterRules", List.of(Map.of("Name", "prefix", "Value", "uploads/")))),
                        "QueueArn", Map.of("Fn::GetAtt", List.of(receiptsQueue, "Arn")))))));
        // and S3 may send to it, from this bucket only
        storage.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "Queues", List.of(Map.of("Ref", receiptsQueue)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "s3.amazonaws.com"),
                        "Condition", Map.of("ArnLike", Map.of("aws:SourceArn", Match.anyValue())))))))));
    }

    @Test
    void nobodyButTheIndexerRoleWritesAcceptedReceipts() {
        storage.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "Bucket", Map.of("Ref", logicalIdOfReceiptsBucket()),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "AcceptedReceiptsAreWrittenOnlyByTheIndexer",
                        "Effect", "Deny",
                        "Principal", Map.of("AWS", "*"),
                        "Action", "s3:PutObject",
                        "Resource", Map.of("Fn::Join", List.of("", List.of(
                                Map.of("Fn::GetAtt", List.of(logicalIdOfReceiptsBucket(), "Arn")), "/receipts/*"))),
                        "Condition", Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", Map.of("Fn::Sub",
                                "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + dev.settings.receiptIndexerRoleName())))
                )))))));
    }

    @Test
    void outputsTheBucketName() {
        storage.hasOutput("ReceiptsBucket", Map.of("Value", Map.of("Ref", logicalIdOfReceiptsBucket())));
    }

    static Map<String, Object> receiptsBucket() {
        return Synthesized.resources(storage, "AWS::S3::Bucket").get(logicalIdOfReceiptsBucket());
    }

    /** The receipts bucket is the only versioned one. */
    static String logicalIdOfReceiptsBucket() {
        var buckets = Synthesized.dev().storage.findResources("AWS::S3::Bucket", Map.of("Properties", Map.of(
                "VersioningConfiguration", Map.of("Status", "Enabled"))));
        assertThat(buckets).hasSize(1);
        return buckets.keySet().iterator().next();
    }

    static String logicalIdOfQueue(String name) {
        var queues = storage.findResources("AWS::SQS::Queue", Map.of("Properties", Map.of("QueueName", name)));
        assertThat(queues).as(name).hasSize(1);
        return queues.keySet().iterator().next();
    }
}
