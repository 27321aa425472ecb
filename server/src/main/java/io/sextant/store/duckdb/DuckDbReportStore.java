package io.sextant.store.duckdb;

import io.sextant.event.Direction;
import io.sextant.stats.Percentile;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Computes a report in ONE DuckDB statement, so that every metric reads the same snapshot and each
 * event table is scanned at most once: a materialised CTE per table holds the rows of the chatbot
 * (and channel) in the needed time range, and one {@code UNION ALL} {@link Fragment} per requested
 * metric aggregates them into rows of a common shape {@code (metric, bucket, key, label, count,
 * value)}. Only the CTEs and fragments of requested metrics are part of the statement.
 *
 * <p>The rows of a CTE over a time range carry their {@code period}: −1 for the previous period P,
 * 0 for the window W. A result row's {@code bucket} is −1 for P, else the index of its bucket of W
 * (0 for series that do not show buckets). Series that show buckets aggregate into slots of a grid
 * instead, which {@link #bucketOf} maps to buckets (see {@code series}). Every value is bound; the
 * SQL text is built only from constants. {@code ReportSqlSnapshotTest} pins the text.
 *
 * <p>Medians are the contract's percentile 0.5 ({@link Percentile#ofCounts}), read in Java off a count per
 * distinct value.
 *
 * <p>A query of a segment ({@link ReportQuery#segment}) puts the CTE {@code segment} first
 * ({@link SegmentSql}) and restricts every scan of events and of the {@code conversations} rollup
 * to its conversations. The hour and day rows of {@code event_rollups} count every conversation's
 * events, so such a query reads every range from the events.
 */
final class DuckDbReportStore implements ReportStore {

    private final DataSource dataSource;
    private final boolean useRollups;

    DuckDbReportStore(DataSource dataSource) {
        this(dataSource, true);
    }

    /** With {@code useRollups} false every metric is computed from the events alone (the tests' brute force). */
    DuckDbReportStore(DataSource dataSource, boolean useRollups) {
        this.dataSource = dataSource;
        this.useRollups = useRollups;
    }

    /** A result row; {@code bucket} null for distributions and samples. */
    private record Row(Metric metric, Long bucket, String key, String label, long count, Double value) {}

    /** The SQL text and the bound values the store sends for a query. */
    record Sql(String text, Map<String, Object> params) {}

    /** What {@link #compute} sends for {@code q}. */
    static Sql sql(ReportQuery q) {
        return sql(q, true, NO_CROSSING);
    }

    static Sql sql(ReportQuery q, boolean useRollups, long[] crossing) {
        Statement st = new Statement(q, useRollups, crossing);
        st.build();
        return new Sql(st.sql(), Map.copyOf(st.params));
    }

    /** Bounds of the messages outside W of conversations that cross its edges, when none do. */
    private static final long[] NO_CROSSING = {Long.MAX_VALUE, Long.MIN_VALUE};

    /**
     * The earliest first message before {@code from} and the latest last message after {@code to}
     * of the conversations started in W (on the channel): where the messages outside W that
     * CONVERSATION_MESSAGE_COUNT_MEDIAN takes off can be. Bound as constants in the statement, so
     * the scans of those two ranges skip every other row group (a bound computed inside the
     * statement cannot: the planner treats it as unknown and reads everything before W).
     */
    private static final String CROSSING = """
            SELECT coalesce(min(first_message_ts) FILTER (WHERE first_message_ts < :from), 9223372036854775807),
                   coalesce(max(last_message_ts) FILTER (WHERE last_message_ts > :to), -9223372036854775808)
            FROM conversations
            WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :from AND :to
              AND (first_message_ts < :from OR last_message_ts > :to)""";

    /**
     * One read transaction, so both statements see one snapshot: the bounds of the crossing
     * conversations (when the median of messages per conversation is asked for), then the report.
     */
    @Override
    public ReportData compute(ReportQuery q) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(c, true));
                long[] crossing = NO_CROSSING;
                if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                    crossing = jdbc.sql(CROSSING).param("chatbot", q.chatbotId()).param("chatbotKey", ChatbotKey.of(q.chatbotId()))
                            .param("rollupChannel", q.channelId() == null ? "" : q.channelId())
                            .param("from", q.from()).param("to", q.to())
                            .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
                }
                Sql st = sql(q, useRollups, crossing);
                List<Row> rows = jdbc.sql(st.text()).params(st.params())
                        .query((rs, i) -> new Row(Metric.valueOf(rs.getString("metric")), rs.getObject("bucket", Long.class),
                                rs.getString("key"), rs.getString("label"), rs.getLong("count"), rs.getObject("value", Double.class)))
                        .list();
                return assemble(q, rows);
            } finally {
                c.rollback(); // read only: ends the transaction
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("computing a report failed: " + e.getMessage(), e);
        }
    }

    /**
     * One {@code SELECT} of the {@code UNION ALL}: rows of {@code metric} from {@code from} (what
     * follows {@code FROM}). The other fields are SQL expressions over those rows:
     *
     * @param bucket −1 for the previous period, else the bucket of W (see the class comment)
     * @param key the key of a distribution item, or of a series' count by key (message direction)
     * @param label an item's label (steps)
     * @param count the number of events, items or samples
     * @param value a series' value (a count or a sum), or a sample's median
     */
    private record Fragment(Metric metric, String bucket, String key, String label, String count, String value, String from) {

        /** Counts rows of {@code from}; no bucket, key, label or value until given. */
        Fragment(Metric metric, String from) {
            this(metric, "NULL", "NULL", "NULL", "count(*)", "NULL", from);
        }

        Fragment bucket(String e) {
            return new Fragment(metric, e, key, label, count, value, from);
        }

        Fragment key(String e) {
            return new Fragment(metric, bucket, e, label, count, value, from);
        }

        Fragment label(String e) {
            return new Fragment(metric, bucket, key, e, count, value, from);
        }

        Fragment count(String e) {
            return new Fragment(metric, bucket, key, label, e, value, from);
        }

        Fragment value(String e) {
            return new Fragment(metric, bucket, key, label, count, e, from);
        }

        String sql() {
            return "SELECT '" + metric.name() + "' AS metric, CAST(" + bucket + " AS BIGINT) AS bucket,\n"
                    + "       CAST(" + key + " AS VARCHAR) AS key, CAST(" + label + " AS VARCHAR) AS label,\n"
                    + "       CAST(" + count + " AS BIGINT) AS count, CAST(" + value + " AS DOUBLE) AS value\n"
                    + "FROM " + from;
        }
    }

    /** The statement of one query: CTEs and fragments for the wanted metrics only. */
    private static final class Statement {
        private final ReportQuery q;
        private final String channel;
        /** What a scan of an event table (or of the conversations rollup) adds: the channel, and the segment. */
        private final String events;
        private final SegmentSql segment;
        private final Map<String, Object> params = new HashMap<>();
        private final Map<String, String> ctes = new LinkedHashMap<>();
        private final List<Fragment> fragments = new ArrayList<>();

        private final boolean useRollups;
        private final long[] crossing;

        Statement(ReportQuery q, boolean useRollups, long[] crossing) {
            this.q = q;
            this.segment = SegmentSql.of(q.chatbotId(), q.segment());
            this.useRollups = useRollups && segment.isAll(); // the rollups count every conversation
            this.crossing = crossing;
            this.channel = q.channelId() == null ? "" : " AND channel_id = :channel";
            this.events = channel + segment.restrict("conversation_id");
            if (!segment.isAll()) {
                ctes.put("segment", segment.definition());
                params.putAll(segment.params());
            }
            params.put("chatbot", q.chatbotId());
            params.put("chatbotKey", ChatbotKey.of(q.chatbotId()));
            if (q.channelId() != null) {
                params.put("channel", q.channelId());
            }
            params.put("rollupChannel", q.channelId() == null ? "" : q.channelId()); // '' = all channels
            params.put("from", q.from());
            params.put("to", q.to());
        }

        String sql() {
            String with = ctes.entrySet().stream().map(e -> e.getKey() + " AS MATERIALIZED (\n" + indent(e.getValue()) + "\n)")
                    .collect(Collectors.joining(",\n"));
            return (with.isEmpty() ? "" : "WITH " + with + "\n")
                    + fragments.stream().map(Fragment::sql).collect(Collectors.joining("\nUNION ALL\n"));
        }

        private static String indent(String sql) {
            return sql.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
        }

        void build() {
            if (q.wants(Metric.CONVERSATIONS) || q.wants(Metric.CONVERSATION_LANGUAGES)
                    || q.wants(Metric.CONVERSATION_CHANNEL_TYPES) || q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                if (useRollups) {
                    conversationsFromRollups();
                } else {
                    conversations();
                }
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
                ctes.put("steps_in_w", inW("steps", "stp", "step_id", "NULL", "1", "n", ""));
                fragments.add(new Fragment(Metric.STEPS, """
                        (SELECT key AS step_id, sum(n) AS n FROM steps_in_w GROUP BY key HAVING sum(n) > 0) per_step
                        LEFT JOIN step_labels lb -- the label of the chatbot, from any channel
                               ON lb.chatbot_id = :chatbot AND lb.channel_id = '' AND lb.step_id = per_step.step_id""")
                        .key("per_step.step_id").label("lb.step_name").count("per_step.n"));
            }
            if (q.wants(Metric.INTERACTIONS)) {
                ctes.put("interactions_in_range", withPeriod(inRange(Metric.INTERACTIONS, "interactions", "ia", "NULL", "NULL", "1", "n", "")));
                series(Metric.INTERACTIONS, "interactions_in_range", "NULL", "sum(v)");
            }
            if (q.wants(Metric.CALL_SECONDS) || q.wants(Metric.CALL_DURATION) || q.wants(Metric.CALL_USER_INPUTS)
                    || q.wants(Metric.CALL_EXIT_STEPS) || q.wants(Metric.CALL_END_REASONS) || q.wants(Metric.CALL_TRANSFER_TARGETS)) {
                calls();
            }
            qualityKpis();
        }

        /**
         * The quality KPIs, from the events themselves (exact, whenever a fact was sent): the
         * conversation rates among the conversations started in W or P (their starts from the
         * conversations rollup, as for CONVERSATIONS), the understood rate and the ratings over the
         * events of W and P. The understanding is bound: the fallback intents as an IN list, the
         * threshold as a number.
         */
        private void qualityKpis() {
            Map<String, String> slots = Map.of("channelFilter", events); // the channel's, of the segment's conversations
            boolean handovers = q.wants(Metric.CONTAINED_CONVERSATIONS) || q.wants(Metric.HANDED_OVER_CONVERSATIONS);
            boolean starts = handovers || q.wants(Metric.ABANDONED_CONVERSATIONS) || q.wants(Metric.GOALS_REACHED);
            if (starts || q.wants(Metric.UNDERSTOOD_INTENTS) || q.wants(Metric.RATINGS)) {
                params.put("kpiFrom", q.previousFrom());
            }
            if (starts) {
                ctes.put("kpi_starts", SqlResource.load("report-kpi-starts", Map.of("segmentFilter", segment.restrict("conversation_id"))));
            }
            if (handovers) {
                ctes.put("handovers", SqlResource.load("report-handovers", slots));
                rate(Metric.CONTAINED_CONVERSATIONS, "handovers", "NOT handed_over");
                rate(Metric.HANDED_OVER_CONVERSATIONS, "handovers", "handed_over");
            }
            if (q.wants(Metric.ABANDONED_CONVERSATIONS)) {
                ctes.put("user_messages_of_starts", SqlResource.load("report-user-messages", slots));
                rate(Metric.ABANDONED_CONVERSATIONS, "user_messages_of_starts", "user_messages <= 1");
            }
            if (q.wants(Metric.GOALS_REACHED)) {
                // per goal its conversations; the total of each period as the row without a key
                ctes.put("goals_reached", SqlResource.load("report-goals-reached", slots));
                fragments.add(new Fragment(Metric.GOALS_REACHED, "goals_reached GROUP BY period, goal_id").bucket("period").key("goal_id"));
                fragments.add(new Fragment(Metric.GOALS_REACHED, "kpi_starts GROUP BY period").bucket("period"));
            }
            if (q.wants(Metric.UNDERSTOOD_INTENTS)) {
                List<String> fallback = q.understanding().fallbackIntents();
                if (!fallback.isEmpty()) {
                    params.put("fallbackIntents", fallback);
                }
                params.put("understoodThreshold", q.understanding().threshold());
                ctes.put("understood_intents", SqlResource.load("report-understood-intents", Map.of("channelFilter", events,
                        "notFallback", fallback.isEmpty() ? "TRUE" : "intent NOT IN (:fallbackIntents)")));
                rate(Metric.UNDERSTOOD_INTENTS, "understood_intents", "understood");
            }
            if (q.wants(Metric.RATINGS)) {
                ctes.put("ratings_in_range", SqlResource.load("report-ratings", slots));
                fragments.add(new Fragment(Metric.RATINGS, "ratings_in_range GROUP BY period, key").bucket("period").key("key"));
            }
        }

        /** A rate: per period, the rows of {@code cte} ({@code count}) and those that meet {@code condition} ({@code value}). */
        private void rate(Metric m, String cte, String condition) {
            fragments.add(new Fragment(m, cte + " GROUP BY period").bucket("period")
                    .value("count(*) FILTER (WHERE " + condition + ")"));
        }

        private void conversations() {
            // The conversations rollup holds each conversation's start (earliest conversation.started,
            // on this channel for a channel report) and its latest language, kept at ingestion. Its
            // rows of W and P (a million for a month at the default scale) are counted once, by
            // what the wanted metrics group by and no more, so that no metric reads them again: the
            // period, the slot as series() has it (P −2, [from, anchor) −1, then the grid's slots),
            // the start channel, the language, the messages and whether the conversation crosses an
            // edge of W. No conversation ids here: only the few that cross an edge of W need theirs
            // (messagesPerConversation).
            boolean buckets = q.wants(Metric.CONVERSATIONS, Part.BUCKETS);
            if (buckets) {
                bucketGrid();
            }
            List<String> columns = new ArrayList<>(List.of(period("start_ts") + " AS period"));
            if (buckets) {
                columns.add(slot("start_ts < :from", "start_ts") + " AS slot");
            }
            if (q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                columns.add("start_channel AS channel_id");
            }
            if (q.wants(Metric.CONVERSATION_LANGUAGES)) {
                columns.add("language");
            }
            if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                columns.add("messages");
                columns.add("coalesce(first_message_ts < :from OR last_message_ts > :to, false) AS crossing");
            }
            ctes.put("conversations_in_range", """
                    SELECT %s,
                           count(*) AS n
                    FROM conversations
                    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :conversationsFrom AND :to%s
                    GROUP BY ALL""".formatted(String.join(",\n       ", columns), segment.restrict("conversation_id")));
            params.put("conversationsFrom", rangeFrom(Metric.CONVERSATIONS));
            if (q.wants(Metric.CONVERSATIONS)) {
                String bucket = buckets ? "slot" : "period";
                fragments.add(new Fragment(Metric.CONVERSATIONS, "conversations_in_range GROUP BY " + bucket).bucket(bucket)
                        .count("sum(n)").value("sum(n)"));
            }
            if (q.wants(Metric.CONVERSATION_LANGUAGES)) {
                fragments.add(new Fragment(Metric.CONVERSATION_LANGUAGES, "conversations_in_range WHERE period = 0 GROUP BY language")
                        .key("language").count("sum(n)"));
            }
            if (q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                // per start channel first (a handful), then by the channel's current type
                fragments.add(new Fragment(Metric.CONVERSATION_CHANNEL_TYPES, """
                        (SELECT channel_id, sum(n) AS n FROM conversations_in_range WHERE period = 0 GROUP BY channel_id) cv
                        LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = cv.channel_id
                        GROUP BY ch.type""").key("ch.type").count("sum(cv.n)"));
            }
        }

        /**
         * The conversation metrics from the rows {@code event_rollups} keeps of the conversations
         * rollup (V14): per start span, the rows of the view ({@code :rollupChannel}: the channel,
         * or {@code ''} for all) counted by start channel ({@code cv}, hours and days: the count's
         * buckets and P need hours), by language ({@code cvl}, days) and by their number of
         * messages ({@code cvm}, days). What the spans do not cover is read from the conversations
         * rows themselves, as for the event metrics ({@link RollupPlan}): the conversations rows of
         * a month become a few thousand rows.
         */
        private void conversationsFromRollups() {
            if (q.wants(Metric.CONVERSATIONS) || q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                long from = q.wants(Metric.CONVERSATIONS) ? rangeFrom(Metric.CONVERSATIONS) : q.from();
                ctes.put("conversations_in_range", withPeriod(conversationRows(plan(from, cuts(Metric.CONVERSATIONS), true),
                        "cv", "start_channel", "NULL")));
                if (q.wants(Metric.CONVERSATIONS)) {
                    series(Metric.CONVERSATIONS, "conversations_in_range", "NULL", "sum(n)");
                }
                if (q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                    // per start channel first (a handful), then by the channel's current type
                    fragments.add(new Fragment(Metric.CONVERSATION_CHANNEL_TYPES, """
                            (SELECT key AS channel_id, sum(n) AS n FROM conversations_in_range WHERE period = 0 GROUP BY key HAVING sum(n) > 0) cv
                            LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = cv.channel_id
                            GROUP BY ch.type""").key("ch.type").count("sum(cv.n)"));
                }
            }
            if (q.wants(Metric.CONVERSATION_LANGUAGES)) {
                ctes.put("conversation_languages_in_w", conversationRows(RollupPlan.ofWindow(q.from(), q.to()), "cvl", "language", "NULL"));
                distribution(Metric.CONVERSATION_LANGUAGES, "conversation_languages_in_w");
            }
            if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                ctes.put("conversation_messages_in_w", conversationRows(RollupPlan.ofWindow(q.from(), q.to()), "cvm", "NULL", "messages"));
            }
        }

        /**
         * Rows {@code (ts, key, num, n, v)} of a conversation metric ({@link #rows} over the
         * conversations rows of the view, by their start).
         */
        private String conversationRows(RollupPlan plan, String code, String rawKey, String rawNum) {
            return rows(plan, CONVERSATIONS, code, rawKey, rawNum, "NULL", "NULL", "");
        }

        /**
         * The rollup counts each conversation's messages at any time (on the channel, for a channel
         * report), with the first and last time. A conversation whose messages all lie in W needs
         * nothing more; for the few that cross an edge of W (long ones, or ones with messages
         * before their start), the messages outside W are counted and taken off. Those lie between
         * the earliest first message and {@code from}, and between {@code to} and the latest last
         * message of the crossing conversations: two short ranges the zone maps find quickly, as
         * their bounds are constants found by a statement before ({@code CROSSING}). From the
         * rollups, every conversation started in W counts at its whole count ({@code cvm}), so a
         * crossing one is taken off at that count and added at its count in W.
         */
        private void messagesPerConversation() {
            params.put("outsideFrom", crossing[0]);
            params.put("outsideTo", crossing[1]);
            // (first < from OR last > to) as two disjoint branches: a comparison with a constant is a
            // filter of the scan, so the conversation ids are read for the crossing rows only
            String inW = """
                    SELECT conversation_id, messages, first_message_ts, last_message_ts FROM conversations
                    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :from AND :to\
                    """ + segment.restrict("conversation_id") + "\n";
            ctes.put("conversations_crossing_w", inW + "  AND first_message_ts < :from\nUNION ALL\n" + inW
                    + "  AND last_message_ts > :to AND (first_message_ts >= :from OR first_message_ts IS NULL)");
            ctes.put("messages_outside_w", """
                    SELECT conversation_id, count(*) AS n
                    FROM (SELECT conversation_id FROM messages
                          WHERE chatbot_id = :chatbot%1$s AND ts < :from AND ts >= :outsideFrom
                            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE first_message_ts < :from)
                          UNION ALL
                          SELECT conversation_id FROM messages
                          WHERE chatbot_id = :chatbot%1$s AND ts > :to AND ts <= :outsideTo
                            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE last_message_ts > :to))
                    GROUP BY conversation_id""".formatted(channel));
            // the others' counts as they are, the crossing ones' less their messages outside W
            ctes.put("messages_per_conversation_in_w", useRollups
                    ? """
                    SELECT num AS v, n FROM conversation_messages_in_w
                    UNION ALL
                    SELECT messages, -1 FROM conversations_crossing_w
                    UNION ALL
                    SELECT cv.messages - coalesce(o.n, 0), 1 FROM conversations_crossing_w cv
                    LEFT JOIN messages_outside_w o ON o.conversation_id = cv.conversation_id"""
                    : """
                    SELECT messages AS v, n FROM conversations_in_range WHERE period = 0 AND NOT crossing
                    UNION ALL
                    SELECT cv.messages - coalesce(o.n, 0), 1 FROM conversations_crossing_w cv
                    LEFT JOIN messages_outside_w o ON o.conversation_id = cv.conversation_id""");
            median(Metric.MESSAGES_PER_CONVERSATION, "v", "sum(n)", "messages_per_conversation_in_w");
        }

        private void messages() {
            if (q.wants(Metric.MESSAGES)) {
                ctes.put("messages_in_range", withPeriod(inRange(Metric.MESSAGES, "messages", "msg", "direction", "NULL", "1", "n", "")));
                series(Metric.MESSAGES, "messages_in_range", "key", "sum(v)");
            }
            if (q.wants(Metric.USER_MESSAGE_LENGTH)) {
                ctes.put("user_message_lengths_in_w", inW("messages", "len", "NULL", "length", "NULL", "NULL",
                        " AND direction = '" + Direction.USER.wireName() + "'"));
                median(Metric.USER_MESSAGE_LENGTH, "num", "sum(n)", "user_message_lengths_in_w");
            }
        }

        private void intents() {
            if (q.wants(Metric.INTENTS)) {
                ctes.put("intents_in_w", inW("intents", "int", "intent", "NULL", "NULL", "NULL", ""));
                distribution(Metric.INTENTS, "intents_in_w");
            }
            if (q.wants(Metric.INTENT_SCORE)) {
                ctes.put("intent_scores_in_w", inW("intents", "isc", "NULL", "score", "NULL", "NULL", ""));
                median(Metric.INTENT_SCORE, "num", "sum(n)", "intent_scores_in_w");
            }
        }

        private void calls() {
            if (q.wants(Metric.CALL_SECONDS)) {
                ctes.put("calls_in_range", withPeriod(inRange(Metric.CALL_SECONDS, "calls", "call", "NULL", "NULL",
                        "duration_seconds", "total", "")));
                series(Metric.CALL_SECONDS, "calls_in_range", "NULL", "sum(v)");
            }
            if (q.wants(Metric.CALL_DURATION)) {
                ctes.put("call_durations_in_w", inW("calls", "cdur", "NULL", "duration_seconds", "NULL", "NULL", ""));
                median(Metric.CALL_DURATION, "num", "sum(n)", "call_durations_in_w");
            }
            if (q.wants(Metric.CALL_USER_INPUTS)) {
                ctes.put("call_user_inputs_in_w", inW("calls", "cin", "NULL", "user_inputs", "NULL", "NULL", ""));
                median(Metric.CALL_USER_INPUTS, "num", "sum(n)", "call_user_inputs_in_w");
            }
            if (q.wants(Metric.CALL_EXIT_STEPS)) {
                ctes.put("call_exit_steps_in_w", inW("calls", "cexit", "exit_step", "NULL", "NULL", "NULL", ""));
                distribution(Metric.CALL_EXIT_STEPS, "call_exit_steps_in_w");
            }
            if (q.wants(Metric.CALL_END_REASONS)) {
                ctes.put("call_end_reasons_in_w", inW("calls", "cend", "end_reason", "NULL", "NULL", "NULL", ""));
                distribution(Metric.CALL_END_REASONS, "call_end_reasons_in_w");
            }
            if (q.wants(Metric.CALL_TRANSFER_TARGETS)) {
                ctes.put("call_transfer_targets_in_w", inW("calls", "ctr", "transfer_target", "NULL", "NULL", "NULL",
                        " AND transfer_target IS NOT NULL"));
                distribution(Metric.CALL_TRANSFER_TARGETS, "call_transfer_targets_in_w");
            }
        }

        /** Keys with their number of events; a key whose events all lie outside W (taken off a day's row) is none of W's. */
        private void distribution(Metric m, String cte) {
            fragments.add(new Fragment(m, cte + " GROUP BY key HAVING sum(n) > 0").key("key").count("sum(n)"));
        }

        /** The columns of an event table that the metrics over W alone read from its events. */
        private static final Map<String, String> EDGE_COLUMNS = Map.of(
                "messages", "ts, direction, length",
                "intents", "ts, intent, score",
                "steps", "ts, step_id",
                "calls", "ts, duration_seconds, user_inputs, end_reason, exit_step, transfer_target");

        /**
         * The rows {@link #rows} of a metric over W alone: no bucket or period cuts it, so a day W
         * cuts may come from its row less the events outside W ({@link RollupPlan#ofWindow}).
         */
        private String inW(String table, String code, String rawKey, String rawNum, String rawV, String rollupV, String rawFilter) {
            boolean hourly = EventRollups.hourly(code);
            RollupPlan plan = hourly || !useRollups ? plan(q.from(), new long[0], hourly) : RollupPlan.ofWindow(q.from(), q.to());
            if (hourly || plan.events().isEmpty()) {
                return rows(plan, eventsOf(table), code, rawKey, rawNum, rawV, rollupV, rawFilter);
            }
            // every W-only metric of a table without hour rows has this same plan: its events are read once, for all of them
            String edges = table + "_edges_of_w";
            if (!ctes.containsKey(edges)) {
                List<String> scans = new ArrayList<>();
                for (RollupPlan.Events r : plan.events()) {
                    scans.add("SELECT " + EDGE_COLUMNS.get(table) + ", " + r.sign() + " AS sign FROM " + table
                            + " WHERE chatbot_id = :chatbot" + events
                            + " AND ts BETWEEN " + bind(table + "_edges_lo", r.from()) + " AND " + bind(table + "_edges_hi", r.to()));
                }
                ctes.put(edges, String.join("\nUNION ALL\n", scans));
            }
            return rows(plan, eventsOf(edges), code, rawKey, rawNum, rawV, rollupV, rawFilter);
        }

        /** The rows {@link #rows} of a series over [rangeFrom, to], cut at {@code from} and, when its buckets are wanted, at every bucket start. */
        private String inRange(Metric m, String table, String code, String rawKey, String rawNum, String rawV, String rollupV, String rawFilter) {
            return rows(plan(rangeFrom(m), cuts(m), EventRollups.hourly(code)), eventsOf(table), code, rawKey, rawNum, rawV, rollupV, rawFilter);
        }

        /**
         * Where the rows of a metric come from: the rows of {@code table} by their time column
         * {@code time}, of the chatbot and {@code scope}, and the {@code event_rollups} rows of the
         * chatbot and {@code rollupScope}. A table ending in {@code _edges_of_w} holds the events of
         * the plan's ranges already, with their sign ({@link #inW}).
         */
        private record Source(String table, String time, String scope, String rollupScope) {

            boolean edges() {
                return table.endsWith("_edges_of_w");
            }
        }

        /** The conversations rows of the view ({@code ''}: all channels), by their start. */
        private static final Source CONVERSATIONS = new Source("conversations", "start_ts",
                " AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel", " AND channel_id = :rollupChannel");

        /** The events of {@code table} on the channel asked for and in the segment. */
        private Source eventsOf(String table) {
            return new Source(table, "ts", events, channel);
        }

        /**
         * Rows {@code (ts, key, num, n, v)} of one metric: one per row of the source in the plan's
         * event ranges ({@code n} = 1), one per row in its ranges taken off ({@code n} = −1,
         * {@code v} negated), and the {@code event_rollups} rows of metric {@code code} of its
         * whole hours and days ({@code n} rows). {@code key} and {@code num} are what the metric
         * groups by, {@code v} what a series sums.
         */
        private String rows(RollupPlan plan, Source source, String code, String rawKey, String rawNum, String rawV, String rollupV,
                String rawFilter) {
            List<String> parts = new ArrayList<>();
            if (source.edges()) { // the events of the plan's ranges, read once for the table (inW), with their sign
                parts.add(sourceRows(source, rawKey, rawNum, rawV, "sign")
                        + (rawFilter.isEmpty() ? "" : " WHERE" + rawFilter.substring(" AND".length())));
            } else {
                for (RollupPlan.Events r : plan.events()) {
                    String lo = bind(code + "_events_lo", r.from());
                    String hi = bind(code + "_events_hi", r.to());
                    parts.add(sourceRows(source, rawKey, rawNum, rawV, Integer.toString(r.sign())) + " WHERE chatbot_id = :chatbot" + source.scope()
                            + " AND " + source.time() + " BETWEEN " + lo + " AND " + hi + rawFilter);
                }
            }
            String spans = plan.spans(code, this::bind);
            if (spans != null) {
                parts.add("SELECT start_ts AS ts, key, num, n, CAST(" + rollupV + " AS DOUBLE) AS v\nFROM event_rollups"
                        + " WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot" + source.rollupScope() + " AND metric = '" + code + "' AND " + spans);
            }
            return String.join("\nUNION ALL\n", parts);
        }

        /** {@code SELECT … FROM table} of the rows {@link #rows} of a source's own rows, each counting {@code sign} (1, or −1 for one taken off). */
        private static String sourceRows(Source source, String rawKey, String rawNum, String rawV, String sign) {
            String ts = "ts".equals(source.time()) ? "ts" : source.time() + " AS ts";
            String negated = "1".equals(sign) || "NULL".equals(rawV) ? "" : " * " + sign;
            return "SELECT " + ts + ", CAST(" + rawKey + " AS VARCHAR) AS key, CAST(" + rawNum + " AS DOUBLE) AS num, CAST(" + sign + " AS BIGINT) AS n,"
                    + " CAST(" + rawV + " AS DOUBLE)" + negated + " AS v\nFROM " + source.table();
        }

        private RollupPlan plan(long from, long[] cuts, boolean hours) {
            return useRollups ? RollupPlan.of(from, q.to(), cuts, hours) : RollupPlan.rawOnly(from, q.to());
        }

        /** Binds {@code value} under a new name that starts with {@code stem}; the name as written in SQL. */
        private String bind(String stem, long value) {
            int i = 0;
            while (params.containsKey(stem + i)) {
                i++;
            }
            params.put(stem + i, value);
            return ":" + stem + i;
        }

        /** Where a series' rows are cut: at {@code from} and, when its buckets are wanted, at every bucket start. */
        private long[] cuts(Metric series) {
            return q.wants(series, Part.BUCKETS)
                    ? q.bucketStarts().stream().mapToLong(Long::longValue).toArray() // the first is from
                    : new long[] {q.from()};
        }

        /** The first time a series' rows must cover: the previous period's start when it is wanted. */
        private long rangeFrom(Metric series) {
            return q.wants(series, Part.PREVIOUS) ? q.previousFrom() : q.from();
        }

        /** Adds the {@code period} to the rows of {@code source} (a {@code ts} column, rows up to {@code to}): −1 before {@code from}, else 0. */
        private static String withPeriod(String source) {
            return "SELECT *, " + period("ts") + " AS period\nFROM (\n" + indent(source) + "\n)";
        }

        /** The period of a row at {@code ts}: −1 (P) before {@code from}, else 0 (W). */
        private static String period(String ts) {
            return "CASE WHEN " + ts + " < :from THEN -1 ELSE 0 END";
        }

        /**
         * The slot on the bucket grid (see {@link #series}) of a row at {@code ts}: −2 where
         * {@code inP} holds, −1 in [from, anchor), then the grid's slots.
         */
        private static String slot(String inP, String ts) {
            return "CASE WHEN " + inP + " THEN -2 WHEN " + ts + " < :anchor THEN -1 ELSE (" + ts + " - :anchor) // :grain END";
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
         * are bucket 0; rows of P are slot −2, bucket −1. So the mapping is exact for any zone, and
         * its cost does not grow with the number of events.
         */
        private void series(Metric m, String cte, String key, String value) {
            if (!q.wants(m, Part.BUCKETS)) {
                fragments.add(new Fragment(m, cte + " GROUP BY ALL").bucket("period").key(key).count("sum(n)").value(value));
                return;
            }
            bucketGrid();
            fragments.add(new Fragment(m, """
                    (SELECT %s AS slot,
                                 %s AS key, sum(n) AS n, %s AS value
                          FROM %s GROUP BY ALL) per_slot""".formatted(slot("period < 0", "ts"), key, value, cte))
                    .bucket("per_slot.slot").key("per_slot.key").count("per_slot.n").value("per_slot.value"));
        }

        /** Binds the bucket grid (see {@link #series}); the slots' buckets are found in Java ({@link DuckDbReportStore#bucketOf}). */
        private void bucketGrid() {
            BucketGrid g = BucketGrid.of(q.bucketStarts(), q.to()); // one bucket: the anchor is after W, every row is slot −1
            params.put("anchor", g.anchor());
            params.put("grain", g.grain());
        }

        private void median(Metric m, String value, String from) {
            perValue(m, value, "count(*)", from + " GROUP BY ALL");
        }

        /**
         * The same over rows that stand for {@code count} samples each: one row per distinct value
         * with its number of samples, from which {@link DuckDbReportStore#assemble} takes the
         * contract's percentile ({@link Percentile#ofCounts}).
         */
        private void median(Metric m, String value, String count, String from) {
            // a value whose samples all lie outside W (taken off a day's row) is none of W's
            perValue(m, value, count, from + " GROUP BY ALL HAVING " + count + " > 0");
        }

        private void perValue(Metric m, String value, String count, String groupedFrom) {
            fragments.add(new Fragment(m, "(SELECT " + value + " AS v, " + count + " AS c FROM " + groupedFrom + ") per_value")
                    .count("per_value.c").value("per_value.v"));
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
                case SAMPLES -> samples.put(m, samples(mine));
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

    /** The median of the samples, given as one row per distinct value (its {@code value}) with their number ({@code count}). */
    private static Samples samples(List<Row> perValue) {
        double[] values = new double[perValue.size()];
        long[] counts = new long[perValue.size()];
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = perValue.get(i).value();
            counts[i] = perValue.get(i).count();
            n += counts[i];
        }
        return new Samples(Percentile.ofUnorderedCounts(values, counts, Percentile.MEDIAN), n);
    }

    /** The bucket of a series row: −1 for P (slot −2), 0 for slot −1, else the last bucket starting at or before the slot's start. */
    private static int bucketOf(long slot, BucketGrid grid, List<Long> starts) {
        if (slot == -2) {
            return -1;
        }
        if (slot == -1) {
            return 0;
        }
        long t = grid.anchor() + slot * grid.grain();
        int i = java.util.Collections.binarySearch(starts, t);
        return i >= 0 ? i : -i - 2;
    }

    private static Series series(ReportQuery q, Metric m, List<Row> rows) {
        double total = 0;
        double previous = 0;
        long events = 0;
        Map<String, Long> byKey = new HashMap<>();
        double[] buckets = new double[q.wants(m, Part.BUCKETS) ? q.bucketStarts().size() : 0];
        BucketGrid grid = buckets.length > 0 ? BucketGrid.of(q.bucketStarts(), q.to()) : null;
        for (Row r : rows) {
            double value = r.value() == null ? 0 : r.value();
            int bucket = grid == null ? r.bucket().intValue() : bucketOf(r.bucket(), grid, q.bucketStarts());
            if (bucket < 0) {
                previous += value;
                continue;
            }
            total += value;
            events += r.count();
            if (r.key() != null) {
                byKey.merge(r.key(), r.count(), Long::sum);
            }
            if (buckets.length > 0) {
                buckets[bucket] += value;
            }
        }
        return new Series(total, events, byKey, Arrays.stream(buckets).boxed().toList(), previous);
    }
}
