-- Search is case- and accent-insensitive in every script, and the same on both sides: the stored
-- text and the query are folded by one SQL function (Java's lower-casing of a query is not
-- PostgreSQL's of the text: "İstanbul", "ΟΔΟΣ"). Folding: accents off (unaccent's rules, which
-- also turn İ into I), then lower-case, then the Greek final sigma as the ordinary one, so
-- "lubeck" finds "Lübeck" and "οδος" finds "ΟΔΟΣ". IMMUTABLE (the dictionary is named, not looked
-- up through search_path), so the generated column and its owner-scoped trigram index use it.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT translate(lower(public.unaccent('public.unaccent'::regdictionary, $1)), 'ς', 'σ') $$;

DROP INDEX entries_search_by_owner;
ALTER TABLE entries DROP COLUMN search_text;
ALTER TABLE entries ADD COLUMN search_text text
    GENERATED ALWAYS AS (search_fold(category || ' ' || description || ' ' || receipt_text)) STORED;
ALTER TABLE entries ALTER COLUMN search_text SET STATISTICS 1000;
CREATE INDEX entries_search_by_owner ON entries USING gin (owner_id, search_text gin_trgm_ops);
ANALYZE entries;

-- Listing order: newest date first, then the entry added last first, so the one just added is on
-- top of its day; keyset-paged over exactly this index. (Exports keep their (date, id) order and
-- entries_live_by_date: their position would have to carry the creation time too.)
CREATE INDEX entries_live_by_date_created ON entries (owner_id, entry_date DESC, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
