package org.expensetracker.maintenance;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.config.QueueMessages;
import org.expensetracker.core.entry.EntrySettings;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.account.DataApiAccountDeletions;
import org.expensetracker.dataapi.document.DataApiDocumentRepository;
import org.expensetracker.dataapi.maintenance.DataApiCleanup;
import org.expensetracker.dataapi.maintenance.DataApiRecovery;
import org.expensetracker.dataapi.recurring.DataApiRecurringRepository;
import org.expensetracker.core.recurring.RecurringService;
import org.expensetracker.logging.LambdaLogContext;
import org.expensetracker.storage.S3Clients;
import org.expensetracker.storage.S3Receipts;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point of the scheduled maintenance (an EventBridge schedule on AWS, a timer in the
 * local stack): first the recovery of interrupted work, then the clean-up. The event's content does
 * not matter; the answer counts what was re-driven, given up and removed.
 */
public final class MaintenanceHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Upload URLs live 15 minutes; a day later the upload is certainly not coming. */
    static final Duration PENDING_UPLOAD_AGE = Duration.ofHours(24);
    /** Exported files are downloadable for 7 days (the S3 lifecycle rule on AWS does the same to the objects). */
    static final Duration EXPORT_RETENTION = Duration.ofDays(7);
    /** Leave the rest of the Lambda timeout for the last batch to finish. */
    static final long SAFETY_MILLIS = 10_000;

    private final Recovery recovery;
    private final Cleanup cleanup;
    private final RecurringService recurring;

    public MaintenanceHandler() {
        this(System::getenv);
    }

    public MaintenanceHandler(Function<String, String> env) {
        this(env, DataApiClients.sql(DataApiClients.client(), env), S3Clients.receipts(S3Clients.client(), env),
                SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build());
    }

    private MaintenanceHandler(Function<String, String> env, DataApiSql sql, S3Receipts objects, SqsClient sqs) {
        this(new Recovery(new DataApiRecovery(sql), new DataApiDocumentRepository(sql), objects,
                        new SqsWorkQueues(sqs, EnvNames.required(env, EnvNames.EXPORTS_QUEUE_URL), EnvNames.required(env, EnvNames.RECEIPTS_QUEUE_URL),
                                EnvNames.required(env, EnvNames.ACCOUNT_DELETIONS_QUEUE_URL)),
                        Clock.systemUTC(), new DataApiAccountDeletions(sql),
                        !"off".equalsIgnoreCase(env.apply(EnvNames.RECEIPT_READING))),
                new Cleanup(new DataApiCleanup(sql), objects, PENDING_UPLOAD_AGE,
                        EntrySettings.fromEnvironment(env).trashRetention(), EXPORT_RETENTION),
                new RecurringService(new DataApiRecurringRepository(sql), EntrySettings.fromEnvironment(env).defaultCurrency()));
    }

    public MaintenanceHandler(Recovery recovery, Cleanup cleanup, RecurringService recurring) {
        this.recovery = recovery;
        this.cleanup = cleanup;
        this.recurring = recurring;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long deadline = context == null ? System.currentTimeMillis() + 60_000
                : System.currentTimeMillis() + Math.max(1_000, context.getRemainingTimeInMillis() - SAFETY_MILLIS);
        if (context != null) {
            LambdaLogContext.initialize(context);
        }
        Recovery.Report recovered = recovery.run(Recovery.Mode.SCHEDULED, deadline);
        Cleanup.Report report = cleanup.run(deadline);
        // recurring entries up to today (UTC): deterministic ids make every rerun a no-op
        long recurringMade = recurring.materialize(java.time.LocalDate.now(java.time.ZoneOffset.UTC), deadline);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("exportsRedriven", recovered.exportsRedriven());
        answer.put("exportsFailed", recovered.exportsFailed());
        answer.put("receiptsRedriven", recovered.receiptsRedriven());
        answer.put("receiptsRejected", recovered.receiptsRejected());
        answer.put("receiptsReread", recovered.receiptsReread());
        answer.put("readingsFailed", recovered.readingsFailed());
        answer.put("accountDeletionsRedriven", recovered.accountDeletionsRedriven());
        answer.put("expiredUploads", report.expiredUploads());
        answer.put("purgedEntries", report.purgedEntries());
        answer.put("expiredExports", report.expiredExports());
        answer.put("recurringEntriesMade", recurringMade);
        return answer;
    }

    /**
     * Recovery as a freshly started local stack needs it: the process that held every lease and queued
     * message is gone, so all unfinished work is re-driven at once.
     */
    public Recovery.Report recoverAfterRestart() {
        return recovery.run(Recovery.Mode.AFTER_RESTART, System.currentTimeMillis() + 60_000);
    }


    /** The work queues, with the bodies their consumers read. */
    private record SqsWorkQueues(SqsClient sqs, String exportsQueueUrl, String receiptsQueueUrl, String accountDeletionsQueueUrl)
            implements Recovery.WorkQueues {
        @Override
        public void export(OwnerId owner, UUID exportId) {
            sqs.sendMessage(b -> b.queueUrl(exportsQueueUrl).messageBody(QueueMessages.exportJob(owner, exportId)));
        }

        @Override
        public void reindex(String objectKey) {
            sqs.sendMessage(b -> b.queueUrl(receiptsQueueUrl).messageBody(QueueMessages.reindex(objectKey)));
        }

        @Override
        public void deleteAccount(OwnerId owner) {
            sqs.sendMessage(b -> b.queueUrl(accountDeletionsQueueUrl).messageBody(QueueMessages.accountDeletion(owner)));
        }
    }
}
