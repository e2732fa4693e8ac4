-- Account deletion. A row here is the job (QUEUED → DELETING → DONE) and, once DONE, the only trace
-- left of the account: its opaque owner id and when it went, no personal data. While a row exists,
-- nothing new may be stored for that owner (the triggers below), so an access token still valid for
-- a few minutes after the request cannot recreate what the job removes.
CREATE TABLE account_deletions (
    owner_id     text        PRIMARY KEY,
    status       text        NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'DELETING', 'DONE')),
    requested_at timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    redrives     integer     NOT NULL DEFAULT 0
);

-- The recovery sweep's look-up of deletions that are not finished (few at any time).
CREATE INDEX account_deletions_unfinished ON account_deletions (updated_at) WHERE status <> 'DONE';

CREATE FUNCTION refuse_deleted_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM account_deletions WHERE owner_id = NEW.owner_id) THEN
        -- The text is matched by the functions (ResumeRetry) to answer 401, not 500.
        RAISE EXCEPTION 'ACCOUNT_DELETED: this account is being deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER entries_refuse_deleted_owner BEFORE INSERT ON entries
    FOR EACH ROW EXECUTE FUNCTION refuse_deleted_owner();
CREATE TRIGGER documents_refuse_deleted_owner BEFORE INSERT ON documents
    FOR EACH ROW EXECUTE FUNCTION refuse_deleted_owner();
CREATE TRIGGER exports_refuse_deleted_owner BEFORE INSERT ON exports
    FOR EACH ROW EXECUTE FUNCTION refuse_deleted_owner();
