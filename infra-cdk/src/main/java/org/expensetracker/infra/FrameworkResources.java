package org.expensetracker.infra;

import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Suppressions for the Lambdas the CDK itself adds to a stack as custom resource providers, whose
 * code, runtime and policies the CDK owns: the BucketDeployment handler (copies web/ and
 * config.json into the site bucket and invalidates CloudFront) and the S3 notifications handler
 * (configures the receipts bucket's notifications) and the AwsCustomResource handler (puts the receipts
 * bucket's CORS rule). Found by the construct ids the CDK gives them.
 */
final class FrameworkResources {
    static final String BUCKET_DEPLOYMENT = "Custom::CDKBucketDeployment";
    static final String BUCKET_NOTIFICATIONS = "BucketNotificationsHandler";
    /** The singleton Lambda behind every AwsCustomResource of a stack (here: the receipts bucket's CORS rule). */
    static final String AWS_CUSTOM_RESOURCE = "AWS679f53fac002430cb0da5b7982bd2287";

    private FrameworkResources() {
    }

    static void suppress(Stack stack) {
        for (IConstruct child : stack.getNode().getChildren()) {
            String id = child.getNode().getId();
            if (id.startsWith(BUCKET_DEPLOYMENT)) {
                bucketDeploymentHandler(child);
            } else if (id.equals(AWS_CUSTOM_RESOURCE)) {
                Nag.suppress(child, "AwsSolutions-IAM4",
                        "CDK's AwsCustomResource handler only needs to write its logs (AWSLambdaBasicExecutionRole); the SDK call's"
                                + " own permission is a separate, scoped statement.",
                        Nag.LAMBDA_BASIC_EXECUTION);
                Nag.suppress(child, "AwsSolutions-L1",
                        "The AwsCustomResource handler's Node.js runtime is chosen and updated by aws-cdk-lib, not by this app.");
            } else if (id.startsWith(BUCKET_NOTIFICATIONS)) {
                Nag.suppress(child, "AwsSolutions-IAM4",
                        "CDK's S3 notifications handler only needs to write its logs (AWSLambdaBasicExecutionRole).",
                        Nag.LAMBDA_BASIC_EXECUTION);
            }
        }
    }

    private static void bucketDeploymentHandler(IConstruct handler) {
        Nag.suppress(handler, "AwsSolutions-IAM4",
                "CDK's BucketDeployment handler only needs to write its logs (AWSLambdaBasicExecutionRole).",
                Nag.LAMBDA_BASIC_EXECUTION);
        Nag.suppress(handler, "AwsSolutions-IAM5",
                "CDK's BucketDeployment handler syncs whole directories: it reads any object of the CDK asset bucket, writes,"
                        + " lists and deletes any object of the site bucket (the grant* wildcards), and creates CloudFront"
                        + " invalidations, which IAM cannot scope to a distribution in this policy.",
                "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*", "Action::s3:DeleteObject*",
                "Action::s3:Abort*", "Resource::*",
                Nag.matching("^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-<AWS::Region>/\\*$"),
                // the site bucket, rendered as <SiteBucket…Arn> in its own stack and as a stack output reference in the Api stack
                Nag.matching("^Resource::.*SiteBucket[0-9A-F]{8}\\W*Arn.*/\\*$"));
        Nag.suppress(handler, "AwsSolutions-L1",
                "The BucketDeployment handler's runtime (Python) is chosen and updated by aws-cdk-lib, not by this app.");
    }
}
