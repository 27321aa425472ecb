package io.sextant.store.clickhouse;

import io.sextant.event.Direction;
import io.sextant.stats.Percentile;
import io.sextant.store.Channel;
import io.sextant.store.ChannelStore;
import io.sextant.store.KpiRows;
import io.sextant.store.Metric;
import io.sextant.store.Metric.Part;
import io.sextant.store.ReportData;
import io.sextant.store.ReportData.Item;
import io.sextant.store.ReportData.Samples;
import io.sextant.store.ReportData.Series;
import io.sextant.store.ReportQuery;
import io.sextant.store.ReportStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Computes a report on ClickHouse in ONE statement over the chatbot's rows of {@code events_local}
 * on its shard ({@link Topology#replicasOf}: the first replica that answers, in configuration
 * order, as writes prefer), so a report needs only the chatbot's own shard, and fails (503) rather
 * than answer without it. The chatbot's channels, for channel types, are read first through the
 * {@link ChannelStore} (on the node channels are written to) and bound into the statement as
 * arrays, so nothing in it joins the {@code channels} table on a replica that may lag behind.
 *
 * <p>The statement is a {@code UNION ALL} of one fragment per requested metric, each reading the
 * chatbot's rows (and the channel's, for a channel report) and aggregating them into rows of a
 * common shape {@code (metric, r_bucket, r_key, r_label, r_count, r_value, r_value2)};
 * {@code r_bucket} is −1 for the previous period P, else the index of the bucket of W (0 for
 * answers without buckets). The fragments are the {@code report-*.sql} files
 * beside this class; every value is named ({@link NamedSql}) and bound through {@link Sql#of}, so the
 * text is built from constants only. {@code ClickHouseReportSqlSnapshotTest} pins it.
 *
 * <p>Written for ClickHouse 18.16 and later: no window functions, no zone functions (buckets are
 * found among the bound bucket starts, {@link BucketSlots}), one join per {@code SELECT} with a
 * subquery on its left. A conversation's start is its earliest {@code conversation.started} (on
 * the channel, for a channel report), computed at read time. Medians: {@code report-median.sql}
 * returns the two middle samples and their count, and {@link Percentile} interpolates them, as for
 * the reference.
 *
 * <p>A query of a segment ({@link ReportQuery#segment}) restricts every read of events, wherever a
 * channel report restricts it to its channel, to the segment's conversations ({@link SegmentSql}).
 */
public final class ClickHouseReportStore implements ReportStore {

    private final Topology topology;
    private final ChannelStore channels;

    ClickHouseReportStore(Topology topology, ChannelStore channels) {
        this.topology = topology;
        this.channels = channels;
    }

    private record Row(Metric metric, long bucket, String key, String label, long count, Double value, Double value2) {}

    /**
     * What {@link #compute} sends for {@code q}: the text with {@code :name}s, and their values;
     * {@code channels} are the chatbot's (only read when {@link #needsChannels}).
     */
    static NamedSql sql(ReportQuery q, List<Channel> channels) {
        Statement st = new Statement(q, channels);
        st.build();
        return new NamedSql(String.join("\nUNION ALL\n", st.fragments), st.values);
    }

    /** Whether the statement of {@code q} binds the chatbot's channels. */
    static boolean needsChannels(ReportQuery q) {
        return q.wants(Metric.CONVERSATION_CHANNEL_TYPES) || SegmentSql.of(q.segment()).needsChannels();
    }

    @Override
    public ReportData compute(ReportQuery q) {
        List<Channel> known = needsChannels(q) ? channels.list(q.chatbotId()) : List.of();
        List<Row> rows = new ArrayList<>();
        topology.replicasOf(q.chatbotId()).query(sql(q, known).bind(), r -> rows.add(new Row(Metric.valueOf(r.get("metric").asString()),
                longOf(r.get("r_bucket")), textOf(r.get("r_key")), textOf(r.get("r_label")), longOf(r.get("r_count")),
                doubleOf(r.get("r_value")), doubleOf(r.get("r_value2")))));
        return assemble(q, rows);
    }

    /** A 64-bit integer of a JSONEachRow answer: ClickHouse quotes them. */
    static long longOf(JsonNode n) {
        return n.isString() ? Long.parseLong(n.asString()) : n.asLong();
    }

    static Long nullableLong(JsonNode n) {
        return n == null || n.isNull() ? null : longOf(n);
    }

    static Double doubleOf(JsonNode n) {
        return n == null || n.isNull() ? null : n.asDouble();
    }

    static String textOf(JsonNode n) {
        return n == null || n.isNull() ? null : n.asString();
    }

    /** The statement of one query: fragments for the wanted metrics only. */
    private static final class Statement {
        private final ReportQuery q;
        private final String channel;
        private final Map<String, Object> values = new HashMap<>();
        private final List<String> fragments = new ArrayList<>();

        Statement(ReportQuery q, List<Channel> channels) {
            this.q = q;
            SegmentSql segment = SegmentSql.of(q.segment());
            // every read of events: the channel's (for a channel report) of the segment's conversations
            this.channel = String.join(" ", java.util.stream.Stream.of(q.channelId() == null ? "" : "AND channel_id = :channel",
                    segment.restrict("conversation_id").strip()).filter(f -> !f.isEmpty()).toList());
            segment.bind(values);
            values.put("chatbot", q.chatbotId());
            if (q.channelId() != null) {
                values.put("channel", q.channelId());
            }
            values.put("from", q.from());
            values.put("to", q.to());
            if (q.readsPrevious()) {
                values.put("previousFrom", q.previousFrom());
            }
            if (needsChannels(q)) {
                SegmentSql.bindChannels(channels, values);
            }
        }

        void build() {
            if (q.wants(Metric.CONVERSATIONS)) {
                series(Metric.CONVERSATIONS, "SELECT start_ts AS ts FROM (" + starts(since(Metric.CONVERSATIONS)) + ")", "NULL", "count()");
            }
            if (q.wants(Metric.CONVERSATION_LANGUAGES)) {
                fragments.add(SqlResource.load("report-conversation-languages",
                        Map.of("starts", starts(":from"), "channelFilter", channel)));
            }
            if (q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                fragments.add(SqlResource.load("report-conversation-channel-types", Map.of("starts", starts(":from"))));
            }
            if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                median(Metric.MESSAGES_PER_CONVERSATION, SqlResource.load("report-messages-per-conversation",
                        Map.of("starts", starts(":from"), "channelFilter", channel)));
            }
            if (q.wants(Metric.MESSAGES)) {
                series(Metric.MESSAGES, events("ts, direction", "message", since(Metric.MESSAGES)), "direction", "count()");
            }
            if (q.wants(Metric.USER_MESSAGE_LENGTH)) {
                median(Metric.USER_MESSAGE_LENGTH, events("length AS v", "message", ":from")
                        + " AND direction = '" + Direction.USER.wireName() + "'");
            }
            if (q.wants(Metric.INTENTS)) {
                distribution(Metric.INTENTS, events("intent", "intent", ":from"), "intent");
            }
            if (q.wants(Metric.INTENT_SCORE)) {
                median(Metric.INTENT_SCORE, events("score AS v", "intent", ":from"));
            }
            if (q.wants(Metric.STEPS)) {
                fragments.add(SqlResource.load("report-steps", Map.of("channelFilter", channel)));
            }
            if (q.wants(Metric.INTERACTIONS)) {
                series(Metric.INTERACTIONS, events("ts", "interaction", since(Metric.INTERACTIONS)), "NULL", "count()");
            }
            if (q.wants(Metric.CALL_SECONDS)) {
                series(Metric.CALL_SECONDS, events("ts, assumeNotNull(duration_seconds) AS duration", "call.ended",
                        since(Metric.CALL_SECONDS)), "NULL", "sum(duration)");
            }
            if (q.wants(Metric.CALL_DURATION)) {
                median(Metric.CALL_DURATION, events("duration_seconds AS v", "call.ended", ":from"));
            }
            if (q.wants(Metric.CALL_USER_INPUTS)) {
                median(Metric.CALL_USER_INPUTS, events("user_inputs AS v", "call.ended", ":from"));
            }
            if (q.wants(Metric.CALL_EXIT_STEPS)) {
                distribution(Metric.CALL_EXIT_STEPS, events("exit_step", "call.ended", ":from"), "exit_step");
            }
            if (q.wants(Metric.CALL_END_REASONS)) {
                distribution(Metric.CALL_END_REASONS, events("end_reason", "call.ended", ":from"), "end_reason");
            }
            if (q.wants(Metric.CALL_TRANSFER_TARGETS)) {
                distribution(Metric.CALL_TRANSFER_TARGETS, events("transfer_target", "call.ended", ":from")
                        + " AND transfer_target IS NOT NULL", "transfer_target");
            }
            qualityKpis();
        }

        /**
         * The quality KPIs over W and P: the conversation rates among the conversations started in
         * W or P, with the facts of each sent at any time; the understood rate (the settings bound:
         * the fallback intents as an array, the threshold as a number) and the ratings over the
         * events of W and P.
         */
        private void qualityKpis() {
            Map<String, String> onChannel = Map.of("channelFilter", channel);
            if (q.wants(Metric.CONTAINED_CONVERSATIONS)) {
                conversationRate(Metric.CONTAINED_CONVERSATIONS, "report-handover-facts", "fact = 0");
            }
            if (q.wants(Metric.HANDED_OVER_CONVERSATIONS)) {
                conversationRate(Metric.HANDED_OVER_CONVERSATIONS, "report-handover-facts", "fact = 1");
            }
            if (q.wants(Metric.ABANDONED_CONVERSATIONS)) {
                conversationRate(Metric.ABANDONED_CONVERSATIONS, "report-user-message-facts", "fact <= 1");
            }
            if (q.wants(Metric.GOALS_REACHED)) {
                fragments.add(SqlResource.load("report-goals-reached", Map.of("starts", starts(":previousFrom"), "channelFilter", channel)));
                fragments.add(SqlResource.load("report-series", Map.of("metric", Metric.GOALS_REACHED.name(),
                        "source", "SELECT start_ts AS ts FROM (" + starts(":previousFrom") + ")", "key", "NULL", "value", "toFloat64(count())")));
            }
            if (q.wants(Metric.UNDERSTOOD_INTENTS)) {
                values.put("fallbackIntents", q.understanding().fallbackIntents());
                values.put("understoodThreshold", q.understanding().threshold());
                fragments.add(SqlResource.load("report-understood-intents", onChannel));
            }
            if (q.wants(Metric.RATINGS)) {
                fragments.add(SqlResource.load("report-ratings", onChannel));
            }
        }

        private void conversationRate(Metric m, String facts, String condition) {
            fragments.add(SqlResource.load("report-conversation-rate", Map.of("metric", m.name(), "starts", starts(":previousFrom"),
                    "facts", SqlResource.load(facts, Map.of("channelFilter", channel)), "condition", condition)));
        }

        /** The chatbot's (channel's) events of {@code type} in [{@code since}, :to], with {@code columns}. */
        private String events(String columns, String type, String since) {
            return "SELECT " + columns + " FROM events_local WHERE chatbot_id = :chatbot " + channel + (channel.isEmpty() ? "" : " ")
                    + "AND type = '" + type + "' AND ts BETWEEN " + since + " AND :to";
        }

        private String starts(String since) {
            return SqlResource.load("report-conversation-starts", Map.of("channelFilter", channel, "since", since));
        }

        /** The first time a series' rows must cover: the previous period's start when it is wanted. */
        private String since(Metric series) {
            return q.wants(series, Part.PREVIOUS) ? ":previousFrom" : ":from";
        }

        private void series(Metric m, String source, String key, String value) {
            if (!q.wants(m, Part.BUCKETS)) {
                String total = value.equals("count()") ? "toFloat64(count())" : value;
                fragments.add(SqlResource.load("report-series", Map.of("metric", m.name(), "source", source, "key", key, "value", total)));
                return;
            }
            if (!values.containsKey("starts")) {
                BucketSlots.of(q.bucketStarts(), q.to()).bind(q.bucketStarts(), values);
            }
            fragments.add(SqlResource.load("report-series-buckets", Map.of("metric", m.name(), "source", source, "key", key, "value", value),
                    BucketSlots.FORMS));
        }

        private void distribution(Metric m, String source, String key) {
            fragments.add(SqlResource.load("report-distribution", Map.of("metric", m.name(), "source", source, "key", key)));
        }

        private void median(Metric m, String source) {
            fragments.add(SqlResource.load("report-median", Map.of("metric", m.name(), "source", source)));
        }
    }

    private static ReportData assemble(ReportQuery q, List<Row> rows) {
        Map<Metric, List<Row>> byMetric = new EnumMap<>(Metric.class);
        for (Row r : rows) {
            byMetric.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(r);
        }
        Map<Metric, Series> series = new EnumMap<>(Metric.class);
        Map<Metric, List<Item>> distributions = new EnumMap<>(Metric.class);
        Map<Metric, Samples> samples = new EnumMap<>(Metric.class);
        Map<Metric, ReportData.Rate> rates = new EnumMap<>(Metric.class);
        Map<Metric, ReportData.GoalRates> goalRates = new EnumMap<>(Metric.class);
        Map<Metric, ReportData.Ratings> ratings = new EnumMap<>(Metric.class);
        for (Metric m : q.metrics().keySet()) {
            List<Row> mine = byMetric.getOrDefault(m, List.of());
            switch (m.kind()) {
                case SERIES -> series.put(m, series(q, m, mine));
                case DISTRIBUTION -> distributions.put(m, mine.stream().map(r -> new Item(r.key(), r.count(), r.label())).toList());
                case SAMPLES -> samples.put(m, mine.isEmpty() ? new Samples(null, 0) : median(mine.getFirst()));
                case RATE -> rates.put(m, KpiRows.rate(kpi(mine)));
                case GOAL_RATES -> goalRates.put(m, KpiRows.goalRates(kpi(mine)));
                case RATINGS -> ratings.put(m, KpiRows.ratings(kpi(mine)));
            }
        }
        return new ReportData(series, distributions, samples, rates, goalRates, ratings);
    }

    /** The rows of a KPI in the engine-neutral form {@link KpiRows} assembles (r_bucket −1: P, 0: W; value: those counted). */
    private static List<KpiRows.Row> kpi(List<Row> rows) {
        return rows.stream().map(r -> new KpiRows.Row(r.bucket() < 0, r.key(), r.count(),
                r.value() == null ? 0 : Math.round(r.value()))).toList();
    }

    /** The median of a row of {@code report-median.sql}: its two middle samples, interpolated as the reference does. */
    private static Samples median(Row r) {
        long n = r.count();
        long lo = (n - 1) / 2;
        double low = r.value();
        double high = r.value2();
        return new Samples(Percentile.ofSorted((int) Math.min(n, Integer.MAX_VALUE), i -> i == lo ? low : high, Percentile.MEDIAN), n);
    }

    private static Series series(ReportQuery q, Metric m, List<Row> rows) {
        double total = 0;
        double previous = 0;
        long events = 0;
        Map<String, Long> byKey = new HashMap<>();
        double[] buckets = new double[q.wants(m, Part.BUCKETS) ? q.bucketStarts().size() : 0];
        for (Row r : rows) {
            double value = r.value() == null ? 0 : r.value();
            if (r.bucket() < 0) {
                previous += value;
                continue;
            }
            total += value;
            events += r.count();
            if (r.key() != null) {
                byKey.merge(r.key(), r.count(), Long::sum);
            }
            if (buckets.length > 0) {
                buckets[(int) r.bucket()] += value;
            }
        }
        return new Series(total, events, byKey, Arrays.stream(buckets).boxed().toList(), previous);
    }
}
