package org.expensetracker.dataapi.export;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlResult;
import org.expensetracker.dataapi.SqlRow;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.dataapi.entry.EntryFilterSql;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;

/**
 * Reads the rows of an export page by page, in the order and with exactly the filters of
 * GET /entries (the same SQL conditions), each row with its available receipts. One statement per
 * page; the page size adapts so a page stays under the Data API's 1 MiB response limit.
 */
public final class ExportRowsQuery {
    /** Fields inside one receipt, and receipts inside one row: characters file names and keys never hold. */
    private static final String FIELD = "\t";
    private static final String RECORD = "\n";

    private final DataApiSql sql;

    public ExportRowsQuery(DataApiSql sql) {
        this.sql = sql;
    }

    /** Up to {@code limit} rows after the position ({@code null} = from the start). */
    public List<Row> page(OwnerId owner, EntryFilter filter, Position after, int limit) {
        SqlStatement statement = SqlStatement.of("");
        List<String> where = EntryFilterSql.conditions(filter, statement);
        if (after != null) {
            where.add("(entry_date, id) < (:afterDate, :afterId)");
            statement.bind("afterDate", after.date()).bind("afterId", after.id());
        }
        String text = """
                SELECT e.id, e.entry_date, e.entry_type, e.amount, e.currency, e.category, e.description,
                       (SELECT string_agg(d.id::text || E'\\t' || d.file_name || E'\\t' || d.object_key, E'\\n'
                                          ORDER BY d.created_at, d.id)
                          FROM documents d
                         WHERE d.owner_id = e.owner_id AND d.entry_id = e.id AND d.status = 'AVAILABLE') AS receipts
                  FROM entries e
                 WHERE owner_id = :owner AND deleted_at IS NULL%s
                 ORDER BY entry_date DESC, id DESC
                 LIMIT :limit""".formatted(EntryFilterSql.and(where));
        SqlResult result;
        try {
            result = sql.execute(statement.withSql(text).bind("owner", owner.value()).bind("limit", (long) limit));
        } catch (BadRequestException e) {
            // Rows of long descriptions and many receipts: ask for fewer at a time.
            if (limit > 1 && e.getMessage() != null && e.getMessage().contains("response size")) {
                return page(owner, filter, after, limit / 2);
            }
            throw e;
        }
        return result.map(ExportRowsQuery::read);
    }

    private static Row read(SqlRow row) {
        List<Receipt> receipts = new ArrayList<>();
        String packed = row.string("receipts");
        if (packed != null) {
            for (String line : packed.split(RECORD)) {
                String[] fields = line.split(FIELD, 3);
                receipts.add(new Receipt(UUID.fromString(fields[0]), fields[1], fields[2]));
            }
        }
        return new Row(row.uuid("id"), row.date("entry_date"), EntryType.valueOf(row.string("entry_type")),
                row.decimal("amount"), row.string("currency"), row.string("category"), row.string("description"),
                receipts);
    }

    public record Position(LocalDate date, UUID id) {
    }

    public record Receipt(UUID documentId, String fileName, String objectKey) {
    }

    public record Row(UUID id, LocalDate date, EntryType type, java.math.BigDecimal amount, String currency,
                      String category, String description, List<Receipt> receipts) {
        public Position position() {
            return new Position(date, id);
        }
    }
}
