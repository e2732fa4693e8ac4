package org.expensetracker.infra;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Everything that differs between environments, and nothing else: the stacks read their settings
 * from here and from the catalogues in {@code functions/core} and {@code functions/http}.
 *
 * @param name               the environment's name ({@code -c env=<name>}, and {@code environment} in config.json)
 * @param prefix             stack names ({@code <prefix>-Web}, ...) and physical names (queues) start with it
 * @param database           Aurora Serverless v2 capacity
 * @param backupRetention    automated backups of the cluster
 * @param deletionProtection the cluster refuses deletion
 * @param logRetention       CloudWatch log groups (functions, API access log)
 * @param accessLogRetention S3 server access logs of the receipts bucket
 * @param customWebOrigins   origins allowed by CORS besides the CloudFront distribution's own https origin
 *                           (which is always added), e.g. {@code https://expenses.example.com}
 * @param removalPolicy      buckets, log groups, user pool and database when the stack goes away
 * @param autoDeleteObjects  empty buckets on stack deletion (only sensible with {@link RemovalPolicy#DESTROY})
 * @param trashRetentionDays days a deleted entry stays restorable
 * @param defaultCurrency    ISO 4217 code for entries that name none
 * @param alarmEmail         where alarm notifications go; {@code null}: alarms publish to the topic only
 */
public record EnvironmentSettings(
        String name,
        String prefix,
        DatabaseCapacity database,
        Duration backupRetention,
        boolean deletionProtection,
        RetentionDays logRetention,
        Duration accessLogRetention,
        List<String> customWebOrigins,
        RemovalPolicy removalPolicy,
        boolean autoDeleteObjects,
        int trashRetentionDays,
        String defaultCurrency,
        String alarmEmail) {

    public static final String DEV = "dev";
    public static final String PROD = "prod";

    public EnvironmentSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(backupRetention, "backupRetention");
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(accessLogRetention, "accessLogRetention");
        Objects.requireNonNull(removalPolicy, "removalPolicy");
        Objects.requireNonNull(defaultCurrency, "defaultCurrency");
        customWebOrigins = List.copyOf(customWebOrigins);
        if (autoDeleteObjects && removalPolicy != RemovalPolicy.DESTROY) {
            throw new IllegalArgumentException("autoDeleteObjects needs RemovalPolicy.DESTROY");
        }
        if (backupRetention.toDays() < 1 || backupRetention.toDays() > 35) {
            throw new IllegalArgumentException("Aurora keeps backups 1 to 35 days: " + backupRetention);
        }
        if (trashRetentionDays < 1) {
            throw new IllegalArgumentException("trashRetentionDays must be positive: " + trashRetentionDays);
        }
        if (!defaultCurrency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("defaultCurrency is an ISO 4217 code: " + defaultCurrency);
        }
        customWebOrigins.forEach(EnvironmentSettings::requireOrigin);
    }

    private static void requireOrigin(String origin) {
        URI uri = URI.create(origin);
        boolean noPath = uri.getRawPath() == null || uri.getRawPath().isEmpty();
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || !noPath || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a web origin is https://host[:port] without a path: " + origin);
        }
    }

    /**
     * Aurora Serverless v2 capacity in ACUs. A minimum of 0 lets the cluster pause after
     * {@code autoPause} without connections (the Data API then answers DatabaseResumingException
     * for the ~15-30 s a resume takes, which the functions retry).
     */
    public record DatabaseCapacity(double minAcu, double maxAcu, Duration autoPause) {
        public DatabaseCapacity {
            if (minAcu < 0 || maxAcu < Math.max(minAcu, 1) || maxAcu > 256) {
                throw new IllegalArgumentException("capacity " + minAcu + ".." + maxAcu + " ACU");
            }
            if ((minAcu == 0) != (autoPause != null)) {
                throw new IllegalArgumentException("auto-pause goes with (and only with) a minimum capacity of 0");
            }
            if (autoPause != null && (autoPause.toMinutes() < 5 || autoPause.toHours() > 24)) {
                throw new IllegalArgumentException("Aurora auto-pauses after 5 minutes to 24 hours: " + autoPause);
            }
        }

        public boolean pauses() {
            return autoPause != null;
        }
    }

    /** Cheap to keep around: pauses when idle, everything is deleted with the stacks. */
    public static EnvironmentSettings dev() {
        return new EnvironmentSettings(DEV, "ExpensesDev",
                new DatabaseCapacity(0, 2, Duration.ofMinutes(10)),
                Duration.ofDays(1),
                false,
                RetentionDays.TWO_WEEKS,
                Duration.ofDays(14),
                List.of(),
                RemovalPolicy.DESTROY,
                true,
                30,
                "INR",
                null);
    }

    /** Always warm, protected from deletion, data retained when a stack is deleted. */
    public static EnvironmentSettings prod() {
        return new EnvironmentSettings(PROD, "ExpensesProd",
                new DatabaseCapacity(0.5, 4, null),
                Duration.ofDays(14),
                true,
                RetentionDays.THREE_MONTHS,
                Duration.ofDays(90),
                List.of(),
                RemovalPolicy.RETAIN,
                false,
                30,
                "INR",
                null);
    }

    /** The settings for {@code -c env=<name>}. */
    public static EnvironmentSettings of(String name) {
        return switch (name) {
            case DEV -> dev();
            case PROD -> prod();
            default -> throw new IllegalArgumentException("unknown environment '" + name + "': use -c env=dev or -c env=prod");
        };
    }

    public EnvironmentSettings withAlarmEmail(String email) {
        return new EnvironmentSettings(name, prefix, database, backupRetention, deletionProtection, logRetention,
                accessLogRetention, customWebOrigins, removalPolicy, autoDeleteObjects, trashRetentionDays,
                defaultCurrency, email);
    }

    public String stackName(String lifecycle) {
        return prefix + "-" + lifecycle;
    }

    /**
     * The receipt-indexer's role has a fixed name: the receipts bucket (Storage stack) names it as the
     * only writer of accepted receipts, and the Api stack, which creates the role, depends on Storage.
     */
    public String receiptIndexerRoleName() {
        return prefix + "-receipt-indexer";
    }

    /**
     * How often maintenance runs: the recovery of interrupted work (stuck exports, receipts whose event
     * was lost), then the clean-up. Each run needs the database, so a database that auto-pauses is woken
     * once a day, and one that is always on is swept every hour, so nothing waits long for its re-drive.
     */
    public java.time.Duration maintenanceRate() {
        return database.pauses() ? java.time.Duration.ofDays(1) : java.time.Duration.ofHours(1);
    }
}
