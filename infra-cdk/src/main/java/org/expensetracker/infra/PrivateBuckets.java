package org.expensetracker.infra;

import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/** Every bucket of the product starts the same way: private, TLS 1.2+ only, encrypted, no ACLs. */
final class PrivateBuckets {

    private PrivateBuckets() {
    }

    static Bucket.Builder builder(Construct scope, String id, EnvironmentSettings settings) {
        return Bucket.Builder.create(scope, id)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(false)
                .removalPolicy(settings.removalPolicy())
                .autoDeleteObjects(settings.autoDeleteObjects());
    }
}
