package org.expensetracker.receiptindexer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.crac.Core;
import org.crac.Resource;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.config.QueueMessages;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.document.DataApiDocumentRepository;
import org.expensetracker.queue.SqsBatch;
import org.expensetracker.receiptindexer.content.Analysis;
import org.expensetracker.receiptindexer.content.AnalysisLimits;
import org.expensetracker.receiptindexer.content.ReceiptAnalyzer;
import org.expensetracker.receiptindexer.reading.ReceiptReader;
import org.expensetracker.receiptindexer.reading.TextractReceiptReader;
import org.expensetracker.storage.S3Clients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.textract.TextractClient;

/**
 * Lambda entry point of the receipt indexer: S3 ObjectCreated notifications arrive through the
 * receipts queue in SQS batches. Each message is handled on its own; the ones that fail are
 * reported in {@code batchItemFailures} (the event source mapping has ReportBatchItemFailures on),
 * so only they come back, and after the queue's maxReceiveCount they go to its dead-letter queue.
 */
public final class ReceiptIndexerHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptIndexerHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A one-page PDF with a text layer, analysed while priming. */
    static final String PRIMING_PDF = "/priming/receipt.pdf";

    /** Pages read per user and month unless RECEIPT_READING_MONTHLY_PAGES says otherwise (~$0.01 each on AWS). */
    static final int DEFAULT_MONTHLY_PAGES = 200;

    private final ReceiptIndexer indexer;

    static {
        // pdfbox caches the system font list in the home directory, which is read-only on Lambda.
        if (System.getProperty("pdfbox.fontcache") == null) {
            System.setProperty("pdfbox.fontcache", System.getProperty("java.io.tmpdir"));
        }
    }

    public ReceiptIndexerHandler() {
        this(System::getenv);
        Core.getGlobalContext().register(this);
    }

    public ReceiptIndexerHandler(Function<String, String> env) {
        this(new ReceiptIndexer(
                new DataApiDocumentRepository(DataApiClients.sql(DataApiClients.client(), env)),
                S3Clients.receipts(S3Clients.client(), env),
                new ReceiptAnalyzer(AnalysisLimits.defaults()),
                reader(env), monthlyPages(env), java.time.Clock.systemUTC(), readingJobs(env)));
    }

    /** Checks of reading jobs go to the indexer's own queue, delayed; none where nothing is read. */
    private static ReceiptIndexer.ReadingJobs readingJobs(Function<String, String> env) {
        if ("off".equalsIgnoreCase(env.apply(EnvNames.RECEIPT_READING))) {
            return null;
        }
        String queueUrl = EnvNames.required(env, EnvNames.RECEIPTS_QUEUE_URL);
        // built on the first PDF of several pages, not in every execution environment
        java.util.function.Supplier<SqsClient> sqs = new java.util.function.Supplier<>() {
            private SqsClient client;

            @Override
            public synchronized SqsClient get() {
                if (client == null) {
                    client = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
                }
                return client;
            }
        };
        return (owner, documentId, jobId, attempt) -> sqs.get().sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(QueueMessages.readingJob(owner, documentId, jobId, attempt))
                .delaySeconds(ReceiptIndexer.ReadingJobs.delaySeconds(attempt)));
    }

    /** Textract, unless the deployment turned reading off ({@code RECEIPT_READING=off}). */
    private static ReceiptReader reader(Function<String, String> env) {
        if ("off".equalsIgnoreCase(env.apply(EnvNames.RECEIPT_READING))) {
            return null;
        }
        return new TextractReceiptReader(TextractClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                EnvNames.required(env, EnvNames.RECEIPTS_BUCKET));
    }

    private static int monthlyPages(Function<String, String> env) {
        String value = env.apply(EnvNames.RECEIPT_READING_MONTHLY_PAGES);
        return value == null || value.isBlank() ? DEFAULT_MONTHLY_PAGES : Integer.parseInt(value.strip());
    }

    public ReceiptIndexerHandler(ReceiptIndexer indexer) {
        this.indexer = indexer;
    }

    /**
     * With SnapStart the runtime calls this before the snapshot: the indexer's path runs once
     * without effects (see {@link ReceiptIndexer#prime}), so restored environments index their
     * first receipt warm.
     */
    public Analysis prime() {
        try (InputStream sample = ReceiptIndexerHandler.class.getResourceAsStream(PRIMING_PDF)) {
            if (sample == null) {
                throw new IllegalStateException(PRIMING_PDF + " is missing from the package");
            }
            return indexer.prime(sample.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            prime();
        } catch (RuntimeException e) {
            // A snapshot without priming is slower to index its first receipt, not wrong.
            LOG.warn("priming failed", e);
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the Data API and S3 are HTTP calls, credentials come per request.
    }

    /** A {@code {"readingJob":…}} message: which job to ask about, for which document. */
    record ReadingJobCheck(OwnerId owner, UUID documentId, String jobId, int attempt) {
    }

    static Optional<ReadingJobCheck> readingJob(String body) {
        if (body == null || !body.contains("\"" + QueueMessages.READING_JOB + "\"")) {
            return Optional.empty();
        }
        try {
            JsonNode message = JSON.readTree(body);
            if (!message.path(QueueMessages.READING_JOB).isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new ReadingJobCheck(new OwnerId(message.path("ownerId").asText()),
                    UUID.fromString(message.path("documentId").asText()), message.path(QueueMessages.READING_JOB).asText(),
                    Math.max(1, message.path("attempt").asInt(1))));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("reading-job message is not valid", e);
        }
    }

    /** The key of a recovery sweep's {@code {"reindex":"uploads/…"}} message; empty for S3's own events. */
    static Optional<String> reindexKey(String body) {
        if (body == null || !body.contains("\"" + QueueMessages.REINDEX + "\"")) {
            return Optional.empty();
        }
        try {
            JsonNode key = JSON.readTree(body).path(QueueMessages.REINDEX);
            return key.isTextual() ? Optional.of(key.asText()) : Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("receipts message is not JSON", e);
        }
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, context, message -> handle(message.getBody()));
    }

    private void handle(String body) {
        Optional<ReadingJobCheck> job = readingJob(body);
        if (job.isPresent()) {
            LOG.info("reading job -> {}", indexer.checkReadingJob(job.get().owner(), job.get().documentId(),
                    job.get().jobId(), job.get().attempt()));
            return;
        }
        Optional<String> reindex = reindexKey(body);
        if (reindex.isPresent()) {
            LOG.info("re-driven -> {}", indexer.index(reindex.get()));
            return;
        }
        S3EventNotification notification = S3EventNotification.fromJson(body);
        if (notification.getRecords() == null) {
            return; // s3:TestEvent, sent once when the notification is configured
        }
        for (S3EventNotificationRecord record : notification.getRecords()) {
            if (record.getEventName() != null && record.getEventName().startsWith("ObjectCreated:")) {
                ReceiptIndexer.Outcome outcome = indexer.index(record.getS3().getObject().getUrlDecodedKey());
                LOG.info("{} -> {}", record.getEventName(), outcome);
            }
        }
    }
}
