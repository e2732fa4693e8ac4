package org.expensetracker.dataapi.export;

import java.math.BigDecimal;
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
 * page.
 *
 * <p>A row comes as four columns rather than nine: most of what the Data API sends, and what the
 * SDK decodes, is per field, not per byte. The id (a uuid), the date (sent as its number of days
 * since 1970-01-01: cheaper for PostgreSQL to write than {@code to_char}, and independent of the
 * session's DateStyle), the type, the amount and the currency (held to their shapes by the CHECK
 * constraints of {@code entries}) never contain a space, so they travel as one text, separated by
 * spaces, with the category (any text) after the fifth space; the description, the receipts and the
 * tags keep columns of their own. Every value arrives exactly as the database holds it.
 *
 * <p>The page size adapts to the rows: each {@link Page} tells how many rows the next one should
 * ask for so that its response comes to about {@value #TARGET_RESPONSE_BYTES} bytes, three quarters of
 * the Data API's 1 MiB response limit (fewer, larger pages cost fewer round trips; the quarter left is
 * for rows longer than those of the page before). A page that would still exceed the limit is asked
 * for again with half the rows.
 */
public final class ExportRowsQuery {
    /** The Data API's limit on the size of a response. */
    public static final int RESPONSE_LIMIT_BYTES = 1024 * 1024;
    /** What a page's response aims at, as estimated from the page before. */
    public static final int TARGET_RESPONSE_BYTES = RESPONSE_LIMIT_BYTES / 4 * 3;
    /** Rows of the first page, before anything is known of their size. */
    public static final int FIRST_PAGE_ROWS = 1000;
    /** The most rows a page asks for, however short they are: two pages are in memory at a time. */
    public static final int MAX_PAGE_ROWS = 5000;
    /**
     * Estimated response bytes of one row beyond its values: the row's brackets, and per column the field
     * object around the value ({@code {"stringValue":""},} or {@code {"isNull":true},}), slightly rounded up.
     */
    static final int ROW_OVERHEAD_BYTES = 2 + 4 * 20;

    /** Fields inside one receipt, and receipts inside one row: characters file names and keys never hold. */
    private static final String FIELD = "\t";
    private static final String RECORD = "\n";

    private final DataApiSql sql;

    public ExportRowsQuery(DataApiSql sql) {
        this.sql = sql;
    }

    /** The keyset condition of every page after the first. */
    public static final String AFTER_POSITION = "(entry_date, id) < (:afterDate, :afterId)";

    /**
     * The page statement with these conditions added to the owner's live entries; named parameters
     * {@code :owner}, {@code :limit} and the conditions' own. Public so that a benchmark can replay
     * exactly this SQL over JDBC.
     */
    public static String pageSql(List<String> conditions) {
        return PAGE_SQL.formatted(EntryFilterSql.and(conditions));
    }

    private static final String PAGE_SQL = """
                SELECT e.id::text || ' ' || (e.entry_date - date '1970-01-01')::text || ' ' || e.entry_type || ' '
                           || e.amount::text || ' ' || e.currency || ' ' || e.category AS head,
                       e.description,
                       -- document_count counts every document of the entry: most entries have none,
                       -- and for them the receipts lookup is skipped rather than probed row by row.
                       CASE WHEN e.document_count > 0 THEN
                       (SELECT string_agg(d.id::text || E'\\t' || d.file_name || E'\\t' || d.object_key, E'\\n'
                                          ORDER BY d.created_at, d.id)
                          FROM documents d
                         WHERE d.owner_id = e.owner_id AND d.entry_id = e.id AND d.status = 'AVAILABLE') END AS receipts,
                       -- tags never hold a control character, so a newline separates them
                       CASE WHEN e.tags <> '{}' THEN array_to_string(e.tags, E'\\n') END AS tags
                  FROM entries e
                 WHERE owner_id = :owner AND deleted_at IS NULL%s
                 ORDER BY entry_date DESC, id DESC
                 LIMIT :limit""";

