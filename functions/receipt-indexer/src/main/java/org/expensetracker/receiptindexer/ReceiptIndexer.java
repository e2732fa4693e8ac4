package org.expensetracker.receiptindexer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.document.DocumentRepository;
import org.expensetracker.core.document.DocumentRepository.StoredDocument;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.core.document.DocumentStatus;
import org.expensetracker.core.document.ReceiptKeys;
import org.expensetracker.core.document.ReceiptReading;
import org.expensetracker.receiptindexer.content.Analysis;
import org.expensetracker.receiptindexer.content.Previews;
import org.expensetracker.receiptindexer.content.ReceiptAnalyzer;
import org.expensetracker.receiptindexer.reading.ReceiptReader;
import org.expensetracker.storage.S3Receipts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one uploaded object and makes its receipt searchable. Safe to run any number of times
 * for the same object (S3 may send an event twice, SQS may deliver it twice): only a PENDING
 * document is changed, and every step after that is idempotent.
 */
public final class ReceiptIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptIndexer.class);
    /** No Cognito subject looks like this (they are UUIDs), so no document can belong to it. */
    static final String PRIMING_OWNER = "snapstart-priming";

    /** What Textract's AnalyzeExpense reads; other accepted types (WebP, HEIC) are kept but not read. */
    static final Set<String> READABLE_TYPES = Set.of("image/jpeg", "image/png", "application/pdf");

    private final DocumentRepository documents;
    private final S3Receipts objects;
    private final ReceiptAnalyzer analyzer;
    private final ReceiptReader reader;
    private final int monthlyPages;
    private final Clock clock;
    private final ReadingJobs jobs;

    /** How many times a started reading job is asked about before it is given up (≈ 100 minutes in all). */
    public static final int MAX_JOB_CHECKS = 14;

    /** Where the indexer asks itself, later, how a started reading job is doing (its own queue, delayed). */
    public interface ReadingJobs {
        /** @param attempt 1 for the first check after the start */
        void checkLater(OwnerId owner, UUID documentId, String jobId, int attempt);

        /** Waits of 3 s, 6 s, 12 s … up to SQS's longest delay, 15 minutes. */
        static int delaySeconds(int attempt) {
            return (int) Math.min(900, 3L << Math.min(attempt - 1, 20));
        }
    }

    /** Without reading: receipts become AVAILABLE and searchable by their own text only. */
    public ReceiptIndexer(DocumentRepository documents, S3Receipts objects, ReceiptAnalyzer analyzer) {
        this(documents, objects, analyzer, null, 0, Clock.systemUTC());
    }

    /**
     * @param reader       reads accepted receipts (null: none are read)
     * @param monthlyPages how many pages one owner may have read per calendar month (UTC)
     */
    public ReceiptIndexer(DocumentRepository documents, S3Receipts objects, ReceiptAnalyzer analyzer, ReceiptReader reader,
            int monthlyPages, Clock clock) {
        this(documents, objects, analyzer, reader, monthlyPages, clock, null);
    }

    /** @param jobs where checks of reading jobs (PDFs of several pages) are sent; null: such PDFs are not read */
    public ReceiptIndexer(DocumentRepository documents, S3Receipts objects, ReceiptAnalyzer analyzer, ReceiptReader reader,
            int monthlyPages, Clock clock, ReadingJobs jobs) {
        this.jobs = jobs;
        this.documents = documents;
        this.objects = objects;
        this.analyzer = analyzer;
        this.reader = reader;
        this.monthlyPages = monthlyPages;
        this.clock = clock;
    }

    public Outcome index(String key) {
        Optional<ReceiptKeys.Parsed> parsed = ReceiptKeys.parse(key);
        if (parsed.isEmpty()) {
            if (key != null && key.startsWith(ReceiptKeys.UPLOAD_PREFIX)) {
                LOG.warn("upload under a key this application does not issue; deleting it");
                objects.delete(key);
                return Outcome.UNKNOWN_OBJECT_DELETED;
            }
            LOG.warn("event for a key outside the uploads; ignored");
            return Outcome.IGNORED;
        }
        if (parsed.get().kind() == ReceiptKeys.Kind.ACCEPTED) {
            return Outcome.IGNORED; // checked bytes: never re-indexed, never removed from here
        }
        Optional<StoredDocument> stored = documents.findForIndexing(parsed.get().owner(), parsed.get().documentId());
        if (stored.isEmpty()) {
            // Never announced, or deleted by its owner since: nobody may keep bytes here.
            LOG.warn("object without a document; deleting it");
            objects.delete(key);
            return Outcome.UNKNOWN_OBJECT_DELETED;
        }
        StoredDocument document = stored.get();
        if (document.document().status() != DocumentStatus.PENDING) {
            // A repeated event, or bytes PUT again with an upload URL after the document was decided:
            // what was accepted stays as it is, and a later upload is thrown away.
            if (document.document().status() == DocumentStatus.REJECTED || !key.equals(document.objectKey())) {
                objects.delete(key); // also finishes a rejection that was interrupted before its delete
            }
            if (document.document().status() == DocumentStatus.AVAILABLE) {
                // accepted, then the run stopped before its preview or reading was stored: finish them now
                if (!document.document().metadata().containsKey(DocumentService.PREVIEW_METADATA)) {
                    preview(document, document.objectKey());
                }
                if (document.document().extracted() == null) {
                    read(document, document.objectKey(), document.document().metadata());
                }
            }
            return Outcome.ALREADY_DONE;
        }
        Optional<S3Receipts.StoredObject> content = objects.read(key);
        if (content.isEmpty()) {
            return Outcome.OBJECT_GONE;
        }
        Analysis analysis;
        try (InputStream in = content.get().content()) {
            analysis = analyzer.analyze(in, document.document().contentType(), document.document().sizeBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<String> rejection = analysis.rejectionReason().or(() -> checksumMismatch(document, analysis));
        if (rejection.isPresent()) {
            // Mark first, then delete: if the delete fails, the redelivered event finishes it.
            documents.markRejected(document.owner(), document.document().id(), rejection.get());
            objects.delete(key);
            LOG.info("receipt rejected: {}", rejection.get());
            return Outcome.REJECTED;
        }
        String accepted = ReceiptKeys.accepted(document.owner(), document.document().id(), analysis.sha256());
        if (!objects.copyIfUnchanged(key, content.get().eTag(), accepted, document.document().contentType())) {
            // Uploaded again while it was being checked: that upload's own event checks the new bytes.
            LOG.info("upload changed while it was checked; its newer event decides");
            return Outcome.CHANGED_WHILE_CHECKING;
        }
        var available = documents.markAvailable(document.owner(), document.document().id(), analysis.sha256(),
                analysis.text(), analysis.metadata(), accepted);
        if (available.isEmpty()) {
            // Another delivery decided first; keep its copy, drop ours unless it is the same one.
            boolean ours = documents.findForIndexing(document.owner(), document.document().id())
                    .map(now -> accepted.equals(now.objectKey())).orElse(false);
            if (!ours) {
                objects.delete(accepted);
            }
        }
        // The quarantined upload is no longer needed: the accepted copy (or the other delivery's) is kept.
        objects.delete(key);
        if (available.isPresent() && document.document().entryId() == null && available.get().entryId() != null) {
            // Captured first and taken into a new entry while it was checked: that entry's statement read
            // the receipt as still PENDING, and ours could not see the entry yet. Its text joins it now.
            documents.refreshReceiptText(document.owner(), document.document().id());
        }
        if (available.isPresent()) {
            // after the bytes are accepted and pinned: a preview or reading that fails leaves the receipt AVAILABLE
            preview(document, accepted);
            read(document, accepted, analysis.metadata());
        }
        if (available.isPresent() && available.get().duplicateOf() != null) {
            LOG.info("receipt available, duplicate of an earlier one");
            return Outcome.AVAILABLE_DUPLICATE;
        }
        return available.isPresent() ? Outcome.AVAILABLE : Outcome.ALREADY_DONE;
    }

    /**
     * Makes the small JPEG a list shows and stores it beside the accepted copy. A preview is a
     * convenience: if it cannot be made (a format the JDK does not decode, a damaged page), the
     * receipt simply has none.
     */
    private void preview(StoredDocument document, String acceptedKey) {
        Optional<byte[]> preview;
        try (InputStream in = objects.open(acceptedKey).orElse(null)) {
            if (in == null) {
                return;
            }
            preview = Previews.of(in, document.document().contentType());
        } catch (IOException | RuntimeException e) {
            LOG.warn("no preview for this receipt", e);
            return;
        }
        if (preview.isPresent()) {
            objects.put(ReceiptKeys.preview(acceptedKey), preview.get(), DocumentService.PREVIEW_TYPE);
            documents.markPreview(document.owner(), document.document().id());
        }
    }

    /**
     * Reads the accepted copy and stores what was found, once. A reading the reader refuses is stored
     * as FAILED with its reason; one that could not be done now (throttling, the reader unreachable)
     * throws, so the event is delivered again and this step runs then.
     */
    private void read(StoredDocument document, String acceptedKey, java.util.Map<String, String> metadata) {
        if (reader == null) {
            return;
        }
        OwnerId owner = document.owner();
        UUID id = document.document().id();
        int pages = Math.max(1, Integer.parseInt(metadata.getOrDefault(ReceiptAnalyzer.KEY_PAGES, "1")));
        ReceiptReader.Result result;
        if (!READABLE_TYPES.contains(document.document().contentType())) {
            result = new ReceiptReader.Result(ReceiptReading.skipped("Only JPEG, PNG and PDF receipts are read."), "");
        } else if (pages > 1 && jobs == null) {
            result = new ReceiptReader.Result(ReceiptReading.skipped(
                    "PDFs of more than one page are not read here; their text is searchable."), "");
        } else {
            YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
            if (!documents.reserveReadingPages(owner, month, pages, monthlyPages)) {
                result = new ReceiptReader.Result(ReceiptReading.skipped("This month's limit of " + monthlyPages
                        + " pages read is reached; receipts are read again from the 1st."), "");
            } else {
                try {
                    if (pages > 1) {
                        // read in the background (StartExpenseAnalysis); the document id as the start's token
                        // makes a redelivered start the same job
                        ReceiptReader.Started started = reader.start(acceptedKey, id.toString());
                        if (started.refused() == null) {
                            jobs.checkLater(owner, id, started.jobId(), 1);
                            LOG.info("reading {} pages in the background", pages);
                            return;
                        }
                        result = started.refused();
                    } else {
                        result = reader.read(acceptedKey, document.document().contentType());
                    }
                } catch (RuntimeException e) {
                    // not read (throttled, unreachable): the pages were not billed, and the retry reserves them again
                    documents.releaseReadingPages(owner, month, pages);
                    throw e;
                }
            }
        }
        if (documents.storeReading(owner, id, result.reading(), result.text())) {
            LOG.info("receipt read: {}", result.reading().status());
        }
    }

    /**
     * Asks how a started reading job is doing: stores its reading once it finished, asks again later
     * while it runs, and gives up with a reason after {@link #MAX_JOB_CHECKS} checks. A repeated
     * message after the reading was stored changes nothing.
     */
    public Outcome checkReadingJob(OwnerId owner, UUID documentId, String jobId, int attempt) {
        if (reader == null) {
            return Outcome.IGNORED;
        }
        Optional<ReceiptReader.Result> finished = reader.finished(jobId);
        if (finished.isEmpty()) {
            if (attempt < MAX_JOB_CHECKS) {
                jobs.checkLater(owner, documentId, jobId, attempt + 1);
                return Outcome.READING;
            }
            finished = Optional.of(new ReceiptReader.Result(ReceiptReading.failed(
                    "Reading this file took too long; it is not read."), ""));
        }
        if (documents.storeReading(owner, documentId, finished.get().reading(), finished.get().text())) {
            LOG.info("receipt read in the background: {}", finished.get().reading().status());
            return Outcome.READ;
        }
        return Outcome.ALREADY_DONE;
    }

    /** S3 refuses a PUT whose bytes differ from a signed checksum; this holds the line wherever that is not so. */
    private static Optional<String> checksumMismatch(StoredDocument document, Analysis analysis) {
        String announced = document.announcedSha256();
        if (announced == null) {
            return Optional.empty();
        }
        String actual = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(analysis.sha256()));
        return announced.equals(actual) ? Optional.empty()
                : Optional.of("the file's content does not match the checksum announced for it");
    }

    /**
     * The indexer's path without its effects, for SnapStart's beforeCheckpoint: a Data API lookup
     * of a document nobody can own, an S3 read of a key that does not exist, and the analysis of a
     * small PDF shipped with the function (PDFBox is the largest part of a first invocation).
     * Nothing is written or deleted. Returns the analysis.
     */
    public Analysis prime(byte[] samplePdf) {
        try {
            documents.findForIndexing(new OwnerId(PRIMING_OWNER), new UUID(0, 0));
            objects.open(ReceiptKeys.UPLOAD_PREFIX + PRIMING_OWNER + "/none").ifPresent(ReceiptIndexer::closeQuietly);
        } catch (RuntimeException e) {
            // The database resuming or S3 refusing the read: the analysis below still warms PDFBox.
            LOG.warn("priming could not reach the database or S3", e);
        }
        return analyzer.analyze(new ByteArrayInputStream(samplePdf), "application/pdf", samplePdf.length);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was read
        }
    }

    public enum Outcome {
        AVAILABLE,
        AVAILABLE_DUPLICATE,
        REJECTED,
        ALREADY_DONE,
        OBJECT_GONE,
        UNKNOWN_OBJECT_DELETED,
        CHANGED_WHILE_CHECKING,
        /** a reading job still runs: asked about again later */
        READING,
        /** a reading job's outcome was stored */
        READ,
        IGNORED
    }
}
