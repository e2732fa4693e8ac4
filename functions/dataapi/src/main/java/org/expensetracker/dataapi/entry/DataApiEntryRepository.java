package org.expensetracker.dataapi.entry;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.document.DocumentRepository;
import org.expensetracker.core.entry.Cursor;
import org.expensetracker.core.entry.Entry;
import org.expensetracker.core.entry.EntryFields;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.entry.EntryRepository;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.core.entry.GroupBy;
import org.expensetracker.core.entry.Page;
import org.expensetracker.core.entry.PageRequest;
import org.expensetracker.core.entry.SuggestionQuery;
import org.expensetracker.core.entry.Summary;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlResult;
import org.expensetracker.dataapi.SqlRow;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.dataapi.TagsSql;
import org.expensetracker.dataapi.document.DocumentRows;

/**
 * Entries in Aurora PostgreSQL through the Data API. Each method is a single statement (one
 * round trip): conditional writes use CTEs and RETURNING instead of read-then-write.
 */
public final class DataApiEntryRepository implements EntryRepository {
    /** The columns every entry-returning statement selects, so one mapper reads them all. */
    static final String COLUMNS = columns("entries");

    /** The entry select list for table alias {@code a}. */
    static String columns(String a) {
        return String.join(", ", java.util.stream.Stream.of("id", "entry_date", "entry_type", "amount", "currency",
                "category", "description", "version", "created_at", "updated_at", "deleted_at", "document_count",
                "home_amount", "recurring_id")
                .map(column -> a + "." + column).toList())
                // the Data API carries no arrays: the tags travel as a JSON array
                + ", " + TagsSql.column(a);
    }

    /** A suggestion is found among the words of the user's this many most recent entries. */
    static final int SUGGESTION_WORDS_FROM = 5000;

    /** The entry columns as typed nulls, for the row that carries only a suggestion. */
    private static String nullColumns() {
        return "NULL::uuid AS id, NULL::date AS entry_date, NULL::text AS entry_type, NULL::numeric AS amount,"
                + " NULL::text AS currency, NULL::text AS category, NULL::text AS description, NULL::bigint AS version,"
                + " NULL::timestamptz AS created_at, NULL::timestamptz AS updated_at, NULL::timestamptz AS deleted_at,"
                + " NULL::integer AS document_count, NULL::numeric AS home_amount, NULL::uuid AS recurring_id,"
                + " NULL::text AS tags";
    }

    private final DataApiSql sql;

    public DataApiEntryRepository(DataApiSql sql) {
        this.sql = sql;
    }

    @Override
    public CreateOutcome createIfAbsent(OwnerId owner, UUID id, EntryFields fields, String fingerprint,
                                        List<UUID> documentIds) {
        if (!documentIds.isEmpty()) {
            return createWithDocuments(owner, id, fields, fingerprint, documentIds);
        }
        // The second branch sees the statement's snapshot: it finds the row only when it existed
        // before this statement, which is exactly the "not inserted" case.
        SqlStatement statement = SqlStatement.of("""
                WITH inserted AS (
                    INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category,
                                         description, home_amount, tags, create_fingerprint)
                    VALUES (:owner, :id, :date, :type, :amount, :currency, :category, :description, :homeAmount,
                            %2$s, :fingerprint)
                    ON CONFLICT (owner_id, id) DO NOTHING
                    RETURNING %1$s, create_fingerprint, true AS created
                )
                SELECT * FROM inserted
                UNION ALL
                SELECT %1$s, create_fingerprint, false AS created FROM entries
                 WHERE owner_id = :owner AND id = :id AND NOT EXISTS (SELECT 1 FROM inserted)
                """.formatted(COLUMNS, TagsSql.FROM_PARAMETER))
                .bind("owner", owner.value()).bind("id", id)
                .bind("date", fields.date()).bind("type", fields.type().name()).bind("amount", fields.amount())
                .bind("currency", fields.currency()).bind("category", fields.category())
                .bind("description", fields.description()).bind("homeAmount", fields.homeAmount())
                .bind("tags", TagsSql.parameter(fields.tags())).bind("fingerprint", fingerprint);
        // Neither inserted nor found: a concurrent create of the same id committed between our snapshot
        // and our insert (the insert waited for it). The same statement again sees that row, so the
        // request racing itself gets the one entry, and a second round trip happens only in that race.
        SqlRow row = sql.execute(statement).first().or(() -> sql.execute(statement).first()).orElseThrow(() ->
                DomainException.conflict("The entry is being created by another request; retry."));
        return new CreateOutcome(toEntry(row), row.booleanValue("created"), row.string("create_fingerprint"));
    }

