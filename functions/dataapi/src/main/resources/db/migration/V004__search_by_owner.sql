-- Search stays fast however many entries a user (or everyone else) has.
--
-- 1. The trigram index is scoped by owner: a search fetches only the user's own matches, never
--    every user's rows that contain the word. btree_gin lets owner_id sit in the same GIN index.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX entries_search_by_owner ON entries USING gin (owner_id, search_text gin_trgm_ops);
DROP INDEX entries_search_trgm;

-- 2. PostgreSQL estimates LIKE '%word%' from the histogram of search_text. With the default 100
--    buckets a word in 1% of the rows is often in no bucket at all, the estimate collapses to
--    0.01%, and the planner fetches and sorts every match instead of walking the user's newest
--    entries and stopping at the page size. 1000 buckets keep the estimate of common words close.
ALTER TABLE entries ALTER COLUMN search_text SET STATISTICS 1000;
ANALYZE entries;
