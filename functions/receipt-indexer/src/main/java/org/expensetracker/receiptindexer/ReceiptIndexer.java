package org.expensetracker.receiptindexer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.document.DocumentRepository;
import org.expensetracker.core.document.DocumentRepository.StoredDocument;
import org.expensetracker.core.document.DocumentStatus;
import org.expensetracker.core.document.ReceiptKeys;
import org.expensetracker.receiptindexer.content.Analysis;
import org.expensetracker.receiptindexer.content.ReceiptAnalyzer;
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

    private final DocumentRepository documents;
    private final S3Receipts objects;
    private final ReceiptAnalyzer analyzer;

    public ReceiptIndexer(DocumentRepository documents, S3Receipts objects, ReceiptAnalyzer analyzer) {
        this.documents = documents;
        this.objects = objects;
        this.analyzer = analyzer;
    }

    public Outcome index(String key) {
        Optional<ReceiptKeys.Parsed> parsed = ReceiptKeys.parse(key);
        if (parsed.isEmpty()) {
            LOG.warn("object under a key this application does not issue; deleting it");
            objects.delete(key);
            return Outcome.UNKNOWN_OBJECT_DELETED;
        }
        Optional<StoredDocument> stored = documents.findForIndexing(parsed.get().owner(), parsed.get().documentId());
        if (stored.isEmpty()) {
            // Never announced, or deleted by its owner since: nobody may keep bytes here.
            LOG.warn("object without a document; deleting it");
            objects.delete(key);
            return Outcome.UNKNOWN_OBJECT_DELETED;
        }
        StoredDocument document = stored.get();
        if (document.document().status() == DocumentStatus.REJECTED) {
            objects.delete(key); // finishes a rejection that was interrupted before the delete
            return Outcome.ALREADY_DONE;
        }
        if (document.document().status() != DocumentStatus.PENDING) {
            return Outcome.ALREADY_DONE;
        }
        Optional<InputStream> content = objects.open(key);
        if (content.isEmpty()) {
            return Outcome.OBJECT_GONE;
        }
        Analysis analysis;
        try (InputStream in = content.get()) {
            analysis = analyzer.analyze(in, document.document().contentType(), document.document().sizeBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (analysis.rejected()) {
            // Mark first, then delete: if the delete fails, the redelivered event finishes it.
            documents.markRejected(document.owner(), document.document().id(), analysis.rejectionReason().get());
            objects.delete(key);
            LOG.info("receipt rejected: {}", analysis.rejectionReason().get());
            return Outcome.REJECTED;
        }
        var available = documents.markAvailable(document.owner(), document.document().id(), analysis.sha256(),
                analysis.text(), analysis.metadata());
        if (available.isPresent() && available.get().duplicateOf() != null) {
            LOG.info("receipt available, duplicate of an earlier one");
            return Outcome.AVAILABLE_DUPLICATE;
        }
        return available.isPresent() ? Outcome.AVAILABLE : Outcome.ALREADY_DONE;
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
            objects.open("receipts/" + PRIMING_OWNER + "/none").ifPresent(ReceiptIndexer::closeQuietly);
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
        UNKNOWN_OBJECT_DELETED
    }
}