    /**
     * Creates the entry and moves the named waiting receipts into it, in one statement. The receipts
     * are locked and read again as committed ({@code FOR UPDATE}), so one a concurrent request takes
     * first is no longer waiting here, and one accepted meanwhile brings its text; if any named
     * receipt is not the owner's waiting one (or already this entry's, on a retry), nothing is inserted.
     */
    private CreateOutcome createWithDocuments(OwnerId owner, UUID id, EntryFields fields, String fingerprint,
                                              List<UUID> documentIds) {
        SqlStatement statement = SqlStatement.of("""
                WITH wanted AS (
                    SELECT CAST(w AS uuid) AS id FROM unnest(string_to_array(:documentIds, ',')) AS w
                ), takeable AS (
                    SELECT d.id, d.status, d.file_name, d.extracted_text, d.created_at FROM documents d
                     WHERE d.owner_id = :owner AND d.id IN (SELECT id FROM wanted)
                       AND (d.entry_id IS NULL OR d.entry_id = :id)
                       FOR UPDATE
                ), complete AS (
                    SELECT (SELECT count(*) FROM takeable) = :wantedCount AS ok
                ), inserted AS (
                    INSERT INTO entries (owner_id, id, entry_date, entry_type, amount, currency, category,
                                         description, home_amount, tags, create_fingerprint, document_count, receipt_text)
                    SELECT :owner, :id, :date, :type, :amount, :currency, :category, :description, :homeAmount,
                           %2$s, :fingerprint,
                           :wantedCount,
                           coalesce((SELECT string_agg(t.file_name || ' ' || t.extracted_text, ' ' ORDER BY t.created_at)
                                       FROM takeable t WHERE t.status = 'AVAILABLE'), '')
                      FROM complete WHERE complete.ok
                    ON CONFLICT (owner_id, id) DO NOTHING
                    RETURNING %1$s, create_fingerprint, true AS created
                ), taken AS (
                    UPDATE documents d SET entry_id = :id
                     WHERE d.owner_id = :owner AND d.id IN (SELECT id FROM takeable) AND d.entry_id IS NULL
                       AND EXISTS (SELECT 1 FROM inserted)
                    RETURNING d.id
                ), found AS (
                    SELECT * FROM inserted
                    UNION ALL
                    SELECT %1$s, create_fingerprint, false AS created FROM entries
                     WHERE owner_id = :owner AND id = :id AND NOT EXISTS (SELECT 1 FROM inserted)
                )
                SELECT (SELECT ok FROM complete) AS documents_ok, found.* FROM (SELECT 1) one LEFT JOIN found ON true
                """.formatted(COLUMNS, TagsSql.FROM_PARAMETER))
                .bind("owner", owner.value()).bind("id", id)
                .bind("documentIds", String.join(",", documentIds.stream().map(UUID::toString).toList()))
                .bind("wantedCount", (long) documentIds.size())
                .bind("date", fields.date()).bind("type", fields.type().name()).bind("amount", fields.amount())
                .bind("currency", fields.currency()).bind("category", fields.category())
                .bind("description", fields.description()).bind("homeAmount", fields.homeAmount())
                .bind("tags", TagsSql.parameter(fields.tags())).bind("fingerprint", fingerprint);
        SqlRow row = sql.execute(statement).first().orElseThrow();
        if (row.isNull("id") && row.booleanValue("documents_ok")) {
            // As in the plain create: a concurrent create of the same id committed after our snapshot.
            row = sql.execute(statement).first().orElseThrow();
        }
        if (row.isNull("id")) {
            if (row.booleanValue("documents_ok")) {
                throw DomainException.conflict("The entry is being created by another request; retry.");
            }
            return new CreateOutcome(null, false, null);
        }
        return new CreateOutcome(toEntry(row), row.booleanValue("created"), row.string("create_fingerprint"));
    }

