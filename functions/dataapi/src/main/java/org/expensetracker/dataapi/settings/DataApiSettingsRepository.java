package org.expensetracker.dataapi.settings;

import org.expensetracker.core.OwnerId;
import org.expensetracker.core.settings.SettingsRepository;
import org.expensetracker.core.settings.UserSettings;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlRow;
import org.expensetracker.dataapi.SqlStatement;

/** Settings through the Data API: one statement per read or change. */
public final class DataApiSettingsRepository implements SettingsRepository {
    private final DataApiSql sql;

    public DataApiSettingsRepository(DataApiSql sql) {
        this.sql = sql;
    }

    @Override
    public UserSettings find(OwnerId owner, UserSettings defaults) {
        return sql.execute(SqlStatement.of("""
                        SELECT home_currency, fiscal_year_start_month, locale, locked_through
                          FROM user_settings WHERE owner_id = :owner""")
                        .bind("owner", owner.value()))
                .first().map(DataApiSettingsRepository::read).orElse(defaults);
    }

    @Override
    public UserSettings save(OwnerId owner, SettingsChange change, UserSettings defaults) {
        return read(sql.execute(SqlStatement.of("""
                        INSERT INTO user_settings AS s (owner_id, home_currency, fiscal_year_start_month, locale, locked_through)
                        VALUES (:owner, coalesce(:home, :defaultHome), coalesce(CAST(:month AS integer), CAST(:defaultMonth AS integer)),
                                coalesce(:locale, :defaultLocale), CAST(:locked AS date))
                        ON CONFLICT (owner_id) DO UPDATE
                           SET home_currency = coalesce(:home, s.home_currency),
                               fiscal_year_start_month = coalesce(CAST(:month AS integer), s.fiscal_year_start_month),
                               locale = coalesce(:locale, s.locale),
                               locked_through = CASE WHEN :lockGiven THEN CAST(:locked AS date) ELSE s.locked_through END,
                               updated_at = now()
                        RETURNING home_currency, fiscal_year_start_month, locale, locked_through""")
                        .bind("owner", owner.value())
                        .bind("home", change.homeCurrency()).bind("defaultHome", defaults.homeCurrency())
                        .bind("month", change.fiscalYearStartMonth() == null ? null : change.fiscalYearStartMonth().toString())
                        .bind("defaultMonth", Integer.toString(defaults.fiscalYearStartMonth()))
                        .bind("locale", change.locale()).bind("defaultLocale", defaults.locale())
                        .bind("lockGiven", change.lockGiven()).bind("locked", change.lockedThrough()))
                .first().orElseThrow());
    }

    private static UserSettings read(SqlRow row) {
        return new UserSettings(row.string("home_currency"), row.intValue("fiscal_year_start_month"), row.string("locale"),
                row.isNull("locked_through") ? null : row.date("locked_through"));
    }
}
