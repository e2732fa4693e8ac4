-- Entries: one row per expense or income. Every row belongs to an owner (the JWT sub); the
-- primary key starts with owner_id so one user's ids can never collide with, or reveal, another's.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE entries (
    owner_id           text          NOT NULL,
    id                 uuid          NOT NULL,
    entry_date         date          NOT NULL,
    entry_type         text          NOT NULL CHECK (entry_type IN ('DEBIT', 'CREDIT')),
    amount             numeric(14,2) NOT NULL CHECK (amount > 0),
    currency           text          NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    category           text          NOT NULL DEFAULT '' CHECK (char_length(category) <= 64),
    description        text          NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
    -- digest of the content of the create request, so a retried create is recognised
    create_fingerprint text          NOT NULL,
    version            bigint        NOT NULL DEFAULT 1,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    deleted_at         timestamptz,
    -- what text search matches, lower-cased once at write time so the trigram index serves ILIKE-style queries
    search_text        text          GENERATED ALWAYS AS (lower(category || ' ' || description)) STORED,
    PRIMARY KEY (owner_id, id)
);

-- Keyset listing, newest date first: WHERE owner_id = ? AND (entry_date, id) < (?, ?) ORDER BY entry_date DESC, id DESC.
CREATE INDEX entries_live_by_date ON entries (owner_id, entry_date DESC, id DESC) WHERE deleted_at IS NULL;

-- The trash view, most recently deleted first, and the purge of expired trash.
CREATE INDEX entries_trash_by_deleted ON entries (owner_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;

-- Case-insensitive substring search (LIKE '%word%') over category and description.
CREATE INDEX entries_search_trgm ON entries USING gin (search_text gin_trgm_ops);

-- Autocomplete by prefix, per owner.
CREATE INDEX entries_category_prefix ON entries (owner_id, lower(category) text_pattern_ops) WHERE deleted_at IS NULL;
CREATE INDEX entries_description_prefix ON entries (owner_id, lower(description) text_pattern_ops) WHERE deleted_at IS NULL;
