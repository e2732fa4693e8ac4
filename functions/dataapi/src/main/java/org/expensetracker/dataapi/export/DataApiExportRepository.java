package org.expensetracker.dataapi.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.export.ExportFormat;
import org.expensetracker.core.export.ExportJob;
import org.expensetracker.core.export.ExportLayout;
import org.expensetracker.core.export.ExportRepository;
import org.expensetracker.core.export.ExportRequest;
import org.expensetracker.core.export.ExportStatus;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlRow;
import org.expensetracker.dataapi.SqlStatement;

/** Export jobs through the Data API; every transition is one conditional statement. */
public final class DataApiExportRepository implements ExportRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COLUMNS = """
            owner_id, id, status, format, layout, filters::text AS filters, row_count, bytes, error, object_key,
            attempts, created_at, finished_at, expires_at""";

    private final DataApiSql sql;

    public DataApiExportRepository(DataApiSql sql) {
        this.sql = sql;
    }

    @Override
    public Created create(OwnerId owner, ExportRequest request, String fingerprint, String objectKey) {
        SqlStatement statement = SqlStatement.of("""
                        WITH inserted AS (
                            INSERT INTO exports (owner_id, id, format, layout, filters, request_fingerprint, object_key)
                            VALUES (:owner, :id, :format, :layout, :filters, :fingerprint, :key)
                            ON CONFLICT (owner_id, id) DO NOTHING
                            RETURNING %1$s, request_fingerprint, true AS created
                        )
                        SELECT * FROM inserted
                        UNION ALL
                        SELECT %1$s, request_fingerprint, false FROM exports
                         WHERE owner_id = :owner AND id = :id AND NOT EXISTS (SELECT 1 FROM inserted)""".formatted(COLUMNS))
                        .bind("owner", owner.value()).bind("id", request.id()).bind("format", request.format().name())
                        .bind("layout", request.layout().name()).bindJson("filters", json(request.filter().toParameters()))
                        .bind("fingerprint", fingerprint).bind("key", objectKey);
        // Neither inserted nor found means the same id was inserted concurrently and committed after our
        // snapshot; the statement run again sees it (only that race costs a second round trip).
        SqlRow row = sql.execute(statement).first().or(() -> sql.execute(statement).first())
                .orElseThrow(() -> new IllegalStateException("export " + request.id() + " neither inserted nor found"));
        return new Created(read(row), row.booleanValue("created"), row.string("request_fingerprint"));
    }

    @Override
    public Optional<ExportJob> find(OwnerId owner, UUID id) {
        return sql.execute(SqlStatement.of("SELECT " + COLUMNS + " FROM exports WHERE owner_id = :owner AND id = :id")
                .bind("owner", owner.value()).bind("id", id)).first().map(DataApiExportRepository::read);
    }

    @Override
    public List<ExportJob> recent(OwnerId owner, int limit) {
        return sql.execute(SqlStatement.of(
                        "SELECT " + COLUMNS + " FROM exports WHERE owner_id = :owner ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("owner", owner.value()).bind("limit", (long) limit)).map(DataApiExportRepository::read);
    }

    @Override
    public Optional<ExportJob> claim(OwnerId owner, UUID id, Duration lease) {
        return sql.execute(SqlStatement.of("""
                        UPDATE exports
                           SET status = 'RUNNING', attempts = attempts + 1, row_count = 0, error = NULL,
                               started_at = now(), lease_until = now() + make_interval(secs => :lease)
                         WHERE owner_id = :owner AND id = :id
                           AND (status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < now()))
                        RETURNING %s""".formatted(COLUMNS))
                .bind("owner", owner.value()).bind("id", id).bind("lease", lease.toSeconds()))
                .first().map(DataApiExportRepository::read);
    }

    @Override
    public void release(OwnerId owner, UUID id) {
        sql.execute(SqlStatement.of(
                        "UPDATE exports SET lease_until = now() WHERE owner_id = :owner AND id = :id AND status = 'RUNNING'")
                .bind("owner", owner.value()).bind("id", id));
    }

    @Override
    public void progress(OwnerId owner, UUID id, long rows) {
        sql.execute(SqlStatement.of(
                        "UPDATE exports SET row_count = :rows WHERE owner_id = :owner AND id = :id AND status = 'RUNNING'")
                .bind("owner", owner.value()).bind("id", id).bind("rows", rows));
    }

    @Override
    public boolean succeed(OwnerId owner, UUID id, long rows, long bytes, Instant expiresAt) {
        return sql.execute(SqlStatement.of("""
                        UPDATE exports SET status = 'SUCCEEDED', row_count = :rows, bytes = :bytes, finished_at = now(),
                                           expires_at = :expires, lease_until = NULL
                         WHERE owner_id = :owner AND id = :id AND status = 'RUNNING'""")
                .bind("owner", owner.value()).bind("id", id).bind("rows", rows).bind("bytes", bytes)
                .bind("expires", expiresAt)).updatedCount() == 1;
    }

    @Override
    public void fail(OwnerId owner, UUID id, String reason) {
        sql.execute(SqlStatement.of("""
                        UPDATE exports SET status = 'FAILED', error = :reason, finished_at = now(), lease_until = NULL
                         WHERE owner_id = :owner AND id = :id AND status IN ('QUEUED', 'RUNNING')""")
                .bind("owner", owner.value()).bind("id", id).bind("reason", reason));
    }

    static ExportJob read(SqlRow row) {
        return new ExportJob(new OwnerId(row.string("owner_id")), row.uuid("id"),
                ExportStatus.valueOf(row.string("status")), ExportFormat.valueOf(row.string("format")),
                ExportLayout.valueOf(row.string("layout")), EntryFilter.parse(parameters(row.string("filters"))::get),
                row.longValue("row_count"), row.isNull("bytes") ? null : row.longValue("bytes"), row.string("error"),
                row.string("object_key"), row.intValue("attempts"), row.instant("created_at"),
                row.instant("finished_at"), row.instant("expires_at"));
    }

    private static String json(Map<String, String> parameters) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(parameters));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parameters(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored filters are not a flat JSON object", e);
        }
    }
}
