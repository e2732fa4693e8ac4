package org.expensetracker.dataapi.document;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.document.Document;
import org.expensetracker.core.document.DocumentRepository;
import org.expensetracker.core.document.ReceiptReading;
import org.expensetracker.core.document.UploadRequest;
import org.expensetracker.core.entry.Cursor;
import org.expensetracker.core.entry.Page;
import org.expensetracker.core.entry.PageRequest;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlRow;
import org.expensetracker.dataapi.SqlStatement;

/**
 * Documents through the Data API, one statement per operation. Every change that affects search
 * also refreshes the entry's {@code receipt_text} (and count) in the same statement, so search
 * never sees a half-applied change.
 */
public final class DataApiDocumentRepository implements DocumentRepository {
    /** The searchable text of an entry's available receipts, in upload order. */
    private static final String RECEIPT_TEXT_OF_OTHERS = """
            SELECT o.file_name || ' ' || o.extracted_text AS text, o.created_at AS at FROM documents o
             WHERE o.owner_id = e.owner_id AND o.entry_id = e.id AND o.status = 'AVAILABLE' AND o.id <> :id""";

    /** A document its owner can reach: waiting in the inbox, or on an entry that is not in the trash. */
    private static final String VISIBLE = """
            (d.entry_id IS NULL OR EXISTS (SELECT 1 FROM entries e
                                            WHERE e.owner_id = d.owner_id AND e.id = d.entry_id AND e.deleted_at IS NULL))""";

    private final DataApiSql sql;

    public DataApiDocumentRepository(DataApiSql sql) {
        this.sql = sql;
    }

    @Override
    public CreateOutcome createPending(OwnerId owner, UUID entryId, UploadRequest request, String objectKey) {
        return entryId == null ? capture(owner, request, objectKey) : attach(owner, entryId, request, objectKey);
    }

    private CreateOutcome attach(OwnerId owner, UUID entryId, UploadRequest request, String objectKey) {
        // The entry row is locked so two concurrent uploads cannot both take the last free slot.
        SqlStatement statement = SqlStatement.of("""
                WITH entry AS (
                    SELECT id, document_count FROM entries
                     WHERE owner_id = :owner AND id = :entryId AND deleted_at IS NULL FOR UPDATE
                ), existing AS (
                    SELECT %1$s FROM documents d WHERE d.owner_id = :owner AND d.id = :id
                ), inserted AS (
                    INSERT INTO documents AS d (owner_id, id, entry_id, file_name, content_type, size_bytes,
                                                announced_sha256, object_key)
                    SELECT :owner, :id, entry.id, :fileName, :contentType, :size, :sha256, :key FROM entry
                     WHERE entry.document_count < :max AND NOT EXISTS (SELECT 1 FROM existing)
                    ON CONFLICT (owner_id, id) DO NOTHING
                    RETURNING %1$s
                ), counted AS (
                    UPDATE entries SET document_count = document_count + 1
                     WHERE owner_id = :owner AND id IN (SELECT doc_entry_id FROM inserted)
                    RETURNING id
                ), found AS (
                    SELECT true AS created, * FROM inserted UNION ALL SELECT false, * FROM existing
                )
                SELECT (SELECT count(*) FROM entry) AS entry_found, found.*
                  FROM (SELECT 1) one LEFT JOIN found ON true
                """.formatted(DocumentRows.columns("d")))
                .bind("owner", owner.value()).bind("entryId", entryId).bind("id", request.documentId())
                .bind("fileName", request.fileName()).bind("contentType", request.contentType())
                .bind("size", request.sizeBytes()).bind("sha256", request.sha256Base64()).bind("key", objectKey)
                .bind("max", (long) MAX_PER_ENTRY);
        SqlRow row = sql.execute(statement).first().orElseThrow();
        StoredDocument document = DocumentRows.read(row);
        if (document == null && row.longValue("entry_found") > 0) {
            // A concurrent announcement of the same id may have committed after our snapshot (we waited
            // for its lock on the entry): run again, which sees it, before calling the entry full.
            row = sql.execute(statement).first().orElseThrow();
            document = DocumentRows.read(row);
        }
        if (document != null) {
            return new CreateOutcome.Created(document, !row.booleanValue("created"));
        }
        return row.longValue("entry_found") > 0 ? new CreateOutcome.LimitReached() : new CreateOutcome.EntryMissing();
    }

