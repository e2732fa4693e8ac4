-- Recovery of accepted work: the maintenance sweep re-drives exports and uploaded receipts whose
-- message was lost (a crash, a stop, a dead letter) and gives up after a bounded number of tries.
ALTER TABLE documents ADD COLUMN redrives integer NOT NULL DEFAULT 0;
ALTER TABLE exports ADD COLUMN redrives integer NOT NULL DEFAULT 0;

-- The sweep's look-up of jobs that are not finished (few at any time).
CREATE INDEX exports_unfinished ON exports (created_at) WHERE status IN ('QUEUED', 'RUNNING');
