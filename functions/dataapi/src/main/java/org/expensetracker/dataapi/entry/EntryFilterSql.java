package org.expensetracker.dataapi.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.dataapi.SqlStatement;

/**
 * SQL for an {@link EntryFilter}. Only the filters actually set become conditions, so the planner
 * sees a query shaped for them (a generic "(:x IS NULL OR col = :x)" would hide the indexes).
 */
public final class EntryFilterSql {
    private EntryFilterSql() {
    }

    /** Conditions over table {@code entries}; binds their parameters on {@code statement}. */
    public static List<String> conditions(EntryFilter filter, SqlStatement statement) {
        List<String> where = new ArrayList<>();
        if (filter.from() != null) {
            where.add("entry_date >= :from");
            statement.bind("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("entry_date <= :to");
            statement.bind("to", filter.to());
        }
        if (filter.text() != null) {
            // search_text is search_fold(category, description and receipt text), trigram-indexed; the query
            // is folded by the same SQL function (a constant the planner evaluates before it estimates)
            where.add("search_text LIKE '%' || search_fold(:text) || '%' ESCAPE '\\'");
            statement.bind("text", likeEscape(filter.text()));
        }
        if (filter.category() != null) {
            where.add("lower(category) = :category");
            statement.bind("category", filter.category().toLowerCase(Locale.ROOT));
        }
        if (filter.type() != null) {
            where.add("entry_type = :type");
            statement.bind("type", filter.type().name());
        }
        if (filter.minAmount() != null) {
            where.add("amount >= :minAmount");
            statement.bind("minAmount", filter.minAmount());
        }
        if (filter.maxAmount() != null) {
            where.add("amount <= :maxAmount");
            statement.bind("maxAmount", filter.maxAmount());
        }
        if (filter.currency() != null) {
            where.add("currency = :currency");
            statement.bind("currency", filter.currency());
        }
        if (filter.tag() != null) {
            // tags are stored lower-case; the GIN index (owner_id, tags) serves containment
            where.add("tags @> ARRAY[CAST(:tag AS text)]");
            statement.bind("tag", filter.tag());
        }
        return where;
    }

    public static String and(List<String> conditions) {
        return conditions.isEmpty() ? "" : " AND " + String.join(" AND ", conditions);
    }

    /** Makes user text match literally inside LIKE: % and _ are data, not wildcards. */
    public static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
