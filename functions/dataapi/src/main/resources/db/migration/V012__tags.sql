-- Tags on entries: at most 10 lower-case strings of at most 32 characters (the rules live in the
-- domain; the table keeps the count bounded too). Filtering by a tag is containment, served with
-- the owner in the same GIN index (btree_gin, as for search).
ALTER TABLE entries ADD COLUMN tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10);
CREATE INDEX entries_tags_by_owner ON entries USING gin (owner_id, tags) WHERE deleted_at IS NULL;
