package org.expensetracker.local.s3;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the local S3 serves.
 *
 * @param dataDir       the stack's data directory; objects are kept under {@code dataDir/s3} across restarts
 * @param port          TCP port on 127.0.0.1; 0 picks a free one
 * @param buckets       created at start when missing
 * @param corsOrigins   origins (exact, e.g. {@code http://127.0.0.1:8080}) allowed to call S3 from a browser
 * @param notifications where object-created events go, like the buckets' notification configurations
 */
public record LocalS3Options(Path dataDir, int port, List<String> buckets, List<String> corsOrigins,
                             List<NotificationRule> notifications) {

    /** S3's general purpose bucket naming rules: 3–63 of a-z 0-9 . -, starting and ending with a letter or digit. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public LocalS3Options {
        Objects.requireNonNull(dataDir, "dataDir");
        buckets = List.copyOf(buckets);
        corsOrigins = List.copyOf(corsOrigins);
        notifications = List.copyOf(notifications);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0–65535: " + port);
        }
        for (String bucket : buckets) {
            if (!BUCKET_NAME.matcher(bucket).matches()) {
                // S3Proxy would create the directory, then answer NoSuchBucket for it.
                throw new IllegalArgumentException("not a valid S3 bucket name: " + bucket);
            }
        }
        for (NotificationRule rule : notifications) {
            if (!buckets.contains(rule.bucket())) {
                throw new IllegalArgumentException("notification rule for a bucket that is not created: " + rule);
            }
        }
        NotificationRule.requireNoOverlap(notifications);
    }

    /** A free port, no buckets, no CORS, no notifications. */
    public static LocalS3Options of(Path dataDir) {
        return new LocalS3Options(dataDir, 0, List.of(), List.of(), List.of());
    }

    public LocalS3Options withPort(int value) {
        return new LocalS3Options(dataDir, value, buckets, corsOrigins, notifications);
    }

    public LocalS3Options withBuckets(List<String> value) {
        return new LocalS3Options(dataDir, port, value, corsOrigins, notifications);
    }

    public LocalS3Options withCorsOrigins(List<String> value) {
        return new LocalS3Options(dataDir, port, buckets, value, notifications);
    }

    public LocalS3Options withNotifications(List<NotificationRule> value) {
        return new LocalS3Options(dataDir, port, buckets, corsOrigins, value);
    }

    /** Where the filesystem blob store keeps buckets (one directory each) and objects. */
    public Path storageDir() {
        return dataDir.resolve("s3");
    }
}
