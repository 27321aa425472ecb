package io.sextant.store;

import io.sextant.store.Metric.Part;
import io.sextant.store.ReportData.Item;
import io.sextant.store.ReportData.Samples;
import io.sextant.store.ReportData.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Computes a report in ONE DuckDB statement, so that every metric reads the same snapshot and each
 * event table is scanned at most once: a materialised CTE per table holds the rows of the chatbot
 * (and channel) in the needed time range, tagged with their bucket, and one {@code UNION ALL}
 * fragment per requested metric aggregates them into rows of a common shape
 * {@code (part, b, key, label, n, x)}. Only the CTEs and fragments of requested metrics are part of
 * the statement.
 *
 * <p>Bucket tag {@code b}: −1 for the previous period, else the 0-based bucket of W. Without a time
 * zone it is arithmetic, {@code (ts − from) // width}; with one, an ASOF join against the bound
 * list of bucket starts. Every value is bound; the SQL text is built only from constants.
 *
 * <p>Medians use {@code quantile_cont(x, 0.5)}: linear interpolation at position 0.5·(n−1) of the
 * sorted samples, which is the contract's definition.
 */
final class DuckDbReportStore implements ReportStore {

    private final JdbcClient jdbc;

    DuckDbReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(String part, Long b, String key, String label, long n, Double x) {}

    @Override
    public ReportData compute(ReportQuery q) {
        Statement st = new Statement(q);
        st.build();
        List<Row> rows = jdbc.sql(st.sql()).params(st.params)
                .query((rs, i) -> new Row(rs.getString("part"), (Long) rs.getObject("b", Long.class), rs.getString("key"),
                        rs.getString("label"), rs.getLong("n"), (Double) rs.getObject("x", Double.class)))
                .list();
        return assemble(q, rows);
    }

    /** The statement of one query: CTEs and fragments for the wanted metrics only. */
    private static final class Statement {
        private final ReportQuery q;
        private final String channel;
        private final Map<String, Object> params = new HashMap<>();
        private final Map<String, String> ctes = new LinkedHashMap<>();
        private final List<String> fragments = new ArrayList<>();

        Statement(ReportQuery q) {
            this.q = q;
            this.channel = q.channelId() == null ? "" : " AND channel_id = :channel";
            params.put("chatbot", q.chatbotId());
            if (q.channelId() != null) {
                params.put("channel", q.channelId());
            }
            params.put("from", q.from());
            params.put("to", q.to());
        }

        String sql() {
            String with = ctes.entrySet().stream().map(e -> e.getKey() + " AS MATERIALIZED (" + e.getValue() + ")")
                    .collect(Collectors.joining(",\n"));
            return (with.isEmpty() ? "" : "WITH " + with + "\n") + String.join("\nUNION ALL\n", fragments);
        }

        void build() {
            if (q.wants(Metric.CONVERSATIONS) || q.wants(Metric.CONVERSATION_LANGUAGES)
                    || q.wants(Metric.CONVERSATION_CHANNEL_TYPES) || q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                conversations();
            }
            if (q.wants(Metric.MESSAGES) || q.wants(Metric.USER_MESSAGE_LENGTH) || q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                messages();
            }
            if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                fragment(Metric.MESSAGES_PER_CONVERSATION, "NULL", "NULL", "NULL", "count(*)", "quantile_cont(coalesce(mc.n, 0), 0.5)",
                        "conv LEFT JOIN (SELECT conversation_id, count(*) AS n FROM msg WHERE b >= 0 GROUP BY conversation_id) mc"
                                + " ON mc.conversation_id = conv.conversation_id WHERE conv.b >= 0");
            }
            if (q.wants(Metric.INTENTS) || q.wants(Metric.INTENT_SCORE)) {
                intents();
            }
            if (q.wants(Metric.STEPS)) {
                fragment(Metric.STEPS, "NULL", "h.step_id", "lb.label", "h.n", "NULL",
                        "(SELECT step_id, count(*) AS n FROM steps WHERE chatbot_id = :chatbot" + channel
                                + " AND ts BETWEEN :from AND :to GROUP BY step_id) h"
                                + " LEFT JOIN (SELECT step_id, arg_max(step_name, (ts, seq)) AS label FROM steps"
                                + " WHERE chatbot_id = :chatbot" + channel + " AND step_name IS NOT NULL"
                                + " AND step_id IN (SELECT step_id FROM steps WHERE chatbot_id = :chatbot" + channel
                                + " AND ts BETWEEN :from AND :to) GROUP BY step_id) lb ON lb.step_id = h.step_id");
            }
            if (q.wants(Metric.INTERACTIONS)) {
                ctes.put("ix", tagged("SELECT ts FROM interactions WHERE chatbot_id = :chatbot" + channel
                        + " AND ts BETWEEN :ixLo AND :to", Metric.INTERACTIONS));
                params.put("ixLo", lo(Metric.INTERACTIONS));
                fragment(Metric.INTERACTIONS, "b", "NULL", "NULL", "count(*)", "count(*)", "ix GROUP BY b");
            }
            if (q.wants(Metric.CALL_SECONDS) || q.wants(Metric.CALL_DURATION) || q.wants(Metric.CALL_USER_INPUTS)
                    || q.wants(Metric.CALL_EXIT_STEPS) || q.wants(Metric.CALL_END_REASONS) || q.wants(Metric.CALL_TRANSFER_TARGETS)) {
                calls();
            }
        }

        private void conversations() {
            // A conversation's start is its earliest conversation.started (ties: lowest seq). Only
            // starts up to `to` can be that start for a conversation started in the range, so the
            // scan stops at `to`; it must reach back to the first event, for an earlier start.
            ctes.put("conv", tagged("SELECT conversation_id, min(ts) AS ts, arg_min(channel_id, (ts, seq)) AS channel_id"
                    + " FROM conversation_events WHERE chatbot_id = :chatbot" + channel + " AND started AND ts <= :to"
                    + " GROUP BY conversation_id HAVING min(ts) >= :convLo", Metric.CONVERSATIONS));
            params.put("convLo", lo(Metric.CONVERSATIONS));
            if (q.wants(Metric.CONVERSATIONS)) {
                fragment(Metric.CONVERSATIONS, "b", "NULL", "NULL", "count(*)", "count(*)", "conv GROUP BY b");
            }
            if (q.wants(Metric.CONVERSATION_LANGUAGES)) {
                fragment(Metric.CONVERSATION_LANGUAGES, "NULL", "l.language", "NULL", "count(*)", "NULL",
                        "conv LEFT JOIN (SELECT conversation_id, arg_max(language, (ts, seq)) AS language"
                                + " FROM conversation_events WHERE chatbot_id = :chatbot" + channel + " AND language IS NOT NULL"
                                + " AND conversation_id IN (SELECT conversation_id FROM conv WHERE b >= 0)"
                                + " GROUP BY conversation_id) l ON l.conversation_id = conv.conversation_id"
                                + " WHERE conv.b >= 0 GROUP BY l.language");
            }
            if (q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                fragment(Metric.CONVERSATION_CHANNEL_TYPES, "NULL", "ch.type", "NULL", "count(*)", "NULL",
                        "conv LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = conv.channel_id"
                                + " WHERE conv.b >= 0 GROUP BY ch.type");
            }
        }

        private void messages() {
            ctes.put("msg", tagged("SELECT ts, conversation_id, direction, length FROM messages WHERE chatbot_id = :chatbot"
                    + channel + " AND ts BETWEEN :msgLo AND :to", Metric.MESSAGES));
            params.put("msgLo", lo(Metric.MESSAGES));
            if (q.wants(Metric.MESSAGES)) {
                fragment(Metric.MESSAGES, "b", "direction", "NULL", "count(*)", "count(*)", "msg GROUP BY b, direction");
            }
            if (q.wants(Metric.USER_MESSAGE_LENGTH)) {
                fragment(Metric.USER_MESSAGE_LENGTH, "NULL", "NULL", "NULL", "count(*)", "quantile_cont(length, 0.5)",
                        "msg WHERE b >= 0 AND direction = 'user'");
            }
        }

        private void intents() {
            ctes.put("intent_w", "SELECT intent, score FROM intents WHERE chatbot_id = :chatbot" + channel
                    + " AND ts BETWEEN :from AND :to");
            if (q.wants(Metric.INTENTS)) {
                fragment(Metric.INTENTS, "NULL", "intent", "NULL", "count(*)", "NULL", "intent_w GROUP BY intent");
            }
            if (q.wants(Metric.INTENT_SCORE)) {
                fragment(Metric.INTENT_SCORE, "NULL", "NULL", "NULL", "count(*)", "quantile_cont(score, 0.5)", "intent_w");
            }
        }

        private void calls() {
            ctes.put("cl", tagged("SELECT ts, duration_seconds, user_inputs, end_reason, exit_step, transfer_target FROM calls"
                    + " WHERE chatbot_id = :chatbot" + channel + " AND ts BETWEEN :callLo AND :to", Metric.CALL_SECONDS));
            params.put("callLo", lo(Metric.CALL_SECONDS));
            if (q.wants(Metric.CALL_SECONDS)) {
                fragment(Metric.CALL_SECONDS, "b", "NULL", "NULL", "count(*)", "sum(duration_seconds)", "cl GROUP BY b");
            }
            if (q.wants(Metric.CALL_DURATION)) {
                fragment(Metric.CALL_DURATION, "NULL", "NULL", "NULL", "count(*)", "quantile_cont(duration_seconds, 0.5)", "cl WHERE b >= 0");
            }
            if (q.wants(Metric.CALL_USER_INPUTS)) {
                fragment(Metric.CALL_USER_INPUTS, "NULL", "NULL", "NULL", "count(*)", "quantile_cont(user_inputs, 0.5)", "cl WHERE b >= 0");
            }
            if (q.wants(Metric.CALL_EXIT_STEPS)) {
                fragment(Metric.CALL_EXIT_STEPS, "NULL", "exit_step", "NULL", "count(*)", "NULL", "cl WHERE b >= 0 GROUP BY exit_step");
            }
            if (q.wants(Metric.CALL_END_REASONS)) {
                fragment(Metric.CALL_END_REASONS, "NULL", "end_reason", "NULL", "count(*)", "NULL", "cl WHERE b >= 0 GROUP BY end_reason");
            }
            if (q.wants(Metric.CALL_TRANSFER_TARGETS)) {
                fragment(Metric.CALL_TRANSFER_TARGETS, "NULL", "transfer_target", "NULL", "count(*)", "NULL",
                        "cl WHERE b >= 0 AND transfer_target IS NOT NULL GROUP BY transfer_target");
            }
        }

        /** The first time a series' rows must cover: the previous period's start when it is wanted. */
        private long lo(Metric series) {
            return q.wants(series, Part.PREVIOUS) ? q.previousFrom() : q.from();
        }

        /**
         * Adds the bucket tag {@code b} to the rows of {@code source} (which has a {@code ts} column
         * and only rows up to {@code to}): −1 before {@code from}, else the bucket index, or 0 when
         * the series' buckets are not wanted.
         */
        private String tagged(String source, Metric series) {
            if (!q.wants(series, Part.BUCKETS)) {
                return "SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS b FROM (" + source + ")";
            }
            if (q.uniformWidth() > 0) {
                params.put("width", q.uniformWidth());
                return "SELECT *, CASE WHEN ts < :from THEN -1 ELSE (ts - :from) // :width END AS b FROM (" + source + ")";
            }
            params.put("starts", q.bucketStarts().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
            ctes.putIfAbsent("bucket_starts", "SELECT unnest(CAST(:starts AS BIGINT[])) AS s,"
                    + " generate_subscripts(CAST(:starts AS BIGINT[]), 1) - 1 AS i");
            // ASOF: each row joins the last bucket start at or before it; rows before `from` join none.
            return "SELECT src.*, coalesce(bs.i, -1) AS b FROM (" + source + ") src ASOF LEFT JOIN bucket_starts bs ON src.ts >= bs.s";
        }

        private void fragment(Metric part, String b, String key, String label, String n, String x, String from) {
            fragments.add("SELECT '" + part.name() + "' AS part, " + b + "::BIGINT AS b, " + key + "::VARCHAR AS key, "
                    + label + "::VARCHAR AS label, " + n + "::BIGINT AS n, " + x + "::DOUBLE AS x FROM " + from);
        }
    }

    private static ReportData assemble(ReportQuery q, List<Row> rows) {
        Map<Metric, List<Row>> byMetric = new EnumMap<>(Metric.class);
        for (Row r : rows) {
            byMetric.computeIfAbsent(Metric.valueOf(r.part()), k -> new ArrayList<>()).add(r);
        }
        Map<Metric, Series> series = new EnumMap<>(Metric.class);
        Map<Metric, List<Item>> distributions = new EnumMap<>(Metric.class);
        Map<Metric, Samples> samples = new EnumMap<>(Metric.class);
        for (Metric m : q.metrics().keySet()) {
            List<Row> mine = byMetric.getOrDefault(m, List.of());
            switch (m.kind()) {
                case SERIES -> series.put(m, series(q, m, mine));
                case DISTRIBUTION -> distributions.put(m, mine.stream().map(r -> new Item(r.key(), r.n(), r.label())).toList());
                case SAMPLES -> samples.put(m, mine.isEmpty() ? new Samples(null, 0) : new Samples(mine.getFirst().x(), mine.getFirst().n()));
            }
        }
        return new ReportData(series, distributions, samples);
    }

    private static Series series(ReportQuery q, Metric m, List<Row> rows) {
        double total = 0;
        double previous = 0;
        long events = 0;
        Map<String, Long> byKey = new HashMap<>();
        double[] buckets = new double[q.wants(m, Part.BUCKETS) ? q.bucketStarts().size() : 0];
        for (Row r : rows) {
            double x = r.x() == null ? 0 : r.x();
            if (r.b() < 0) {
                previous += x;
                continue;
            }
            total += x;
            events += r.n();
            if (r.key() != null) {
                byKey.merge(r.key(), r.n(), Long::sum);
            }
            if (buckets.length > 0) {
                buckets[r.b().intValue()] += x;
            }
        }
        return new Series(total, events, byKey, Arrays.stream(buckets).boxed().toList(), previous);
    }
}
