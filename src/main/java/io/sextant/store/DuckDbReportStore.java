package io.sextant.store;

import io.sextant.report.Percentile;
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
 * (and channel) in the needed time range, and one {@code UNION ALL} fragment per requested metric
 * aggregates them into rows of a common shape {@code (part, b, key, label, n, x)}. Only the CTEs and fragments of requested metrics are part of
 * the statement.
 *
 * <p>Rows are tagged {@code b} = −1 for the previous period and 0 for W; series that show buckets
 * aggregate into a grid first and map the aggregates to buckets by an ASOF join (see
 * {@code series}). Every value is bound; the SQL text is built only from constants.
 *
 * <p>Medians are the contract's percentile 0.5 ({@link DuckDbPercentile}), read off a count per
 * distinct value.
 */
final class DuckDbReportStore implements ReportStore {

    private final JdbcClient jdbc;

    DuckDbReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(String part, Long b, String key, String label, long n, Double x) {}

    /** The SQL text and the bound values the store sends for a query. */
    record Sql(String text, Map<String, Object> params) {}

    /** What {@link #compute} sends for {@code q}. */
    static Sql sql(ReportQuery q) {
        Statement st = new Statement(q);
        st.build();
        return new Sql(st.sql(), Map.copyOf(st.params));
    }

