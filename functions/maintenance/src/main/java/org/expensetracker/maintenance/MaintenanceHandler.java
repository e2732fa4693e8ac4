package org.expensetracker.maintenance;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.expensetracker.core.entry.EntrySettings;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.maintenance.DataApiCleanup;
import org.expensetracker.logging.LambdaLogContext;
import org.expensetracker.storage.S3Clients;

/**
 * Lambda entry point of the scheduled clean-up (an EventBridge schedule on AWS, a timer in the
 * local stack). The event's content does not matter; the answer counts what was removed.
 */
public final class MaintenanceHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Upload URLs live 15 minutes; a day later the upload is certainly not coming. */
    static final Duration PENDING_UPLOAD_AGE = Duration.ofHours(24);
    /** Exported files are downloadable for 7 days (the S3 lifecycle rule on AWS does the same to the objects). */
    static final Duration EXPORT_RETENTION = Duration.ofDays(7);
    /** Leave the rest of the Lambda timeout for the last batch to finish. */
    static final long SAFETY_MILLIS = 10_000;

    private final Cleanup cleanup;

    public MaintenanceHandler() {
        this(System::getenv);
    }

    public MaintenanceHandler(Function<String, String> env) {
        this(new Cleanup(new DataApiCleanup(DataApiClients.sql(DataApiClients.client(), env)),
                S3Clients.receipts(S3Clients.client(), env), PENDING_UPLOAD_AGE, EntrySettings.fromEnvironment(env).trashRetention(), EXPORT_RETENTION));
    }

    public MaintenanceHandler(Cleanup cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long deadline = context == null ? System.currentTimeMillis() + 60_000
                : System.currentTimeMillis() + Math.max(1_000, context.getRemainingTimeInMillis() - SAFETY_MILLIS);
        if (context != null) {
            LambdaLogContext.initialize(context);
        }
        Cleanup.Report report = cleanup.run(deadline);
        return Map.of("expiredUploads", report.expiredUploads(), "purgedEntries", report.purgedEntries(),
                "expiredExports", report.expiredExports());
    }

}
