-- Receipts read: what the reading of an accepted receipt found (null until it ran), and the pages
-- each owner had read per month, against the monthly cap (reading is billed per page on AWS).
ALTER TABLE documents ADD COLUMN extracted jsonb;

CREATE TABLE receipt_reading_usage (
    owner_id text    NOT NULL,
    month    date    NOT NULL,
    pages    integer NOT NULL DEFAULT 0 CHECK (pages >= 0),
    PRIMARY KEY (owner_id, month)
);

-- An account deletion removes this too, and nothing new may be counted for a deleted owner.
CREATE TRIGGER receipt_reading_usage_refuse_deleted_owner BEFORE INSERT ON receipt_reading_usage
    FOR EACH ROW EXECUTE FUNCTION refuse_deleted_owner();