    @Override
    public ReportData compute(ReportQuery q) {
        Sql st = sql(q);
        List<Row> rows = jdbc.sql(st.text()).params(st.params())
                .query((rs, i) -> new Row(rs.getString("part"), rs.getObject("b", Long.class), rs.getString("key"),
                        rs.getString("label"), rs.getLong("n"), rs.getObject("x", Double.class)))
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
            params.put("rollupChannel", q.channelId() == null ? "" : q.channelId()); // '' = all channels
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
            if (q.wants(Metric.MESSAGES) || q.wants(Metric.USER_MESSAGE_LENGTH)) {
                messages();
            }
            if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                messagesPerConversation();
            }
            if (q.wants(Metric.INTENTS) || q.wants(Metric.INTENT_SCORE)) {
                intents();
            }
            if (q.wants(Metric.STEPS)) {
                fragment(Metric.STEPS, "NULL", "h.step_id", "lb.step_name", "h.n", "NULL",
                        "(SELECT step_id, count(*) AS n FROM steps WHERE chatbot_id = :chatbot" + channel
                                + " AND ts BETWEEN :from AND :to GROUP BY step_id) h"
                                + " LEFT JOIN step_labels lb ON lb.chatbot_id = :chatbot AND lb.channel_id = ''" // the chatbot's label, from any channel
                                + " AND lb.step_id = h.step_id");
            }
            if (q.wants(Metric.INTERACTIONS)) {
                ctes.put("ix", period("SELECT ts FROM interactions WHERE chatbot_id = :chatbot" + channel
                        + " AND ts BETWEEN :ixLo AND :to"));
                params.put("ixLo", lo(Metric.INTERACTIONS));
                series(Metric.INTERACTIONS, "ix", "NULL", "count(*)");
            }
            if (q.wants(Metric.CALL_SECONDS) || q.wants(Metric.CALL_DURATION) || q.wants(Metric.CALL_USER_INPUTS)
                    || q.wants(Metric.CALL_EXIT_STEPS) || q.wants(Metric.CALL_END_REASONS) || q.wants(Metric.CALL_TRANSFER_TARGETS)) {
                calls();
            }
        }

        private void conversations() {
            // The conversations rollup holds each conversation's start (earliest conversation.started,
            // on this channel for a channel report) and its latest language, kept at ingestion.
            ctes.put("conv", period("SELECT conversation_id, start_ts AS ts, start_channel AS channel_id, language,"
                    + " messages, first_message_ts, last_message_ts FROM conversations WHERE chatbot_id = :chatbot AND channel_id = :rollupChannel"
                    + " AND start_ts BETWEEN :convLo AND :to"));
            params.put("convLo", lo(Metric.CONVERSATIONS));
            if (q.wants(Metric.CONVERSATIONS)) {
                series(Metric.CONVERSATIONS, "conv", "NULL", "count(*)");
            }
            if (q.wants(Metric.CONVERSATION_LANGUAGES)) {
                fragment(Metric.CONVERSATION_LANGUAGES, "NULL", "language", "NULL", "count(*)", "NULL",
                        "conv WHERE b >= 0 GROUP BY language");
            }
            if (q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                fragment(Metric.CONVERSATION_CHANNEL_TYPES, "NULL", "ch.type", "NULL", "count(*)", "NULL",
                        "conv LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = conv.channel_id"
                                + " WHERE conv.b >= 0 GROUP BY ch.type");
            }
        }

        /**
         * The rollup counts each conversation's messages at any time (on the channel, for a channel
         * report), with the first and last time. A conversation whose messages all lie in W needs
         * nothing more; for the few that cross an edge of W (long ones, or ones with messages
         * before their start), the messages outside W are counted and taken off. Those lie between
         * the earliest first message and {@code from}, and between {@code to} and the latest last
         * message of the crossing conversations: two short ranges the zone maps find quickly.
         */
        private void messagesPerConversation() {
            ctes.put("crossing", "SELECT conversation_id, first_message_ts, last_message_ts FROM conv"
                    + " WHERE b >= 0 AND (first_message_ts < :from OR last_message_ts > :to)");
            ctes.put("outside", "SELECT conversation_id, count(*) AS n FROM ("
                    + "SELECT conversation_id FROM messages WHERE chatbot_id = :chatbot" + channel
                    + " AND ts < :from AND ts >= (SELECT min(first_message_ts) FROM crossing)"
                    + " AND conversation_id IN (SELECT conversation_id FROM crossing WHERE first_message_ts < :from)"
                    + " UNION ALL SELECT conversation_id FROM messages WHERE chatbot_id = :chatbot" + channel
                    + " AND ts > :to AND ts <= (SELECT max(last_message_ts) FROM crossing)"
                    + " AND conversation_id IN (SELECT conversation_id FROM crossing WHERE last_message_ts > :to)"
                    + ") GROUP BY conversation_id");
            median(Metric.MESSAGES_PER_CONVERSATION, "conv.messages - coalesce(o.n, 0)",
                    "conv LEFT JOIN outside o ON o.conversation_id = conv.conversation_id WHERE conv.b >= 0");
        }

        private void messages() {
            ctes.put("msg", period("SELECT ts, direction, length FROM messages WHERE chatbot_id = :chatbot"
                    + channel + " AND ts BETWEEN :msgLo AND :to"));
            params.put("msgLo", lo(Metric.MESSAGES));
            if (q.wants(Metric.MESSAGES)) {
                series(Metric.MESSAGES, "msg", "direction", "count(*)");
            }
            if (q.wants(Metric.USER_MESSAGE_LENGTH)) {
                median(Metric.USER_MESSAGE_LENGTH, "length",
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
                median(Metric.INTENT_SCORE, "score", "intent_w");
            }
        }

        private void calls() {
            ctes.put("cl", period("SELECT ts, duration_seconds, user_inputs, end_reason, exit_step, transfer_target FROM calls"
                    + " WHERE chatbot_id = :chatbot" + channel + " AND ts BETWEEN :callLo AND :to"));
            params.put("callLo", lo(Metric.CALL_SECONDS));
            if (q.wants(Metric.CALL_SECONDS)) {
                series(Metric.CALL_SECONDS, "cl", "NULL", "sum(duration_seconds)");
            }
            if (q.wants(Metric.CALL_DURATION)) {
                median(Metric.CALL_DURATION, "duration_seconds", "cl WHERE b >= 0");
            }
            if (q.wants(Metric.CALL_USER_INPUTS)) {
                median(Metric.CALL_USER_INPUTS, "user_inputs", "cl WHERE b >= 0");
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

        /** Adds the period tag {@code b} to the rows of {@code source} (a {@code ts} column, rows up to {@code to}): −1 before {@code from}, else 0. */
        private String period(String source) {
            return "SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS b FROM (" + source + ")";
        }

        /**
         * The fragment of a series over the rows of {@code cte}: per bucket (or just W and P) and
         * {@code key}, the number of rows and the sum of {@code value}.
         *
         * <p>Buckets: the rows are first aggregated into slots of a grid that every bucket start
         * after the first lies on (anchor = the second bucket start, grain = the greatest common
         * divisor of the later starts' distances from it: the interval without a zone, usually an
         * hour or half an hour with one, never less than a second); only those few aggregates are
         * then mapped to buckets by an ASOF join on the bound bucket starts. Rows in [from, anchor)
         * are bucket 0. So the mapping is exact for any zone, and its cost does not grow with the
         * number of events.
         */
        private void series(Metric m, String cte, String key, String value) {
            if (!q.wants(m, Part.BUCKETS)) {
                fragment(m, "b", key, "NULL", "count(*)", value, cte + " GROUP BY ALL");
                return;
            }
            grid();
            fragment(m, "CASE a.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.i END", "a.k", "NULL", "a.n", "a.x",
                    "(SELECT CASE WHEN b < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, "
                            + key + " AS k, count(*) AS n, " + value + " AS x FROM " + cte + " GROUP BY ALL) a"
                            + " ASOF LEFT JOIN bucket_starts bs ON :anchor + a.slot * :grain >= bs.s");
        }

        /** Binds the bucket grid (see {@link #series}) and declares the bucket starts, once. */
        private void grid() {
            if (params.containsKey("anchor")) {
                return;
            }
            List<Long> starts = q.bucketStarts();
            BucketGrid g = BucketGrid.of(starts, q.to()); // one bucket: the anchor is after W, every row is bucket 0
            params.put("anchor", g.anchor());
            params.put("grain", g.grain());
            params.put("starts", BucketGrid.bigintList(starts));
            ctes.put("bucket_starts", "SELECT unnest(CAST(:starts AS BIGINT[])) AS s,"
                    + " generate_subscripts(CAST(:starts AS BIGINT[]), 1) - 1 AS i");
        }

        /** The fragment of a median: the contract's percentile 0.5, read off running counts ({@link DuckDbPercentile#overCounts}). */
        private void median(Metric part, String value, String from) {
            fragment(part, "NULL", "NULL", "NULL", "m.n", "m.x", "(" + DuckDbPercentile.overCounts(value, from, Percentile.MEDIAN) + ") m");
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