    @Override
    public Optional<Entry> find(OwnerId owner, UUID id) {
        return sql.execute(SqlStatement.of(
                        "SELECT " + COLUMNS + " FROM entries WHERE owner_id = :owner AND id = :id AND deleted_at IS NULL")
                        .bind("owner", owner.value()).bind("id", id))
                .first().map(DataApiEntryRepository::toEntry);
    }

    @Override
    public Optional<EntryDetails> findWithDocuments(OwnerId owner, UUID id) {
        // One round trip: the entry repeated beside each of its documents (or once, beside nulls).
        SqlResult result = sql.execute(SqlStatement.of("""
                        SELECT %s, %s FROM entries e
                          LEFT JOIN documents d ON d.owner_id = e.owner_id AND d.entry_id = e.id
                         WHERE e.owner_id = :owner AND e.id = :id AND e.deleted_at IS NULL
                         ORDER BY d.created_at, d.id""".formatted(columns("e"), DocumentRows.columns("d")))
                .bind("owner", owner.value()).bind("id", id));
        if (result.rows().isEmpty()) {
            return Optional.empty();
        }
        List<DocumentRepository.StoredDocument> documents = new ArrayList<>();
        result.rows().forEach(row -> {
            DocumentRepository.StoredDocument document = DocumentRows.read(row);
            if (document != null) {
                documents.add(document);
            }
        });
        return Optional.of(new EntryDetails(toEntry(result.rows().get(0)), documents));
    }

    @Override
    public Page<Entry> list(OwnerId owner, EntryFilter filter, PageRequest page) {
        SqlStatement statement = SqlStatement.of("");
        List<String> where = EntryFilterSql.conditions(filter, statement);
        if (page.after() != null) {
            Cursor.DateThenInstant after = page.after().dateThenInstantKey();
            where.add("(entry_date, created_at, id) < (:afterDate, :afterCreated, :afterId)");
            statement.bind("afterDate", after.date()).bind("afterCreated", after.instant()).bind("afterId", page.after().id());
        }
        // newest date first and, within a day, the entry added last first (the one just added is on top)
        String text = "SELECT " + COLUMNS + " FROM entries WHERE owner_id = :owner AND deleted_at IS NULL"
                + EntryFilterSql.and(where)
                + " ORDER BY entry_date DESC, created_at DESC, id DESC LIMIT :limit";
        if (filter.text() != null && page.after() == null) {
            // A first page of a text search: in the same statement, should it find nothing, what the user
            // may have meant, each word of the query replaced by the nearest word (trigram similarity) of
            // their most recent entries. Only computed for an empty result.
            text = """
                    WITH page AS (%s),
                    words AS MATERIALIZED (
                        SELECT DISTINCT word FROM (
                            SELECT search_text FROM entries
                             WHERE owner_id = :owner AND deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM page)
                             ORDER BY entry_date DESC, created_at DESC, id DESC LIMIT %d) recent,
                            regexp_split_to_table(recent.search_text, '[[:space:][:punct:]]+') AS word
                         WHERE char_length(word) BETWEEN 3 AND 40
                    ),
                    suggested AS (
                        SELECT string_agg(coalesce(best.word, asked.word), ' ' ORDER BY asked.n) AS suggestion,
                               bool_or(best.word IS NOT NULL AND best.word <> asked.word) AS changed
                          FROM regexp_split_to_table(search_fold(:asked), '\\s+') WITH ORDINALITY AS asked(word, n)
                          LEFT JOIN LATERAL (
                              SELECT w.word FROM words w
                               WHERE similarity(w.word, asked.word) >= 0.3
                               ORDER BY similarity(w.word, asked.word) DESC, w.word LIMIT 1) best ON true
                         WHERE NOT EXISTS (SELECT 1 FROM page) AND asked.word <> ''
                    )
                    SELECT page.*, NULL AS suggestion FROM page
                    UNION ALL
                    SELECT %s, suggestion FROM suggested WHERE changed
                    ORDER BY entry_date DESC NULLS LAST, created_at DESC, id DESC
                    """.formatted(text, SUGGESTION_WORDS_FROM, nullColumns());
            statement.bind("asked", filter.text());
        }
        SqlResult result = sql.execute(statement.withSql(text)
                .bind("owner", owner.value()).bind("limit", page.limit() + 1L));
        String suggestion = result.rows().size() == 1 && result.rows().get(0).isNull("id")
                ? result.rows().get(0).string("suggestion") : null;
        if (suggestion != null) {
            return new Page<>(List.of(), null, suggestion);
        }
        return page(result.map(DataApiEntryRepository::toEntry), page.limit(),
                last -> Cursor.ofDateThenInstant(last.fields().date(), last.createdAt(), last.id()));
    }

