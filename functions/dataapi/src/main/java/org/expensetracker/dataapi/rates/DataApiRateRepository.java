package org.expensetracker.dataapi.rates;

import java.time.LocalDate;
import java.util.List;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.rates.EuroRate;
import org.expensetracker.core.rates.RateRepository;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlRow;
import org.expensetracker.dataapi.SqlStatement;

/** Reference rates through the Data API: a batch of rates per statement, a lookup in one. */
public final class DataApiRateRepository implements RateRepository {
    /**
     * Rates per statement, passed as one JSON parameter: the 90-day file (≈ 2,000 rates) takes two
     * statements, the full history since 1999 (≈ 200,000) a couple of hundred, each well under the Data
     * API's request size.
     */
    static final int BATCH = 1_000;

    private final DataApiSql sql;

    public DataApiRateRepository(DataApiSql sql) {
        this.sql = sql;
    }

    @Override
    public int store(List<EuroRate> rates) {
        int written = 0;
        for (int start = 0; start < rates.size(); start += BATCH) {
            List<EuroRate> batch = rates.subList(start, Math.min(rates.size(), start + BATCH));
            written += (int) sql.execute(SqlStatement.of("""
                            INSERT INTO exchange_rates AS x (currency, rate_date, per_euro)
                            SELECT r.currency, r.day, r.rate FROM jsonb_to_recordset(:rates) AS r(currency text, day date, rate numeric)
                            ON CONFLICT (currency, rate_date) DO UPDATE
                               SET per_euro = EXCLUDED.per_euro, fetched_at = now()
                             WHERE x.per_euro IS DISTINCT FROM EXCLUDED.per_euro""")
                    .bindJson("rates", json(batch))).updatedCount();
        }
        return written;
    }

    @Override
    public Lookup find(OwnerId owner, String from, String to, String defaultHome, LocalDate date, LocalDate earliest) {
        SqlRow row = sql.execute(SqlStatement.of("""
                        WITH target AS (
                            SELECT coalesce(:to, (SELECT home_currency FROM user_settings WHERE owner_id = :owner), :defaultHome)
                                   AS currency
                        )
                        SELECT target.currency AS to_currency, r.rate_date, r.from_per_euro, r.to_per_euro
                          FROM target
                          LEFT JOIN LATERAL (
                              SELECT f.rate_date, f.per_euro AS from_per_euro, t.per_euro AS to_per_euro
                                FROM exchange_rates f
                                JOIN exchange_rates t ON t.currency = target.currency AND t.rate_date = f.rate_date
                               WHERE f.currency = :from AND f.rate_date <= :date AND f.rate_date >= :earliest
                               ORDER BY f.rate_date DESC LIMIT 1) r ON true""")
                        .bind("owner", owner.value()).bind("from", from).bind("to", to).bind("defaultHome", defaultHome)
                        .bind("date", date).bind("earliest", earliest))
                .first().orElseThrow();
        return row.isNull("rate_date")
                ? new Lookup(row.string("to_currency"), null, null, null)
                : new Lookup(row.string("to_currency"), row.date("rate_date"), row.decimal("from_per_euro"),
                        row.decimal("to_per_euro"));
    }

    /** The batch as a JSON array; every value is a validated date, code or decimal, so nothing needs escaping. */
    private static String json(List<EuroRate> batch) {
        StringBuilder json = new StringBuilder(batch.size() * 48).append('[');
        for (EuroRate rate : batch) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"currency\":\"").append(rate.currency()).append("\",\"day\":\"").append(rate.date())
                    .append("\",\"rate\":").append(rate.perEuro().toPlainString()).append('}');
        }
        return json.append(']').toString();
    }
}
