-- The European Central Bank's euro reference rates: public figures, the same for every user, so the
-- table has no owner. One row per currency and publishing day (the euro itself is stored as 1 on each
-- day, so a cross rate is found the same way for every pair). The key serves "the latest day on or
-- before D" per currency.
CREATE TABLE exchange_rates (
    currency   text          NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    rate_date  date          NOT NULL,
    per_euro   numeric(18,6) NOT NULL CHECK (per_euro > 0),
    fetched_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (currency, rate_date)
);
