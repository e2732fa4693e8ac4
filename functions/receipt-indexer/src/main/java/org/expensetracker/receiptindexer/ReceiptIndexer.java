package org.expensetracker.receiptindexer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
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

    public enum Outcome {
        AVAILABLE,
        AVAILABLE_DUPLICATE,
        REJECTED,
        ALREADY_DONE,
        OBJECT_GONE,
        UNKNOWN_OBJECT_DELETED
    }
}
