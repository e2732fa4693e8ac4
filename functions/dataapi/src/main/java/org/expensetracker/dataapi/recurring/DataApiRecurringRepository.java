package org.expensetracker.dataapi.recurring;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFields;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.core.recurring.RecurringEntry;
import org.expensetracker.core.recurring.RecurringRepository;
import org.expensetracker.core.recurring.Schedule;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlRow;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.dataapi.TagsSql;

/** Recurring schedules through the Data API; making a schedule's entries is one statement. */
public final class DataApiRecurringRepository implements RecurringRepository {
    private static final String COLUMNS = "owner_id, id, frequency, every, start_date, end_date, entry_type, amount, currency,"
            + " category, description, " + TagsSql.column("recurring_schedules") + ", materialized_through, version,"
            + " create_fingerprint";
    private static final String TAGS = TagsSql.FROM_PARAMETER;

    private final DataApiSql sql;

    public DataApiRecurringRepository(DataApiSql sql) {
        this.sql = sql;
    }

    @Override
    public Created createIfAbsent(OwnerId owner, UUID id, Schedule schedule, EntryFields template, String fingerprint) {
        SqlStatement statement = bindAll(SqlStatement.of("""
                WITH inserted AS (
                    INSERT INTO recurring_schedules (owner_id, id, frequency, every, start_date, end_date, entry_type, amount,
                                                     currency, category, description, tags, create_fingerprint)
                    VALUES (:owner, :id, :frequency, :every, :start, :end, :type, :amount, :currency, :category,
                            :description, %2$s, :fingerprint)
                    ON CONFLICT (owner_id, id) DO NOTHING
                    RETURNING %1$s, true AS created
                )
                SELECT * FROM inserted
                UNION ALL
                SELECT %1$s, false AS created FROM recurring_schedules
                 WHERE owner_id = :owner AND id = :id AND NOT EXISTS (SELECT 1 FROM inserted)""".formatted(COLUMNS, TAGS)),
                owner, id, schedule, template).bind("fingerprint", fingerprint);
        SqlRow row = sql.execute(statement).first().or(() -> sql.execute(statement).first()).orElseThrow();
        return new Created(read(row), row.booleanValue("created"), row.string("create_fingerprint"));
    }

    @Override
    public List<RecurringEntry> list(OwnerId owner) {
        return sql.execute(SqlStatement.of("SELECT " + COLUMNS + " FROM recurring_schedules WHERE owner_id = :owner"
                        + " ORDER BY created_at, id").bind("owner", owner.value()))
                .map(DataApiRecurringRepository::read);
    }

    @Override
    public Optional<RecurringEntry> find(OwnerId owner, UUID id) {
        return sql.execute(SqlStatement.of("SELECT " + COLUMNS + " FROM recurring_schedules WHERE owner_id = :owner AND id = :id")
                        .bind("owner", owner.value()).bind("id", id))
                .first().map(DataApiRecurringRepository::read);
    }

    @Override
    public Optional<RecurringEntry> update(OwnerId owner, UUID id, Schedule schedule, EntryFields template) {
        return sql.execute(bindAll(SqlStatement.of("""
                        UPDATE recurring_schedules
                           SET frequency = :frequency, every = :every, start_date = :start, end_date = :end,
                               entry_type = :type, amount = :amount, currency = :currency, category = :category,
                               description = :description, tags = %2$s, version = version + 1, updated_at = now()
                         WHERE owner_id = :owner AND id = :id
                        RETURNING %1$s""".formatted(COLUMNS, TAGS)), owner, id, schedule, template))
                .first().map(DataApiRecurringRepository::read);
    }

    @Override
    public boolean delete(OwnerId owner, UUID id) {
        return sql.execute(SqlStatement.of("DELETE FROM recurring_schedules WHERE owner_id = :owner AND id = :id")
                .bind("owner", owner.value()).bind("id", id)).updatedCount() == 1;
    }

