-- Export jobs. The worker claims a job with a lease: a duplicate message finds it leased and
-- does nothing; a crashed run's lease lapses before SQS redelivers, so the job is run again.
CREATE TABLE exports (
    owner_id            text        NOT NULL,
    id                  uuid        NOT NULL,
    status              text        NOT NULL DEFAULT 'QUEUED'
                                    CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    format              text        NOT NULL CHECK (format IN ('CSV', 'ZIP')),
    layout              text        NOT NULL CHECK (layout IN ('DEBIT_CREDIT', 'SIGNED')),
    -- the list filters, by their query-parameter names
    filters             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    request_fingerprint text        NOT NULL,
    object_key          text        NOT NULL,
    row_count           bigint      NOT NULL DEFAULT 0,
    bytes               bigint,
    error               text,
    attempts            integer     NOT NULL DEFAULT 0,
    lease_until         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    expires_at          timestamptz,
    PRIMARY KEY (owner_id, id)
);

-- "My recent exports".
CREATE INDEX exports_recent ON exports (owner_id, created_at DESC);
-- The clean-up of old exports.
CREATE INDEX exports_by_age ON exports (created_at);
