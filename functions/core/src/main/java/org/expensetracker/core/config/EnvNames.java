package org.expensetracker.core.config;

/**
 * Names of the environment variables the functions read. The CDK app sets them and the local
 * stack passes them, both from these constants, so a rename cannot leave one side behind.
 */
public final class EnvNames {
    /** ARN of the Aurora cluster the Data API talks to. */
    public static final String DB_CLUSTER_ARN = "DB_CLUSTER_ARN";
    /** ARN of the Secrets Manager secret with the database credentials. */
    public static final String DB_SECRET_ARN = "DB_SECRET_ARN";
    /**
     * The db-migrator only: the secret of the application's login role, which the migrator creates
     * or updates (with that secret's password) and makes a member of the DML-only group role. Every
     * other function gets that secret as its {@link #DB_SECRET_ARN}; the migrator's is the master's.
     */
    public static final String DB_APP_SECRET_ARN = "DB_APP_SECRET_ARN";
    /** Database name inside the cluster. */
    public static final String DB_NAME = "DB_NAME";
    /** ISO 4217 code used when an entry names no currency. */
    public static final String DEFAULT_CURRENCY = "DEFAULT_CURRENCY";
    /** Days a deleted entry stays restorable. */
    public static final String TRASH_RETENTION_DAYS = "TRASH_RETENTION_DAYS";
    /** Upper bound, in milliseconds, on waiting for a paused database to resume within one call. */
    public static final String DB_RESUME_WAIT_MS = "DB_RESUME_WAIT_MS";

    /** The private bucket holding receipts (and exports). */
    public static final String RECEIPTS_BUCKET = "RECEIPTS_BUCKET";

    /** URL of the SQS queue export jobs are sent to. */
    public static final String EXPORTS_QUEUE_URL = "EXPORTS_QUEUE_URL";

    /** URL of the SQS queue the receipt-indexer reads (S3 events, and the recovery sweep's re-drives). */
    public static final String RECEIPTS_QUEUE_URL = "RECEIPTS_QUEUE_URL";

    /** {@code off} turns the reading of receipts (Textract) off; anything else, or unset, leaves it on. */
    public static final String RECEIPT_READING = "RECEIPT_READING";

    /** Pages of receipts read per user and calendar month (UTC) before reading pauses until the next month. */
    public static final String RECEIPT_READING_MONTHLY_PAGES = "RECEIPT_READING_MONTHLY_PAGES";

    /** URL of the SQS queue account deletions are sent to (account-api → account-deleter). */
    public static final String ACCOUNT_DELETIONS_QUEUE_URL = "ACCOUNT_DELETIONS_QUEUE_URL";

    /**
     * Where the rates updater fetches the ECB's euro reference rates (the 90-day file, so a missed day
     * is filled in by the next run); unset means the ECB's own URL.
     */
    public static final String ECB_RATES_URL = "ECB_RATES_URL";

    /** The Cognito user pool whose users the account deleter signs out and deletes. */
    public static final String USER_POOL_ID = "USER_POOL_ID";

    /**
     * The user pool app client whose access tokens the API accepts. API Gateway's JWT authorizer
     * checks the audience too; the handlers check it again, with {@code token_use}, so an ID token
     * or another client's token is refused even behind a misconfigured route.
     */
    public static final String APP_CLIENT_ID = "APP_CLIENT_ID";

    private EnvNames() {
    }

    /** The value of a variable the function cannot work without; fails the cold start, loudly, when it is missing. */
    public static String required(java.util.function.Function<String, String> env, String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