    private CreateOutcome capture(OwnerId owner, UploadRequest request, String objectKey) {
        // No entry row to lock: the owner's transaction-scoped advisory lock serialises captures of
        // one owner, so two concurrent ones cannot both take the inbox's last free place.
        SqlStatement statement = SqlStatement.of("""
                WITH locked AS (
                    SELECT pg_advisory_xact_lock(hashtextextended('documents-unattached/' || :owner, 0)) AS ok
                ), waiting AS (
                    SELECT count(*) AS n FROM documents, locked
                     WHERE owner_id = :owner AND entry_id IS NULL
                ), existing AS (
                    SELECT %1$s FROM documents d WHERE d.owner_id = :owner AND d.id = :id
                ), inserted AS (
                    INSERT INTO documents AS d (owner_id, id, entry_id, file_name, content_type, size_bytes,
                                                announced_sha256, object_key)
                    SELECT :owner, :id, NULL, :fileName, :contentType, :size, :sha256, :key FROM waiting
                     WHERE waiting.n < :max AND NOT EXISTS (SELECT 1 FROM existing)
                    ON CONFLICT (owner_id, id) DO NOTHING
                    RETURNING %1$s
                ), found AS (
                    SELECT true AS created, * FROM inserted UNION ALL SELECT false, * FROM existing
                )
                SELECT found.* FROM (SELECT 1) one LEFT JOIN found ON true
                """.formatted(DocumentRows.columns("d")))
                .bind("owner", owner.value()).bind("id", request.documentId())
                .bind("fileName", request.fileName()).bind("contentType", request.contentType())
                .bind("size", request.sizeBytes()).bind("sha256", request.sha256Base64()).bind("key", objectKey)
                .bind("max", (long) MAX_UNATTACHED);
        SqlRow row = sql.execute(statement).first().orElseThrow();
        StoredDocument document = DocumentRows.read(row);
        if (document == null) {
            // As above: a concurrent capture of the same id may have committed after our snapshot.
            row = sql.execute(statement).first().orElseThrow();
            document = DocumentRows.read(row);
        }
        return document == null ? new CreateOutcome.LimitReached()
                : new CreateOutcome.Created(document, !row.booleanValue("created"));
    }

    @Override
    public Page<StoredDocument> unattached(OwnerId owner, PageRequest page) {
        SqlStatement statement = SqlStatement.of("");
        String after = "";
        if (page.after() != null) {
            after = " AND (d.created_at, d.id) < (:afterCreated, :afterId)";
            statement.bind("afterCreated", page.after().instantKey()).bind("afterId", page.after().id());
        }
        List<StoredDocument> rows = sql.execute(statement.withSql("SELECT " + DocumentRows.columns("d")
                        + " FROM documents d WHERE d.owner_id = :owner AND d.entry_id IS NULL" + after
                        + " ORDER BY d.created_at DESC, d.id DESC LIMIT :limit")
                        .bind("owner", owner.value()).bind("limit", page.limit() + 1L))
                .map(DocumentRows::read);
        if (rows.size() <= page.limit()) {
            return new Page<>(rows, null);
        }
        List<StoredDocument> items = rows.subList(0, page.limit());
        Document last = items.get(items.size() - 1).document();
        return new Page<>(List.copyOf(items), Cursor.ofInstant(last.createdAt(), last.id()).encode());
    }

    @Override
    public Optional<StoredDocument> find(OwnerId owner, UUID documentId) {
        return sql.execute(SqlStatement.of("""
                        SELECT %s FROM documents d
                         WHERE d.owner_id = :owner AND d.id = :id AND %s""".formatted(DocumentRows.columns("d"), VISIBLE))
                        .bind("owner", owner.value()).bind("id", documentId))
                .first().map(DocumentRows::read);
    }

    @Override
    public Optional<StoredDocument> findForIndexing(OwnerId owner, UUID documentId) {
        return sql.execute(SqlStatement.of(
                        "SELECT " + DocumentRows.columns("d") + " FROM documents d WHERE d.owner_id = :owner AND d.id = :id")
                        .bind("owner", owner.value()).bind("id", documentId))
                .first().map(DocumentRows::read);
    }

    @Override
    public Optional<String> delete(OwnerId owner, UUID documentId) {
        return sql.execute(SqlStatement.of("""
                        WITH target AS (
                            SELECT d.id FROM documents d WHERE d.owner_id = :owner AND d.id = :id AND %s
                        ), removed AS (
                            DELETE FROM documents WHERE owner_id = :owner AND id IN (SELECT id FROM target)
                            RETURNING entry_id, object_key
                        ), refreshed AS (
                            UPDATE entries e
                               SET document_count = document_count - 1,
                                   receipt_text = coalesce((SELECT string_agg(text, ' ' ORDER BY at) FROM (%s) t), '')
                             WHERE e.owner_id = :owner AND e.id IN (SELECT entry_id FROM removed)
                            RETURNING e.id
                        )
                        SELECT object_key FROM removed""".formatted(VISIBLE, RECEIPT_TEXT_OF_OTHERS))
                        .bind("owner", owner.value()).bind("id", documentId))
                .first().map(row -> row.string("object_key"));
    }

