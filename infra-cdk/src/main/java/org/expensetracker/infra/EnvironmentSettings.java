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
 * @param mail               how Cognito sends its e-mails: {@code null} is Cognito's own sender (a small daily quota,
 *                           see docs/deploy.md), otherwise Amazon SES with a verified identity
 * @param customDomain       the site's own domain and its ACM certificate (us-east-1); {@code null}: the distribution's
 *                           {@code *.cloudfront.net} name and certificate
 * @param receiptReadingMonthlyPages receipt pages each user may have read per month (0: reading is off)
 * @param waf                AWS WAF in front of the distribution, and its rate limits
 * @param reservedConcurrency reserve each function's share of the database's capacity ({@link Concurrency}); off where
 *                           the account's concurrency quota is too small to reserve anything
 * @param secretRotation     how often Secrets Manager rotates the database credentials; {@code null}: no rotation (no
 *                           rotation Lambdas and no Secrets Manager endpoint in the VPC)
 * @param disasterRecovery   the second region backups and receipts are copied to; {@code null}: none
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
        String alarmEmail,
        SesMail mail,
        CustomDomain customDomain,
        Waf waf,
        boolean reservedConcurrency,
        Duration secretRotation,
        int receiptReadingMonthlyPages,
        DisasterRecovery disasterRecovery) {

    public static final String DEV = "dev";
    public static final String PROD = "prod";
    /** Receipt pages read (Textract AnalyzeExpense, $0.01 a page) per user and month: at most $2 a user. */
    public static final int DEFAULT_READING_PAGES = 200;

    public EnvironmentSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(backupRetention, "backupRetention");
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(accessLogRetention, "accessLogRetention");
        Objects.requireNonNull(removalPolicy, "removalPolicy");
        Objects.requireNonNull(defaultCurrency, "defaultCurrency");
        Objects.requireNonNull(waf, "waf");
        if (secretRotation != null && (secretRotation.toDays() < 1 || secretRotation.toDays() > 365)) {
            throw new IllegalArgumentException("Secrets Manager rotates every 1 to 365 days: " + secretRotation);
        }
        if (receiptReadingMonthlyPages < 0) {
            throw new IllegalArgumentException("receiptReadingMonthlyPages must be 0 (off) or more: " + receiptReadingMonthlyPages);
        }
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

    /**
     * Amazon SES for the user pool's e-mails (verification codes, password resets) instead of Cognito's default
     * sender. The identity ({@code fromEmail}, or {@code sesVerifiedDomain} when given) must be verified in SES in
     * {@code sesRegion}, and the account out of the SES sandbox to mail arbitrary addresses.
     */
    public record SesMail(String fromEmail, String fromName, String sesRegion, String sesVerifiedDomain) {
        public SesMail {
            Objects.requireNonNull(fromEmail, "fromEmail");
            Objects.requireNonNull(sesRegion, "sesRegion");
            if (!fromEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new IllegalArgumentException("not an e-mail address: " + fromEmail);
            }
            if (!sesRegion.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                throw new IllegalArgumentException("not a region: " + sesRegion);
            }
            if (sesVerifiedDomain != null && !fromEmail.endsWith("@" + sesVerifiedDomain)) {
                throw new IllegalArgumentException(fromEmail + " is not an address of " + sesVerifiedDomain);
            }
        }
    }

    /**
     * The site's own domain name. CloudFront only takes certificates from ACM in us-east-1; with one, the
     * distribution refuses anything older than TLS 1.2 ({@code TLSv1.2_2021}). DNS (an alias or CNAME to the
     * distribution) is the domain owner's to set up.
     */
    public record CustomDomain(String domainName, String certificateArn) {
        public CustomDomain {
            Objects.requireNonNull(domainName, "domainName");
            Objects.requireNonNull(certificateArn, "certificateArn");
            if (!domainName.matches("([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}")) {
                throw new IllegalArgumentException("not a lower-case domain name: " + domainName);
            }
            if (!certificateArn.matches("arn:aws[a-z-]*:acm:us-east-1:\\d{12}:certificate/[0-9a-f-]+")) {
                throw new IllegalArgumentException("CloudFront needs an ACM certificate in us-east-1: " + certificateArn);
            }
        }

        public String origin() {
            return "https://" + domainName;
        }
    }

    /**
     * AWS WAF on the distribution (a web ACL in us-east-1, see {@link EdgeStack}). The limits are requests per
     * 5-minute window: per client IP on everything, per Authorization header value (one signed-in session) on
     * {@code /api/*}, and per client IP on the read-only share links ({@code /shared/} and {@code /api/shared/}).
     */
    public record Waf(boolean enabled, int requestsPerIp, int requestsPerToken, int sharedRequestsPerIp) {
        public static final Waf OFF = new Waf(false, 2000, 1000, 100);

        public Waf {
            for (int limit : new int[] {requestsPerIp, requestsPerToken, sharedRequestsPerIp}) {
                if (limit < 10 || limit > 2_000_000_000) {
                    throw new IllegalArgumentException("AWS WAF rate limits are 10 to 2,000,000,000 per window: " + limit);
                }
            }
        }

        public Waf on() {
            return new Waf(true, requestsPerIp, requestsPerToken, sharedRequestsPerIp);
        }
    }

    /** Cheap to keep around: pauses when idle, everything is deleted with the stacks. */
    /**
     * A second region for prod: AWS Backup copies the cluster's daily recovery point into a vault there, and
     * S3 replicates accepted receipts and exports into a bucket there (both sides versioned; deletions replicate
     * as delete markers, so the old versions stay recoverable for as long as in the first region).
     *
     * @param region        where the copies live; must differ from the deployment's region
     * @param copyRetention how long a copied recovery point is kept
     */
    public record DisasterRecovery(String region, Duration copyRetention) {
        public static final DisasterRecovery DEFAULT = new DisasterRecovery("eu-central-1", Duration.ofDays(35));

        public DisasterRecovery {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(copyRetention, "copyRetention");
            if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                throw new IllegalArgumentException("not a region: " + region);
            }
            if (copyRetention.toDays() < 1) {
                throw new IllegalArgumentException("copies are kept at least a day: " + copyRetention);
            }
        }
    }

    public EnvironmentSettings withDisasterRecovery(DisasterRecovery recovery) {
        return new EnvironmentSettings(name, prefix, database, backupRetention, deletionProtection, logRetention,
                accessLogRetention, customWebOrigins, removalPolicy, autoDeleteObjects, trashRetentionDays,
                defaultCurrency, alarmEmail, mail, customDomain, waf, reservedConcurrency, secretRotation,
                receiptReadingMonthlyPages, recovery);
    }

    /** The replica bucket's name: fixed, so the first region's replication rule can name it without a cross-region reference. */
    public String replicaBucketName(String accountId) {
        return prefix.toLowerCase(java.util.Locale.ROOT) + "-receipts-replica-" + accountId;
    }

    /** The second region's backup vault. */
    public String recoveryVaultName() {
        return prefix + "-recovery";
    }

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
                null,
                null,
                null,
                Waf.OFF, // about 10 USD a month: opt in with -c waf=true
                false, // a new account may have a concurrency quota of 10, which leaves nothing to reserve
                null, // rotation needs a Secrets Manager endpoint in the VPC (about 15 USD a month)
                DEFAULT_READING_PAGES,
                null); // one region: a lost region is a redeploy and an empty account (docs/deploy.md, Disaster recovery)
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
                null,
                null,
                null,
                new Waf(true, 2000, 1000, 100),
                true,
                Duration.ofDays(30),
                DEFAULT_READING_PAGES,
                DisasterRecovery.DEFAULT);
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
                defaultCurrency, email, mail, customDomain, waf, reservedConcurrency, secretRotation, receiptReadingMonthlyPages, disasterRecovery);
    }

    public EnvironmentSettings withMail(SesMail sesMail) {
        return new EnvironmentSettings(name, prefix, database, backupRetention, deletionProtection, logRetention,
                accessLogRetention, customWebOrigins, removalPolicy, autoDeleteObjects, trashRetentionDays,
                defaultCurrency, alarmEmail, sesMail, customDomain, waf, reservedConcurrency, secretRotation, receiptReadingMonthlyPages, disasterRecovery);
    }

    public EnvironmentSettings withCustomDomain(CustomDomain domain) {
        return new EnvironmentSettings(name, prefix, database, backupRetention, deletionProtection, logRetention,
                accessLogRetention, customWebOrigins, removalPolicy, autoDeleteObjects, trashRetentionDays,
                defaultCurrency, alarmEmail, mail, domain, waf, reservedConcurrency, secretRotation, receiptReadingMonthlyPages, disasterRecovery);
    }

    public EnvironmentSettings withWaf(Waf firewall) {
        return new EnvironmentSettings(name, prefix, database, backupRetention, deletionProtection, logRetention,
                accessLogRetention, customWebOrigins, removalPolicy, autoDeleteObjects, trashRetentionDays,
                defaultCurrency, alarmEmail, mail, customDomain, firewall, reservedConcurrency, secretRotation, receiptReadingMonthlyPages, disasterRecovery);
    }

    public EnvironmentSettings withReservedConcurrency(boolean reserve) {
        return new EnvironmentSettings(name, prefix, database, backupRetention, deletionProtection, logRetention,
                accessLogRetention, customWebOrigins, removalPolicy, autoDeleteObjects, trashRetentionDays,
                defaultCurrency, alarmEmail, mail, customDomain, waf, reserve, secretRotation, receiptReadingMonthlyPages, disasterRecovery);
    }

    /** {@code -c receiptReadingPages=N}; 0 turns the reading of receipts off. */
    public EnvironmentSettings withReceiptReadingMonthlyPages(int pages) {
        return new EnvironmentSettings(name, prefix, database, backupRetention, deletionProtection, logRetention,
                accessLogRetention, customWebOrigins, removalPolicy, autoDeleteObjects, trashRetentionDays,
                defaultCurrency, alarmEmail, mail, customDomain, waf, reservedConcurrency, secretRotation, pages, disasterRecovery);
    }

    public EnvironmentSettings withSecretRotation(Duration every) {
        return new EnvironmentSettings(name, prefix, database, backupRetention, deletionProtection, logRetention,
                accessLogRetention, customWebOrigins, removalPolicy, autoDeleteObjects, trashRetentionDays,
                defaultCurrency, alarmEmail, mail, customDomain, waf, reservedConcurrency, every, receiptReadingMonthlyPages, disasterRecovery);
    }

    /**
     * The origins the browser app is served from, the first being the one config.json names: the custom domain
     * when there is one, the distribution's own {@code https://…cloudfront.net} (given), and {@link #customWebOrigins}.
     */
    public java.util.List<String> webOrigins(String distributionOrigin) {
        java.util.List<String> origins = new java.util.ArrayList<>();
        if (customDomain != null) {
            origins.add(customDomain.origin());
        }
        origins.add(distributionOrigin);
        customWebOrigins.stream().filter(origin -> !origins.contains(origin)).forEach(origins::add);
        return java.util.List.copyOf(origins);
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