    @Override
    public List<Due> due(LocalDate today, Due after, int limit) {
        SqlStatement statement = SqlStatement.of("""
                SELECT %s FROM recurring_schedules
                 WHERE coalesce(materialized_through, start_date - 1) < :today
                   AND (end_date IS NULL OR materialized_through IS NULL OR materialized_through < end_date)
                   AND (owner_id, id) > (:afterOwner, :afterId)
                 ORDER BY owner_id, id LIMIT :limit""".formatted(COLUMNS))
                .bind("today", today).bind("limit", (long) limit)
                .bind("afterOwner", after == null ? "" : after.owner().value())
                .bind("afterId", after == null ? new UUID(0, 0) : after.entry().id());
        return sql.execute(statement).map(row -> new Due(new OwnerId(row.string("owner_id")), read(row)));
    }

    @Override
    public int materialize(Due due, List<LocalDate> dates) {
        RecurringEntry entry = due.entry();
        EntryFields template = entry.template();
        StringBuilder values = new StringBuilder();
        SqlStatement statement = SqlStatement.of("");
        for (int i = 0; i < dates.size(); i++) {
            if (i > 0) {
                values.append(", ");
            }
            values.append("(:id").append(i).append(", CAST(:date").append(i).append(" AS date))");
            statement.bind("id" + i, Schedule.entryId(entry.id(), dates.get(i))).bind("date" + i, dates.get(i));
        }
        // the entries and the schedule's progress in one statement: both happen or neither; a schedule
        // edited meanwhile (another version) is left for the next run, which makes its dates anew
        String text = """
                WITH advanced AS (
                    UPDATE recurring_schedules SET materialized_through = :through
                     WHERE owner_id = :owner AND id = :schedule AND version = :version
                    RETURNING id
                ), made AS (
                    INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category, description,
                                         tags, recurring_id, create_fingerprint)
                    SELECT :owner, d.id, d.entry_date, :type, :amount, :currency, :category, :description, %s,
                           :schedule, 'recurring'
                      FROM (VALUES %s) AS d(id, entry_date)
                     WHERE EXISTS (SELECT 1 FROM advanced)
                       -- a closed period is not added to: its dates pass without an entry
                       AND d.entry_date > coalesce((SELECT locked_through FROM user_settings WHERE owner_id = :owner),
                                                   date '-infinity')
                    ON CONFLICT (owner_id, id) DO NOTHING
                    RETURNING id
                )
                SELECT count(*) AS made FROM made""".formatted(TAGS, values);
        statement = statement.withSql(text)
                .bind("owner", due.owner().value()).bind("schedule", entry.id()).bind("version", entry.version())
                .bind("through", dates.get(dates.size() - 1))
                .bind("type", template.type().name()).bind("amount", template.amount()).bind("currency", template.currency())
                .bind("category", template.category()).bind("description", template.description())
                .bind("tags", TagsSql.parameter(template.tags()));
        return (int) sql.execute(statement).first().orElseThrow().longValue("made");
    }

    private static SqlStatement bindAll(SqlStatement statement, OwnerId owner, UUID id, Schedule schedule, EntryFields template) {
        return statement.bind("owner", owner.value()).bind("id", id)
                .bind("frequency", schedule.frequency().name()).bind("every", (long) schedule.every())
                .bind("start", schedule.start()).bind("end", schedule.end())
                .bind("type", template.type().name()).bind("amount", template.amount()).bind("currency", template.currency())
                .bind("category", template.category()).bind("description", template.description())
                .bind("tags", TagsSql.parameter(template.tags()));
    }

    private static RecurringEntry read(SqlRow row) {
        Schedule schedule = new Schedule(Schedule.Frequency.valueOf(row.string("frequency")), row.intValue("every"),
                row.date("start_date"), row.isNull("end_date") ? null : row.date("end_date"));
        EntryFields template = new EntryFields(row.date("start_date"), EntryType.valueOf(row.string("entry_type")),
                row.decimal("amount"), row.string("currency"), row.string("category"), row.string("description"), null,
                TagsSql.read(row.string("tags")));
        return new RecurringEntry(row.uuid("id"), schedule, template,
                row.isNull("materialized_through") ? null : row.date("materialized_through"), row.longValue("version"));
    }
}