    @Override
    public Optional<Document> markAvailable(OwnerId owner, UUID documentId, String sha256, String text,
                                            Map<String, String> metadata, String acceptedKey) {
        // A duplicate is an earlier available receipt of the same owner with the same bytes.
        return sql.execute(SqlStatement.of("""
                        WITH marked AS (
                            UPDATE documents d
                               SET status = 'AVAILABLE', sha256 = :sha256, extracted_text = :text,
                                   metadata = :metadata, indexed_at = now(), object_key = :acceptedKey,
                                   duplicate_of = (SELECT o.id FROM documents o
                                                    WHERE o.owner_id = :owner AND o.sha256 = :sha256
                                                      AND o.status = 'AVAILABLE' AND o.id <> :id
                                                    ORDER BY o.created_at LIMIT 1)
                             WHERE d.owner_id = :owner AND d.id = :id AND d.status = 'PENDING'
                            RETURNING %s
                        ), refreshed AS (
                            UPDATE entries e
                               SET receipt_text = coalesce((SELECT string_agg(text, ' ' ORDER BY at) FROM (
                                       %s
                                       UNION ALL
                                       SELECT m.doc_file_name || ' ' || :text, m.doc_created_at FROM marked m) t), '')
                             WHERE e.owner_id = :owner AND e.id IN (SELECT doc_entry_id FROM marked)
                            RETURNING e.id
                        )
                        SELECT * FROM marked""".formatted(DocumentRows.columns("d"), RECEIPT_TEXT_OF_OTHERS))
                        .bind("owner", owner.value()).bind("id", documentId).bind("sha256", sha256)
                        .bind("text", text).bindJson("metadata", DocumentRows.json(metadata))
                        .bind("acceptedKey", acceptedKey))
                .first().map(row -> DocumentRows.read(row).document());
    }

    @Override
    public boolean storeReading(OwnerId owner, UUID documentId, ReceiptReading reading, String text) {
        return sql.execute(SqlStatement.of("""
                        WITH read AS (
                            UPDATE documents d
                               SET extracted = :reading,
                                   extracted_text = CASE WHEN d.extracted_text = '' THEN :text ELSE d.extracted_text END
                             WHERE d.owner_id = :owner AND d.id = :id AND d.status = 'AVAILABLE' AND d.extracted IS NULL
                            RETURNING d.entry_id, d.file_name, d.extracted_text, d.created_at
                        ), refreshed AS (
                            UPDATE entries e
                               SET receipt_text = coalesce((SELECT string_agg(text, ' ' ORDER BY at) FROM (
                                       %s
                                       UNION ALL
                                       SELECT r.file_name || ' ' || r.extracted_text, r.created_at FROM read r) t), '')
                             WHERE e.owner_id = :owner AND e.id IN (SELECT entry_id FROM read)
                            RETURNING e.id
                        )
                        SELECT count(*) AS stored FROM read""".formatted(RECEIPT_TEXT_OF_OTHERS))
                        .bind("owner", owner.value()).bind("id", documentId)
                        .bindJson("reading", ReadingJson.write(reading)).bind("text", text == null ? "" : text))
                .first().orElseThrow().longValue("stored") == 1;
    }

    @Override
    public void refreshReceiptText(OwnerId owner, UUID documentId) {
        sql.execute(SqlStatement.of("""
                        UPDATE entries e
                           SET receipt_text = coalesce((SELECT string_agg(o.file_name || ' ' || o.extracted_text, ' '
                                                                          ORDER BY o.created_at) FROM documents o
                                                         WHERE o.owner_id = e.owner_id AND o.entry_id = e.id
                                                           AND o.status = 'AVAILABLE'), '')
                         WHERE e.owner_id = :owner
                           AND e.id = (SELECT d.entry_id FROM documents d WHERE d.owner_id = :owner AND d.id = :id)""")
                .bind("owner", owner.value()).bind("id", documentId));
    }

    @Override
    public void markPreview(OwnerId owner, UUID documentId) {
        sql.execute(SqlStatement.of("""
                        UPDATE documents SET metadata = metadata || jsonb_build_object('preview', 'image/jpeg')
                         WHERE owner_id = :owner AND id = :id AND status = 'AVAILABLE'""")
                .bind("owner", owner.value()).bind("id", documentId));
    }

    @Override
    public boolean reserveReadingPages(OwnerId owner, java.time.YearMonth month, int pages, int monthlyCap) {
        return sql.execute(SqlStatement.of("""
                        INSERT INTO receipt_reading_usage AS u (owner_id, month, pages)
                        SELECT :owner, :month, :pages WHERE :pages <= :cap
                        ON CONFLICT (owner_id, month) DO UPDATE SET pages = u.pages + EXCLUDED.pages
                         WHERE u.pages + EXCLUDED.pages <= :cap
                        RETURNING pages""")
                        .bind("owner", owner.value()).bind("month", month.atDay(1)).bind("pages", (long) pages)
                        .bind("cap", (long) monthlyCap))
                .first().isPresent();
    }

    @Override
    public void releaseReadingPages(OwnerId owner, java.time.YearMonth month, int pages) {
        sql.execute(SqlStatement.of("""
                        UPDATE receipt_reading_usage SET pages = greatest(pages - :pages, 0)
                         WHERE owner_id = :owner AND month = :month""")
                .bind("owner", owner.value()).bind("month", month.atDay(1)).bind("pages", (long) pages));
    }

    @Override
    public boolean markRejected(OwnerId owner, UUID documentId, String reason) {
        return sql.execute(SqlStatement.of("""
                        UPDATE documents SET status = 'REJECTED', reject_reason = :reason, indexed_at = now()
                         WHERE owner_id = :owner AND id = :id AND status = 'PENDING'""")
                        .bind("owner", owner.value()).bind("id", documentId).bind("reason", reason))
                .updatedCount() == 1;
    }
}
