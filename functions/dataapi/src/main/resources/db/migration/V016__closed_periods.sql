-- Closed periods: once a user has filed a period (a quarter with the accountant, a fiscal year), the
-- entries dated on or before locked_through stay as they were filed until the user moves the lock back.
ALTER TABLE user_settings ADD COLUMN locked_through date;

-- The guard sits in the database, on every statement that writes entries, so no write path (the API,
-- bulk actions, a category rename, recurring schedules, an import) can forget it, and it costs no extra
-- round trip: one lookup by primary key per row written. Only a change a user could see counts (the
-- entry's own fields, moving it to or from the trash): bookkeeping columns (document_count, search_text
-- from a receipt's text) may still change, and a hard DELETE (the trash purge, an account deletion) is
-- not an edit of a filed period.
CREATE FUNCTION refuse_locked_period() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    locked date;
BEGIN
    SELECT s.locked_through INTO locked FROM user_settings s WHERE s.owner_id = NEW.owner_id;
    IF locked IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- a create repeated after the lock finds its entry there already: ON CONFLICT answers it as before
        IF NEW.entry_date <= locked AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.owner_id = NEW.owner_id AND e.id = NEW.id) THEN
            -- The text is matched by the functions (DataApiSql) to answer 409 PERIOD_LOCKED, with the date.
            RAISE EXCEPTION 'PERIOD_LOCKED through %', locked USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (OLD.entry_date <= locked OR NEW.entry_date <= locked)
       AND (NEW.entry_date, NEW.entry_type, NEW.amount, NEW.currency, NEW.category, NEW.description, NEW.tags,
            NEW.home_amount, NEW.deleted_at IS NULL)
           IS DISTINCT FROM
           (OLD.entry_date, OLD.entry_type, OLD.amount, OLD.currency, OLD.category, OLD.description, OLD.tags,
            OLD.home_amount, OLD.deleted_at IS NULL) THEN
        RAISE EXCEPTION 'PERIOD_LOCKED through %', locked USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER entries_refuse_locked_period BEFORE INSERT OR UPDATE ON entries
    FOR EACH ROW EXECUTE FUNCTION refuse_locked_period();