    @Override
    public UpdateOutcome update(OwnerId owner, UUID id, long expectedVersion, EntryFields fields) {
        SqlStatement statement = SqlStatement.of("""
                WITH target AS (
                    SELECT version FROM entries WHERE owner_id = :owner AND id = :id AND deleted_at IS NULL
                ), updated AS (
                    UPDATE entries
                       SET entry_date = :date, entry_type = :type, amount = :amount, currency = :currency,
                           category = :category, description = :description, home_amount = :homeAmount,
                           tags = %2$s,
                           version = version + 1, updated_at = now()
                     WHERE owner_id = :owner AND id = :id AND deleted_at IS NULL AND version = :expected
                    RETURNING %s
                )
                SELECT t.version AS current_version, u.*
                  FROM target t LEFT JOIN updated u ON true
                """.formatted(COLUMNS, TagsSql.FROM_PARAMETER))
                .bind("owner", owner.value()).bind("id", id).bind("expected", expectedVersion)
                .bind("date", fields.date()).bind("type", fields.type().name()).bind("amount", fields.amount())
                .bind("currency", fields.currency()).bind("category", fields.category())
                .bind("description", fields.description()).bind("homeAmount", fields.homeAmount())
                .bind("tags", TagsSql.parameter(fields.tags()));
        Optional<SqlRow> row = sql.execute(statement).first();
        if (row.isEmpty()) {
            return new UpdateOutcome.Missing();
        }
        if (row.get().isNull("id")) {
            return new UpdateOutcome.Stale(row.get().longValue("current_version"));
        }
        return new UpdateOutcome.Updated(toEntry(row.get()));
    }

    @Override
    public boolean moveToTrash(OwnerId owner, UUID id) {
        return sql.execute(SqlStatement.of("""
                UPDATE entries SET deleted_at = now(), version = version + 1, updated_at = now()
                 WHERE owner_id = :owner AND id = :id AND deleted_at IS NULL""")
                .bind("owner", owner.value()).bind("id", id)).updatedCount() == 1;
    }

