-- Budgets: how much a user means to spend per category and month, in one currency. A category is
-- matched case-insensitively, as the category filter does; one budget per category.
CREATE TABLE budgets (
    owner_id   text          NOT NULL,
    category   text          NOT NULL CHECK (char_length(category) BETWEEN 1 AND 64),
    amount     numeric(14,2) NOT NULL CHECK (amount > 0),
    currency   text          NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    updated_at timestamptz   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX budgets_by_category ON budgets (owner_id, lower(category));

CREATE TRIGGER budgets_refuse_deleted_owner BEFORE INSERT ON budgets
    FOR EACH ROW EXECUTE FUNCTION refuse_deleted_owner();
