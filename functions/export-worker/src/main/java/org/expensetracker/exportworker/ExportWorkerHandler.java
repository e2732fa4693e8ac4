package org.expensetracker.exportworker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.config.Queues;
import org.expensetracker.core.export.ExportRepository;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.export.DataApiExportRepository;
import org.expensetracker.dataapi.export.ExportRowsQuery;
import org.expensetracker.queue.SqsBatch;
import org.expensetracker.storage.S3Clients;
import org.expensetracker.storage.S3MultipartOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point of the export worker, fed by the exports queue. A run that fails gives the
 * job back and reports the message in {@code batchItemFailures}, so SQS redelivers it; on the
 * last allowed delivery the job is marked FAILED with a reason instead, so the user learns of it.
 */
public final class ExportWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ExportWorkerHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExportRunner runner;
    private final ExportRepository jobs;

    public ExportWorkerHandler() {
        this(System::getenv);
    }

    public ExportWorkerHandler(Function<String, String> env) {
        this(env, DataApiClients.sql(DataApiClients.client(), env), S3Clients.client());
    }

    /** Also the test seam: a caller may hand in its own S3 client (e.g. one that fails on purpose). */
    public ExportWorkerHandler(Function<String, String> env, DataApiSql sql, S3Client s3) {
        this.jobs = new DataApiExportRepository(sql);
        this.runner = new ExportRunner(jobs, new ExportRowsQuery(sql), s3, S3Clients.receipts(s3, env),
                env.apply(EnvNames.RECEIPTS_BUCKET), Clock.systemUTC(), Queues.EXPORTS.functionTimeout(),
                S3MultipartOutputStream.DEFAULT_PART_SIZE);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, context, this::handle);
    }

    private void handle(SQSEvent.SQSMessage message) {
        JsonNode body;
        try {
            body = JSON.readTree(message.getBody());
        } catch (IOException e) {
            throw new IllegalArgumentException("export message is not JSON", e);
        }
        OwnerId owner = new OwnerId(body.path("ownerId").asText());
        UUID exportId = UUID.fromString(body.path("exportId").asText());
        try {
            runner.run(owner, exportId);
        } catch (RuntimeException e) {
            if (lastDelivery(message)) {
                jobs.fail(owner, exportId, "The export could not be completed; please start it again.");
                LOG.error("export failed for good after {} deliveries", SqsBatch.receiveCount(message), e);
                return;
            }
            jobs.release(owner, exportId);
            throw e;
        }
    }

    private static boolean lastDelivery(SQSEvent.SQSMessage message) {
        return SqsBatch.receiveCount(message) >= Queues.EXPORTS.maxReceiveCount();
    }
}