    /**
     * Up to {@code limit} rows after the position ({@code null} = from the start); fewer, and the lower
     * limit noted in the page, when {@code limit} rows would not fit in a response.
     */
    public Page page(OwnerId owner, EntryFilter filter, Position after, int limit) {
        SqlStatement statement = SqlStatement.of("");
        List<String> where = EntryFilterSql.conditions(filter, statement);
        if (after != null) {
            where.add(AFTER_POSITION);
            statement.bind("afterDate", after.date()).bind("afterId", after.id());
        }
        String text = pageSql(where);
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
        return new Page(result.map(ExportRowsQuery::read), limit);
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
        // id date type amount currency category: five spaces, the category (which may hold spaces) last.
        String head = row.string("head");
        int[] space = new int[5];
        for (int i = 0, from = 0; i < space.length; i++) {
            space[i] = head.indexOf(' ', from);
            if (space[i] < 0) {
                throw new IllegalStateException("malformed export row head");
            }
            from = space[i] + 1;
        }
        return new Row(UUID.fromString(head.substring(0, space[0])),
                LocalDate.ofEpochDay(Long.parseLong(head, space[0] + 1, space[1], 10)),
                EntryType.valueOf(head.substring(space[1] + 1, space[2])),
                new BigDecimal(head.substring(space[2] + 1, space[3])),
                head.substring(space[3] + 1, space[4]),
                head.substring(space[4] + 1),
                row.string("description"), receipts, tags(row.string("tags")));
    }

    private static List<String> tags(String packed) {
        return packed == null ? List.of() : List.of(packed.split(RECORD));
    }

    /**
     * Whether any entry the export holds carries a tag, so its CSV gets a Tags column (and one without
     * tags keeps exactly the contract's columns). One statement, before the first page.
     */
    public boolean anyTagged(OwnerId owner, EntryFilter filter) {
        SqlStatement statement = SqlStatement.of("");
        List<String> where = EntryFilterSql.conditions(filter, statement);
        where.add("tags <> '{}'");
        String text = "SELECT EXISTS (SELECT 1 FROM entries e WHERE owner_id = :owner AND deleted_at IS NULL"
                + EntryFilterSql.and(where) + ") AS tagged";
        return sql.execute(statement.withSql(text).bind("owner", owner.value()))
                .first().orElseThrow().booleanValue("tagged");
    }

    /** The rows of one page and the row limit they were read with (lower than asked for when halved). */
    public record Page(List<Row> rows, int limit) {
        public Page {
            rows = List.copyOf(rows);
        }

        /** Whether this is the end: fewer rows than asked for means no more rows followed. */
        public boolean isLast() {
            return rows.size() < limit;
        }

        /** Where the next page starts; only for a page with rows. */
        public Position next() {
            return rows.get(rows.size() - 1).position();
        }

        /**
         * Rows for the next page: as many as come to about {@value ExportRowsQuery#TARGET_RESPONSE_BYTES}
         * response bytes at this page's bytes per row, at least 1 and at most
         * {@value ExportRowsQuery#MAX_PAGE_ROWS}.
         */
        public int nextLimit() {
            if (rows.isEmpty()) {
                return limit;
            }
            long bytes = 0;
            for (Row row : rows) {
                bytes += estimatedResponseBytes(row);
            }
            long fit = (long) TARGET_RESPONSE_BYTES * rows.size() / Math.max(1, bytes);
            return (int) Math.max(1, Math.min(MAX_PAGE_ROWS, fit));
        }
    }

    /** What one row weighs in an ExecuteStatement response: its values as JSON strings, plus the field objects. */
    static long estimatedResponseBytes(Row row) {
        long bytes = ROW_OVERHEAD_BYTES + 36 + 6 + row.type().name().length() // the date: up to six digits and a sign
                + row.amount().precision() + 2 // sign and point
                + jsonBytes(row.currency()) + jsonBytes(row.category()) + 5 // the spaces of the head
                + jsonBytes(row.description());
        for (String tag : row.tags()) {
            bytes += jsonBytes(tag) + 2; // and the escaped newline after it
        }
        for (Receipt receipt : row.receipts()) {
            // Two tabs and a newline around it, each escaped in two bytes.
            bytes += 36 + jsonBytes(receipt.fileName()) + jsonBytes(receipt.objectKey()) + 6;
        }
        return bytes;
    }

    /** UTF-8 bytes of a JSON string's content, a control character counted at its longest escape (six bytes). */
    static long jsonBytes(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                bytes += 6;
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                bytes += 2; // a surrogate pair is 4 bytes, 2 per half
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    public record Position(LocalDate date, UUID id) {
    }

    public record Receipt(UUID documentId, String fileName, String objectKey) {
    }

    public record Row(UUID id, LocalDate date, EntryType type, BigDecimal amount, String currency,
                      String category, String description, List<Receipt> receipts, List<String> tags) {
        /** A row without tags. */
        public Row(UUID id, LocalDate date, EntryType type, BigDecimal amount, String currency, String category,
                   String description, List<Receipt> receipts) {
            this(id, date, type, amount, currency, category, description, receipts, List.of());
        }

        public Position position() {
            return new Position(date, id);
        }
    }
}