    @Override
    public Page<Entry> trash(OwnerId owner, Duration retention, PageRequest page) {
        SqlStatement statement = SqlStatement.of("");
        String after = "";
        if (page.after() != null) {
            after = " AND (deleted_at, id) < (:afterDeleted, :afterId)";
            statement.bind("afterDeleted", page.after().instantKey()).bind("afterId", page.after().id());
        }
        String text = "SELECT " + COLUMNS + " FROM entries"
                + " WHERE owner_id = :owner AND deleted_at IS NOT NULL"
                + " AND deleted_at > now() - make_interval(secs => :retentionSeconds)" + after
                + " ORDER BY deleted_at DESC, id DESC LIMIT :limit";
        SqlResult result = sql.execute(statement.withSql(text).bind("owner", owner.value())
                .bind("retentionSeconds", retention.toSeconds()).bind("limit", page.limit() + 1L));
        return page(result.map(DataApiEntryRepository::toEntry), page.limit(),
                last -> Cursor.ofInstant(last.deletedAt(), last.id()));
    }

    @Override
    public Optional<Entry> restore(OwnerId owner, UUID id, Duration retention) {
        return sql.execute(SqlStatement.of("""
                UPDATE entries SET deleted_at = NULL, version = version + 1, updated_at = now()
                 WHERE owner_id = :owner AND id = :id AND deleted_at IS NOT NULL
                   AND deleted_at > now() - make_interval(secs => :retentionSeconds)
                RETURNING %s""".formatted(COLUMNS))
                .bind("owner", owner.value()).bind("id", id).bind("retentionSeconds", retention.toSeconds()))
                .first().map(DataApiEntryRepository::toEntry);
    }

    @Override
    public List<String> suggestions(OwnerId owner, SuggestionQuery query) {
        // a tag is one element of the entry's tags; the others are the column itself
        String from = query.field() == SuggestionQuery.Field.TAG ? "entries, unnest(entries.tags) AS tag" : "entries";
        String column = switch (query.field()) {
            case CATEGORY -> "category";
            case DESCRIPTION -> "description";
            case TAG -> "tag";
        };
        SqlStatement statement = SqlStatement.of("""
                SELECT %1$s AS value FROM %2$s
                 WHERE owner_id = :owner AND deleted_at IS NULL AND %1$s <> ''
                   AND lower(%1$s) LIKE :prefix ESCAPE '\\'
                 GROUP BY %1$s
                 ORDER BY count(*) DESC, max(updated_at) DESC, %1$s
                 LIMIT :limit""".formatted(column, from))
                .bind("owner", owner.value())
                .bind("prefix", EntryFilterSql.likeEscape(query.prefix().toLowerCase(Locale.ROOT)) + "%")
                .bind("limit", (long) query.limit());
        return sql.execute(statement).map(row -> row.string("value"));
    }

    @Override
    public List<UUID> bulk(OwnerId owner, org.expensetracker.core.entry.BulkAction action, Duration retention) {
        // every change bumps the version and updated_at, so a client's stale If-Match sees it
        String change;
        String state = "deleted_at IS NULL";
        switch (action.kind()) {
            case DELETE -> change = "deleted_at = now()";
            case RESTORE -> {
                change = "deleted_at = NULL";
                state = "deleted_at IS NOT NULL AND deleted_at > now() - make_interval(secs => :retentionSeconds)";
            }
            case SET_CATEGORY -> {
                change = "category = :category";
                state += " AND category IS DISTINCT FROM :category";
            }
            case ADD_TAG -> {
                change = "tags = tags || ARRAY[CAST(:tag AS text)]";
                state += " AND NOT (tags @> ARRAY[CAST(:tag AS text)]) AND cardinality(tags) < 10";
            }
            case REMOVE_TAG -> {
                change = "tags = array_remove(tags, CAST(:tag AS text))";
                state += " AND tags @> ARRAY[CAST(:tag AS text)]";
            }
            default -> throw new IllegalStateException(action.kind().name());
        }
        SqlStatement statement = SqlStatement.of("""
                UPDATE entries SET %s, version = version + 1, updated_at = now()
                 WHERE owner_id = :owner AND id = ANY (CAST(string_to_array(:ids, ',') AS uuid[])) AND %s
                RETURNING id""".formatted(change, state))
                .bind("owner", owner.value())
                .bind("ids", String.join(",", action.ids().stream().map(UUID::toString).toList()));
        if (action.kind() == org.expensetracker.core.entry.BulkAction.Kind.RESTORE) {
            statement.bind("retentionSeconds", retention.toSeconds());
        }
        if (action.category() != null) {
            statement.bind("category", action.category());
        }
        if (action.tag() != null) {
            statement.bind("tag", action.tag());
        }
        return sql.execute(statement).map(row -> row.uuid("id"));
    }

