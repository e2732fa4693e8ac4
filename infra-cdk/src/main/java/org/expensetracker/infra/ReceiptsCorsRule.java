package org.expensetracker.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.constructs.Construct;

/**
 * The receipts bucket's CORS rule ({@link ReceiptsBucket#CORS}), put by the Web stack, which is the one that knows
 * the site's origin. It cannot be a property of the bucket: the bucket (Storage) comes before the API (whose
 * functions use it), the API before the distribution (its {@code /api/*} origin), and the distribution's CSP names
 * the bucket, so the distribution's domain cannot flow back into the Storage stack without a cycle.
 *
 * <p>The Storage template declares no CORS configuration, so CloudFormation leaves the rule alone when the bucket
 * changes; deleting the Web stack removes it. The rule allows exactly the site's origins, the methods and headers
 * of the browser's presigned transfers, and exposes the ETag.
 */
final class ReceiptsCorsRule extends Construct {

    ReceiptsCorsRule(Construct scope, String id, EnvironmentSettings settings, IBucket receipts, List<String> origins) {
        super(scope, id);
        var cors = ReceiptsBucket.CORS;
        Map<String, Object> rule = Map.of(
                "AllowedOrigins", origins,
                "AllowedMethods", cors.methods(),
                "AllowedHeaders", cors.allowedHeaders(),
                "ExposeHeaders", cors.exposedHeaders(),
                "MaxAgeSeconds", cors.maxAgeSeconds());
        var put = AwsSdkCall.builder()
                .service("S3")
                .action("PutBucketCors")
                .parameters(Map.of("Bucket", receipts.getBucketName(),
                        "CORSConfiguration", Map.of("CORSRules", List.of(rule))))
                .physicalResourceId(PhysicalResourceId.of(settings.prefix() + "-receipts-cors"))
                .build();
        var delete = AwsSdkCall.builder()
                .service("S3")
                .action("DeleteBucketCors")
                .parameters(Map.of("Bucket", receipts.getBucketName()))
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();
        AwsCustomResource.Builder.create(this, "Rule")
                .resourceType("Custom::ReceiptsBucketCors")
                .onCreate(put)
                .onUpdate(put)
                .onDelete(delete)
                .installLatestAwsSdk(false)
                .logGroup(logs)
                // PutBucketCors and DeleteBucketCors are both authorized by s3:PutBucketCORS, on this bucket only
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:PutBucketCORS"))
                        .resources(List.of(receipts.getBucketArn()))
                        .build())))
                .build();
    }
}
