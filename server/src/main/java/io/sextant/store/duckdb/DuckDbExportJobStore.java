package io.sextant.store.duckdb;

import io.sextant.store.ExportJobStore;
import io.sextant.store.ExportKind;
import io.sextant.store.ExportStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

final class DuckDbExportJobStore implements ExportJobStore {

    private static final String COLUMNS = "id, chatbot_id, kind, from_ts, to_ts, timezone, status, progress, "
            + "created_at, completed_at, expires_at, error, attempts, filters";

    /** A row of {@link #COLUMNS}; the database keeps the kind and the status by their wire names. */
    private static final RowMapper<Job> JOB = (rs, row) -> new Job(rs.getString("id"), rs.getString("chatbot_id"),
            ExportKind.ofStored(rs.getString("kind")), rs.getLong("from_ts"), rs.getLong("to_ts"), rs.getString("timezone"),
            ExportStatus.ofStored(rs.getString("status")), rs.getDouble("progress"), rs.getLong("created_at"),
            nullableLong(rs, "completed_at"), nullableLong(rs, "expires_at"), rs.getString("error"), rs.getInt("attempts"),
            filters(rs));

    private final JdbcClient jdbc;

    DuckDbExportJobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(Job job) {
        // the filters go in as a DuckDB list built from bound values: list_value(?, ?, …)
        jdbc.sql("""
                INSERT INTO export_jobs (id, chatbot_id, kind, from_ts, to_ts, timezone, status, progress, created_at, filters)
                VALUES (:id, :chatbot, :kind, :from, :to, :timezone, :status, :progress, :created, %s)"""
                .formatted(job.filters().isEmpty() ? "[]::VARCHAR[]" : "list_value(:filters)"))
                .param("filters", job.filters())
                .param("id", job.id()).param("chatbot", job.chatbotId()).param("kind", job.kind().wireName())
                .param("from", job.from()).param("to", job.to()).param("timezone", job.timezone(), java.sql.Types.VARCHAR)
                .param("status", job.status().wireName()).param("progress", job.progress()).param("created", job.createdAt())
                .update();
    }

    @Override
    public Optional<Job> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM export_jobs WHERE id = :id").param("id", id).query(JOB).optional();
    }

    @Override
    public List<Job> unfinished() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM export_jobs WHERE status IN (:unfinished) ORDER BY created_at, id")
                .param("unfinished", List.of(ExportStatus.PENDING.wireName(), ExportStatus.RUNNING.wireName()))
                .query(JOB).list();
    }

    @Override
    public void markRunning(String id) {
        jdbc.sql("UPDATE export_jobs SET status = :status, progress = 0, attempts = attempts + 1 WHERE id = :id")
                .param("id", id).param("status", ExportStatus.RUNNING.wireName()).update();
    }

    @Override
    public void progress(String id, double progress) {
        jdbc.sql("UPDATE export_jobs SET progress = :progress WHERE id = :id").param("id", id).param("progress", progress).update();
    }

    @Override
    public void markCompleted(String id, long completedAt, long expiresAt) {
        jdbc.sql("UPDATE export_jobs SET status = :status, progress = 1, completed_at = :completedAt, expires_at = :expiresAt WHERE id = :id")
                .param("id", id).param("status", ExportStatus.COMPLETED.wireName())
                .param("completedAt", completedAt).param("expiresAt", expiresAt).update();
    }

    @Override
    public void markFailed(String id, String error) {
        jdbc.sql("UPDATE export_jobs SET status = :status, error = :error WHERE id = :id")
                .param("id", id).param("status", ExportStatus.FAILED.wireName()).param("error", error).update();
    }

    @Override
    public List<Job> expiredBefore(long now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM export_jobs WHERE status = :status AND expires_at < :now ORDER BY expires_at, id")
                .param("status", ExportStatus.COMPLETED.wireName()).param("now", now).query(JOB).list();
    }

    @Override
    public void markExpired(String id) {
        jdbc.sql("UPDATE export_jobs SET status = :status WHERE id = :id")
                .param("id", id).param("status", ExportStatus.EXPIRED.wireName()).update();
    }

    /** The stored filters; none on a job made before they were kept (V11 adds the column empty). */
    private static List<String> filters(ResultSet rs) throws SQLException {
        java.sql.Array a = rs.getArray("filters");
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
