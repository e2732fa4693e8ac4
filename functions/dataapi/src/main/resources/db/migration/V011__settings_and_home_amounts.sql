-- Every currency counted. An entry may carry what it cost in the user's home currency as charged
-- (the figure an accountant needs for a foreign bill); the user's settings name that currency, when
-- their fiscal year starts and how numbers are written for them. Without a row the deployment's
-- defaults apply.
ALTER TABLE entries ADD COLUMN home_amount numeric(14,2) CHECK (home_amount > 0);

CREATE TABLE user_settings (
    owner_id                text        PRIMARY KEY,
    home_currency           text        NOT NULL CHECK (home_currency ~ '^[A-Z]{3}$'),
    fiscal_year_start_month integer     NOT NULL CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
    locale                  text        NOT NULL CHECK (char_length(locale) BETWEEN 2 AND 35),
    updated_at              timestamptz NOT NULL DEFAULT now()
);

-- An account deletion removes this too, and nothing new may be stored for a deleted owner.
CREATE TRIGGER user_settings_refuse_deleted_owner BEFORE INSERT OR UPDATE ON user_settings
    FOR EACH ROW EXECUTE FUNCTION refuse_deleted_owner();
