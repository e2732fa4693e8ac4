-- Receipts attached to entries. Rows carry the owner like every other table; the object lives in
-- S3 under receipts/<owner_id>/<id>. The indexer fills sha256, the extracted text and metadata.
CREATE TABLE documents (
    owner_id         text        NOT NULL,
    id               uuid        NOT NULL,
    entry_id         uuid        NOT NULL,
    file_name        text        NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255),
    content_type     text        NOT NULL,
    size_bytes       bigint      NOT NULL CHECK (size_bytes > 0),
    -- base64 SHA-256 the client announced (signed into the upload URL), if any
    announced_sha256 text,
    object_key       text        NOT NULL,
    status           text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'AVAILABLE', 'REJECTED')),
    reject_reason    text,
    sha256           text,
    duplicate_of     uuid,
    extracted_text   text        NOT NULL DEFAULT '',
    metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    indexed_at       timestamptz,
    PRIMARY KEY (owner_id, id),
    FOREIGN KEY (owner_id, entry_id) REFERENCES entries (owner_id, id) ON DELETE CASCADE
);

-- An entry's documents, in upload order.
CREATE INDEX documents_by_entry ON documents (owner_id, entry_id, created_at);
-- Duplicate detection: has this owner already got a receipt with these bytes?
CREATE INDEX documents_by_sha256 ON documents (owner_id, sha256) WHERE status = 'AVAILABLE';
-- The maintenance sweep of uploads that never happened.
CREATE INDEX documents_pending_since ON documents (created_at) WHERE status = 'PENDING';

-- Kept on the entry so listing needs no join: the number of documents, and the searchable text
-- of its available receipts (file names and extracted text), maintained with each document change.
ALTER TABLE entries ADD COLUMN document_count integer NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN receipt_text text NOT NULL DEFAULT '';

-- Search now covers receipts too: rebuild the generated column and its trigram index.
DROP INDEX entries_search_trgm;
ALTER TABLE entries DROP COLUMN search_text;
ALTER TABLE entries ADD COLUMN search_text text
    GENERATED ALWAYS AS (lower(category || ' ' || description || ' ' || receipt_text)) STORED;
CREATE INDEX entries_search_trgm ON entries USING gin (search_text gin_trgm_ops);
