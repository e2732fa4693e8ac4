-- Recurring entries (rent, salary, subscriptions): a schedule and the entry it makes on each date.
-- The scheduled maintenance materialises the dates up to today; each entry's id is derived from the
-- schedule and the date, so reruns, overlaps and crashes never make a duplicate, and
-- materialized_through (the last date made) means no period is skipped.
CREATE TABLE recurring_schedules (
    owner_id             text          NOT NULL,
    id                   uuid          NOT NULL,
    frequency            text          NOT NULL CHECK (frequency IN ('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY')),
    every                integer       NOT NULL CHECK (every BETWEEN 1 AND 366),
    start_date           date          NOT NULL,
    end_date             date          CHECK (end_date IS NULL OR end_date >= start_date),
    entry_type           text          NOT NULL CHECK (entry_type IN ('DEBIT', 'CREDIT')),
    amount               numeric(14,2) NOT NULL CHECK (amount > 0),
    currency             text          NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    category             text          NOT NULL DEFAULT '',
    description          text          NOT NULL DEFAULT '',
    tags                 text[]        NOT NULL DEFAULT '{}',
    materialized_through date,
    create_fingerprint   text          NOT NULL,
    version              bigint        NOT NULL DEFAULT 1,
    created_at           timestamptz   NOT NULL DEFAULT now(),
    updated_at           timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_id, id)
);

-- The maintenance run's worklist: schedules still making entries.
CREATE INDEX recurring_due ON recurring_schedules (coalesce(materialized_through, start_date - 1))
    WHERE end_date IS NULL OR materialized_through IS NULL OR materialized_through < end_date;

ALTER TABLE entries ADD COLUMN recurring_id uuid;

CREATE TRIGGER recurring_schedules_refuse_deleted_owner BEFORE INSERT ON recurring_schedules
    FOR EACH ROW EXECUTE FUNCTION refuse_deleted_owner();
