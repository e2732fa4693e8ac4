package org.expensetracker.dataapi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.rdsdata.model.ColumnMetadata;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;

/** The rows of one statement, plus how many rows it changed. */
public final class SqlResult {
    private final List<SqlRow> rows;
    private final long updated;

    private SqlResult(List<SqlRow> rows, long updated) {
        this.rows = rows;
        this.updated = updated;
    }

    static SqlResult from(ExecuteStatementResponse response) {
        Map<String, Integer> columns = new HashMap<>();
        List<ColumnMetadata> metadata = response.columnMetadata();
        for (int i = 0; i < metadata.size(); i++) {
            columns.putIfAbsent(metadata.get(i).label(), i);
        }
        List<SqlRow> rows = new ArrayList<>(response.records().size());
        response.records().forEach(record -> rows.add(new SqlRow(columns, record)));
        return new SqlResult(rows, response.numberOfRecordsUpdated() == null ? 0 : response.numberOfRecordsUpdated());
    }

    public List<SqlRow> rows() {
        return rows;
    }

    public long updatedCount() {
        return updated;
    }

    public <T> List<T> map(Function<SqlRow, T> mapper) {
        List<T> mapped = new ArrayList<>(rows.size());
        rows.forEach(row -> mapped.add(mapper.apply(row)));
        return mapped;
    }

    public Optional<SqlRow> first() {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
