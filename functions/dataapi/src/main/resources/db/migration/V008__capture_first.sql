-- Capture first: a receipt may be photographed and uploaded before its entry exists. Such a
-- document has no entry (entry_id NULL, which the foreign key does not check) until an entry is
-- created with it; until then it is listed in the owner's inbox of unattached receipts.
ALTER TABLE documents ALTER COLUMN entry_id DROP NOT NULL;

-- The inbox, newest first, keyset-paged.
CREATE INDEX documents_unattached ON documents (owner_id, created_at DESC, id DESC) WHERE entry_id IS NULL;
