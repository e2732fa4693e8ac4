package org.expensetracker.core.document;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.OwnerId;

/** Storage of receipt documents, scoped by owner like every other store. */
public interface DocumentRepository {
    int MAX_PER_ENTRY = 20;
    /** Receipts captured first that may wait at once for their entry. */
    int MAX_UNATTACHED = 200;

    /**
     * Records a PENDING document on a live entry of the owner, unless the entry already holds
     * {@link #MAX_PER_ENTRY} documents; with a null entry, in the owner's inbox of receipts captured
     * first, unless {@link #MAX_UNATTACHED} are already waiting there. A repeated request with the
     * same document id returns what was stored the first time.
     */
    CreateOutcome createPending(OwnerId owner, UUID entryId, UploadRequest request, String objectKey);

    /** The owner's receipts captured first and not yet in an entry, newest first. */
    org.expensetracker.core.entry.Page<StoredDocument> unattached(OwnerId owner,
                                                                  org.expensetracker.core.entry.PageRequest page);

    /** A document waiting in the inbox, or of a live entry (not in the trash). */
    Optional<StoredDocument> find(OwnerId owner, UUID documentId);

    /** Deletes the document (waiting, or of a live entry); returns its object key, to remove from S3. */
    Optional<String> delete(OwnerId owner, UUID documentId);

    /**
     * Recomputes the search text of the entry the document is in from its available receipts: for a
     * receipt that was attached to a new entry while it was being accepted.
     */
    void refreshReceiptText(OwnerId owner, UUID documentId);

    /** The indexer's view: the document by id whatever its entry's state. */
    Optional<StoredDocument> findForIndexing(OwnerId owner, UUID documentId);

    /**
     * PENDING → AVAILABLE with what the indexer found, the object key now pointing at the accepted
     * copy; makes the text searchable with its entry. Returns the stored document, or empty when it
     * was not PENDING any more (a repeated event, or another delivery won).
     */
    Optional<Document> markAvailable(OwnerId owner, UUID documentId, String sha256, String text, Map<String, String> metadata,
                                     String acceptedKey);

    /**
     * Stores what reading an AVAILABLE receipt found, once: a repeated reading (a redelivered event)
     * changes nothing. The text, where the receipt had none yet (photos, scans), joins its entry's
     * search text. False when the document is gone, not AVAILABLE, or already read.
     */
    boolean storeReading(OwnerId owner, UUID documentId, ReceiptReading reading, String text);

    /**
     * Counts {@code pages} against the owner's monthly reading cap; false (and nothing counted) when
     * they would go over it.
     */
    boolean reserveReadingPages(OwnerId owner, java.time.YearMonth month, int pages, int monthlyCap);

    /** Gives back pages reserved for a reading that could not be done (the reader failed): not billed. */
    void releaseReadingPages(OwnerId owner, java.time.YearMonth month, int pages);

    /** Notes that the receipt's preview is stored (metadata {@code preview: image/jpeg}). */
    void markPreview(OwnerId owner, UUID documentId);

    /** PENDING → REJECTED with a reason for the user; false when it was not PENDING. */
    boolean markRejected(OwnerId owner, UUID documentId, String reason);

    /** A document with where its object lives and what the client announced. */
    record StoredDocument(Document document, OwnerId owner, String objectKey, String announcedSha256) {
    }

    sealed interface CreateOutcome {
        record Created(StoredDocument document, boolean repeated) implements CreateOutcome {
        }

        record EntryMissing() implements CreateOutcome {
        }

        record LimitReached() implements CreateOutcome {
        }
    }
}
