-- Receipts accepted but not read (the reader was unreachable until the queue gave up, or the run
-- stopped in between) are re-driven by the recovery sweep, which counts its attempts here and
-- after the last one stores the reading as FAILED with a reason, so nothing waits for good.
ALTER TABLE documents ADD COLUMN read_redrives integer NOT NULL DEFAULT 0;

CREATE INDEX documents_unread ON documents (indexed_at, owner_id, id) WHERE status = 'AVAILABLE' AND extracted IS NULL;