    @Override
    public List<Renamed> renameCategory(OwnerId owner, String from, String to) {
        // the old categories are read in the same statement (UPDATE … RETURNING sees only the new row)
        return sql.execute(SqlStatement.of("""
                        WITH old AS (
                            SELECT id, category FROM entries
                             WHERE owner_id = :owner AND deleted_at IS NULL AND lower(category) = lower(:from)
                               AND category IS DISTINCT FROM :to
                               -- a closed period keeps its entries as filed: the rename applies to the open ones
                               AND entry_date > coalesce((SELECT locked_through FROM user_settings WHERE owner_id = :owner),
                                                         date '-infinity')
                               FOR UPDATE
                        )
                        UPDATE entries e SET category = :to, version = e.version + 1, updated_at = now()
                          FROM old
                         WHERE e.owner_id = :owner AND e.id = old.id
                        RETURNING e.id, old.category AS previous""")
                        .bind("owner", owner.value()).bind("from", from).bind("to", to))
                .map(row -> new Renamed(row.uuid("id"), row.string("previous")));
    }

    @Override
    public Summary summary(OwnerId owner, EntryFilter filter, String defaultCurrency, GroupBy groupBy) {
        SqlStatement statement = SqlStatement.of("");
        List<String> where = EntryFilterSql.conditions(filter, statement);
        String key = groupBy == GroupBy.MONTH ? "to_char(entry_date, 'YYYY-MM')" : "category";
        // One pass over the filtered entries. The home currency is the user's (else the deployment's); the
        // totals and groups count one currency (the filter's, else the home one: the *_in sums), the
        // per-currency rows every entry, and the home totals each entry in the home currency or with what it
        // cost there (home_amount), counting those without as missing.
        String text = """
                WITH home AS (
                    SELECT coalesce((SELECT home_currency FROM user_settings WHERE owner_id = :owner), :defaultCurrency)
                           AS currency
                ), picked AS (
                    SELECT home.currency AS home_currency, coalesce(:filterCurrency, home.currency) AS totals_currency
                      FROM home
                )
                SELECT kind, group_key, currency_key, debit, credit, entries, picked.home_currency,
                       picked.totals_currency, home_debit, home_credit, home_entries, home_missing FROM (
                    SELECT CASE WHEN grouping(%1$s) = 0 THEN 'group' WHEN grouping(currency) = 0 THEN 'currency'
                                ELSE 'total' END AS kind,
                           %1$s AS group_key, currency AS currency_key,
                           CASE WHEN grouping(currency) = 0
                                THEN coalesce(sum(amount) FILTER (WHERE entry_type = 'DEBIT'), 0)
                                ELSE coalesce(sum(amount) FILTER (WHERE entry_type = 'DEBIT'
                                                                    AND currency = p.totals_currency), 0)
                           END AS debit,
                           CASE WHEN grouping(currency) = 0
                                THEN coalesce(sum(amount) FILTER (WHERE entry_type = 'CREDIT'), 0)
                                ELSE coalesce(sum(amount) FILTER (WHERE entry_type = 'CREDIT'
                                                                    AND currency = p.totals_currency), 0)
                           END AS credit,
                           CASE WHEN grouping(currency) = 0 THEN count(*)
                                ELSE count(*) FILTER (WHERE currency = p.totals_currency) END AS entries,
                           coalesce(sum(CASE WHEN currency = p.home_currency THEN amount ELSE home_amount END)
                                    FILTER (WHERE entry_type = 'DEBIT'), 0) AS home_debit,
                           coalesce(sum(CASE WHEN currency = p.home_currency THEN amount ELSE home_amount END)
                                    FILTER (WHERE entry_type = 'CREDIT'), 0) AS home_credit,
                           count(*) FILTER (WHERE currency = p.home_currency OR home_amount IS NOT NULL) AS home_entries,
                           count(*) FILTER (WHERE currency <> p.home_currency AND home_amount IS NULL) AS home_missing
                      FROM entries CROSS JOIN picked p
                     WHERE owner_id = :owner AND deleted_at IS NULL%2$s
                     GROUP BY GROUPING SETS ((%1$s), (currency), ())
                ) totals CROSS JOIN picked
                WHERE kind <> 'group' OR entries > 0""".formatted(key, EntryFilterSql.and(where));
        SqlResult result = sql.execute(statement.withSql(text).bind("owner", owner.value())
                .bind("defaultCurrency", defaultCurrency).bind("filterCurrency", filter.currency()));
        String totalsCurrency = filter.currency() == null ? defaultCurrency : filter.currency();
        BigDecimal debit = BigDecimal.ZERO.setScale(2);
        BigDecimal credit = BigDecimal.ZERO.setScale(2);
        long count = 0;
        Summary.HomeTotal home = null;
        List<Summary.Group> groups = new ArrayList<>();
        List<Summary.CurrencyTotal> currencies = new ArrayList<>();
        for (SqlRow row : result.rows()) {
            switch (row.string("kind")) {
                case "total" -> {
                    debit = row.decimal("debit").setScale(2);
                    credit = row.decimal("credit").setScale(2);
                    count = row.longValue("entries");
                    if (!row.isNull("totals_currency")) {
                        totalsCurrency = row.string("totals_currency");
                    }
                    if (!row.isNull("home_currency")) {
                        home = new Summary.HomeTotal(row.string("home_currency"), row.decimal("home_debit").setScale(2),
                                row.decimal("home_credit").setScale(2), row.longValue("home_entries"),
                                row.longValue("home_missing"));
                    }
                }
                case "currency" -> currencies.add(new Summary.CurrencyTotal(row.string("currency_key"),
                        row.decimal("debit").setScale(2), row.decimal("credit").setScale(2), row.longValue("entries")));
                default -> groups.add(new Summary.Group(row.string("group_key"), row.decimal("debit").setScale(2),
                        row.decimal("credit").setScale(2), row.longValue("entries")));
            }
        }
        // months in order; categories by how much went through them, then by name
        groups.sort(groupBy == GroupBy.MONTH ? java.util.Comparator.comparing(Summary.Group::key)
                : java.util.Comparator.comparing((Summary.Group g) -> g.debit().add(g.credit())).reversed()
                        .thenComparing(Summary.Group::key));
        currencies.sort(java.util.Comparator.comparingLong(Summary.CurrencyTotal::count).reversed()
                .thenComparing(Summary.CurrencyTotal::currency));
        return new Summary(totalsCurrency, debit, credit, count, groups, currencies, home);
    }

    static Entry toEntry(SqlRow row) {
        EntryFields fields = new EntryFields(row.date("entry_date"), EntryType.valueOf(row.string("entry_type")),
                row.decimal("amount"), row.string("currency"), row.string("category"), row.string("description"),
                row.isNull("home_amount") ? null : row.decimal("home_amount"), TagsSql.read(row.string("tags")));
        return new Entry(row.uuid("id"), fields, row.intValue("document_count"), row.longValue("version"),
                row.instant("created_at"), row.instant("updated_at"), row.instant("deleted_at"), row.uuid("recurring_id"));
    }

    /** Cuts the extra row fetched to learn whether another page exists. */
    private static Page<Entry> page(List<Entry> rows, int limit, java.util.function.Function<Entry, Cursor> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<Entry> items = rows.subList(0, limit);
        return new Page<>(items, cursorOf.apply(items.get(limit - 1)).encode());
    }
}
