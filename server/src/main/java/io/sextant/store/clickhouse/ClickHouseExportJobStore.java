package io.sextant.store.clickhouse;

import io.sextant.store.ExportJobStore;
import io.sextant.store.ExportKind;
import io.sextant.store.ExportStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * Export jobs on ClickHouse: the {@code export_jobs} table, a replica on every node, read and
 * written on the first live node in configuration order. A job is the row of its greatest
 * {@code version}; every change writes the whole job again with the next version.
 */
final class ClickHouseExportJobStore implements ExportJobStore {

    private static final String COLUMNS = "id, chatbot_id, kind, from_ts, to_ts, timezone, status, progress, created_at, "
            + "completed_at, expires_at, error, attempts, filters, version";

    private final ClickHouseHttp ch;
    private final Coordination zk;

    ClickHouseExportJobStore(ClickHouseHttp ch, Coordination zk) {
        this.ch = ch.inOrder();
        this.zk = zk;
    }

    /** A ZooKeeper lock per job, held while it runs: of several API nodes, one runs it; its death frees it. */
    @Override
    public Optional<Claim> claim(String id) {
        return zk.tryLock("locks/export/" + Coordination.node(id));
    }

    private record Versioned(Job job, long version) {}

    @Override
    public void insert(Job job) {
        write(job, 1);
    }

    @Override
    public Optional<Job> find(String id) {
        return versioned(id).map(Versioned::job);
    }

    @Override
    public List<Job> unfinished() {
        return read(Sql.of("SELECT " + COLUMNS + " FROM export_jobs FINAL WHERE status IN ? ORDER BY created_at, id",
                List.of(ExportStatus.PENDING.wireName(), ExportStatus.RUNNING.wireName())));
    }

    @Override
    public void markRunning(String id) {
        change(id, Job::running);
    }

    @Override
    public void progress(String id, double progress) {
        change(id, j -> j.withProgress(progress));
    }

    @Override
    public void markCompleted(String id, long completedAt, long expiresAt) {
        change(id, j -> new Job(j.id(), j.chatbotId(), j.kind(), j.from(), j.to(), j.timezone(), ExportStatus.COMPLETED, 1,
                j.createdAt(), completedAt, expiresAt, j.error(), j.attempts(), j.filters()));
    }

    @Override
    public void markFailed(String id, String error) {
        change(id, j -> new Job(j.id(), j.chatbotId(), j.kind(), j.from(), j.to(), j.timezone(), ExportStatus.FAILED,
                j.progress(), j.createdAt(), j.completedAt(), j.expiresAt(), error, j.attempts(), j.filters()));
    }

    @Override
    public List<Job> expiredBefore(long now) {
        return read(Sql.of("SELECT " + COLUMNS + " FROM export_jobs FINAL WHERE status = ? AND expires_at < ? ORDER BY expires_at, id",
                ExportStatus.COMPLETED.wireName(), now));
    }

    @Override
    public void markExpired(String id) {
        change(id, j -> new Job(j.id(), j.chatbotId(), j.kind(), j.from(), j.to(), j.timezone(), ExportStatus.EXPIRED,
                j.progress(), j.createdAt(), j.completedAt(), j.expiresAt(), j.error(), j.attempts(), j.filters()));
    }

    private void change(String id, UnaryOperator<Job> how) {
        versioned(id).ifPresent(v -> write(how.apply(v.job()), v.version() + 1));
    }

    private Optional<Versioned> versioned(String id) {
        List<Versioned> found = new ArrayList<>();
        ch.query(Sql.of("SELECT " + COLUMNS + " FROM export_jobs FINAL WHERE id = ?", id),
                r -> found.add(new Versioned(job(r), r.get("version").asLong())));
        return found.stream().findFirst();
    }

    private List<Job> read(Sql sql) {
        List<Job> out = new ArrayList<>();
        ch.query(sql, r -> out.add(job(r)));
        return out;
    }

    private static Job job(JsonNode r) {
        return new Job(r.get("id").asString(), r.get("chatbot_id").asString(),
                ExportKind.fromWireName(r.get("kind").asString())
                        .orElseThrow(() -> new IllegalStateException("unknown stored export kind " + r.get("kind"))),
                r.get("from_ts").asLong(), r.get("to_ts").asLong(), ClickHouseChannelStore.text(r.get("timezone")),
                ExportStatus.fromWireName(r.get("status").asString())
                        .orElseThrow(() -> new IllegalStateException("unknown stored export status " + r.get("status"))),
                r.get("progress").asDouble(), r.get("created_at").asLong(),
                optLong(r.get("completed_at")), optLong(r.get("expires_at")), ClickHouseChannelStore.text(r.get("error")),
                r.get("attempts").asInt(), r.get("filters").valueStream().map(JsonNode::asString).toList());
    }

    private static Long optLong(JsonNode n) {
        return n == null || n.isNull() ? null : n.asLong();
    }

    private void write(Job j, long version) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", j.id());
        r.put("chatbot_id", j.chatbotId());
        r.put("kind", j.kind().wireName());
        r.put("from_ts", j.from());
        r.put("to_ts", j.to());
        r.put("timezone", j.timezone());
        r.put("status", j.status().wireName());
        r.put("progress", j.progress());
        r.put("created_at", j.createdAt());
        r.put("completed_at", j.completedAt());
        r.put("expires_at", j.expiresAt());
        r.put("error", j.error());
        r.put("attempts", j.attempts());
        r.put("filters", j.filters());
        r.put("version", version);
        ch.insert("export_jobs", List.of(r), Map.of());
    }
}
