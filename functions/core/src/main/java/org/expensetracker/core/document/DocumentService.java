package org.expensetracker.core.document;

import java.net.URI;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.Page;
import org.expensetracker.core.entry.PageRequest;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;

/** Attaching, reading and removing receipts. The bytes never pass through here: S3 takes them directly. */
public final class DocumentService {
    private final DocumentRepository documents;
    private final ReceiptObjects objects;

    public DocumentService(DocumentRepository documents, ReceiptObjects objects) {
        this.documents = documents;
        this.objects = objects;
    }

    /**
     * Records the document and issues its upload URL. Repeating the request with the same
     * document id (a retry on a bad network) returns the same document, with a fresh URL while
     * it is still waiting for its upload.
     */
    public Attached attach(OwnerId owner, UUID entryId, UploadRequest request) {
        java.util.Objects.requireNonNull(entryId, "entryId");
        return announce(owner, entryId, request);
    }

    /**
     * Captures a receipt before its entry exists (photograph first, type later): like
     * {@link #attach}, into the owner's inbox, from where creating an entry takes it.
     */
    public Attached capture(OwnerId owner, UploadRequest request) {
        return announce(owner, null, request);
    }

    /** The owner's receipts captured first that wait for an entry, newest first, with their links. */
    public Page<Readable> unattached(OwnerId owner, PageRequest page) {
        Page<DocumentRepository.StoredDocument> stored = documents.unattached(owner, page);
        return new Page<>(stored.items().stream()
                .map(document -> new Readable(document.document(), links(document.document(), document.objectKey())))
                .toList(), stored.nextCursor());
    }

    private Attached announce(OwnerId owner, UUID entryId, UploadRequest request) {
        String key = ReceiptKeys.upload(owner, request.documentId());
        DocumentRepository.CreateOutcome outcome = documents.createPending(owner, entryId, request, key);
        if (outcome instanceof DocumentRepository.CreateOutcome.EntryMissing) {
            throw DomainException.notFound("Entry");
        }
        if (outcome instanceof DocumentRepository.CreateOutcome.LimitReached) {
            throw new DomainException(ErrorCode.CONFLICT, entryId == null
                    ? "At most " + DocumentRepository.MAX_UNATTACHED
                            + " captured receipts can wait for an entry; add some to entries or delete them first."
                    : "An entry can hold at most " + DocumentRepository.MAX_PER_ENTRY + " receipts.");
        }
        var created = (DocumentRepository.CreateOutcome.Created) outcome;
        Document document = created.document().document();
        if (created.repeated() && !sameAnnouncement(created.document(), entryId, request)) {
            throw DomainException.conflict("A document with this id already exists with different content.");
        }
        ReceiptObjects.UploadUrl upload = document.status() == DocumentStatus.PENDING
                ? objects.uploadUrl(created.document().objectKey(), request) : null;
        return new Attached(document, upload, !created.repeated());
    }

    public Readable get(OwnerId owner, UUID documentId) {
        DocumentRepository.StoredDocument stored = documents.find(owner, documentId)
                .orElseThrow(() -> DomainException.notFound("Document"));
        return new Readable(stored.document(), links(stored.document(), stored.objectKey()));
    }

    public void delete(OwnerId owner, UUID documentId) {
        String key = documents.delete(owner, documentId).orElseThrow(() -> DomainException.notFound("Document"));
        // Row first: if removing the object fails, the maintenance sweep of orphans is not needed
        // for correctness, nobody can reach the object any more.
        objects.delete(key);
        objects.delete(ReceiptKeys.preview(key));
    }

    /**
     * The download, view and preview URLs of an AVAILABLE receipt (the others have no checked
     * bytes): all three signed locally, no call made. The preview exists once the indexer made it.
     */
    public Links links(Document document, String objectKey) {
        if (document.status() != DocumentStatus.AVAILABLE) {
            return Links.NONE;
        }
        URI preview = PREVIEW_TYPE.equals(document.metadata().get(PREVIEW_METADATA))
                ? objects.viewUrl(ReceiptKeys.preview(objectKey), "preview.jpg", PREVIEW_TYPE) : null;
        return new Links(objects.downloadUrl(objectKey, document.fileName(), document.contentType()),
                objects.viewUrl(objectKey, document.fileName(), document.contentType()), preview);
    }

    /** The metadata key the indexer sets when the receipt's preview is stored, with its content type. */
    public static final String PREVIEW_METADATA = "preview";
    public static final String PREVIEW_TYPE = "image/jpeg";

    public record Links(URI download, URI view, URI preview) {
        public static final Links NONE = new Links(null, null, null);
    }

    private static boolean sameAnnouncement(DocumentRepository.StoredDocument stored, UUID entryId, UploadRequest request) {
        Document document = stored.document();
        // a capture retried after its receipt went into an entry is still the same announcement
        return (entryId == null || entryId.equals(document.entryId())) && document.fileName().equals(request.fileName())
                && document.contentType().equals(request.contentType()) && document.sizeBytes() == request.sizeBytes()
                && java.util.Objects.equals(stored.announcedSha256(), request.sha256Base64());
    }

    public record Attached(Document document, ReceiptObjects.UploadUrl upload, boolean created) {
    }

    public record Readable(Document document, Links links) {
    }
}
