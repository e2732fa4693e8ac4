package org.expensetracker.local.s3;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a bucket's notification configuration: objects created in {@code bucket} under
 * {@code keyPrefix} are announced to the SQS queue at {@code queueUrl}, as S3 does for a QueueConfiguration
 * with events {@code s3:ObjectCreated:*} and a prefix filter.
 *
 * @param bucket    bucket name
 * @param keyPrefix key prefix filter; "" matches every key
 * @param queueUrl  URL of the queue the event message is sent to
 */
public record NotificationRule(String bucket, String keyPrefix, String queueUrl) {

    public NotificationRule {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(queueUrl, "queueUrl");
        keyPrefix = keyPrefix == null ? "" : keyPrefix;
    }

    public boolean matches(String bucketName, String key) {
        return bucket.equals(bucketName) && key.startsWith(keyPrefix);
    }

    /** The {@code configurationId} of the events: stable for a rule, as the Id of an S3 notification configuration. */
    public String configurationId() {
        return "local-" + bucket + "-" + Integer.toHexString(Objects.hash(bucket, keyPrefix, queueUrl));
    }

    /**
     * S3 refuses a configuration whose rules overlap ("Configurations overlap. Configurations on the same bucket
     * cannot share a common event type"): two rules of one bucket where one prefix starts the other.
     */
    static void requireNoOverlap(List<NotificationRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                NotificationRule a = rules.get(i);
                NotificationRule b = rules.get(j);
                if (a.bucket.equals(b.bucket)
                        && (a.keyPrefix.startsWith(b.keyPrefix) || b.keyPrefix.startsWith(a.keyPrefix))) {
                    throw new IllegalArgumentException("notification rules overlap, as S3 does not allow: " + a + ", " + b);
                }
            }
        }
    }
}
