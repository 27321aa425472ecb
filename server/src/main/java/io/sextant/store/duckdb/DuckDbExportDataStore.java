package io.sextant.store.duckdb;

import io.sextant.stats.Percentile;
import io.sextant.store.ExportDataStore;
import io.sextant.store.Segment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The export queries. The conversations file is one statement whose rows are handed on as they are
 * read, so the file grows while the result streams and nothing accumulates in the heap.
 *
 * <p>The statements are the {@code export-*.sql} files beside this class ({@link SqlResource}).
 *
 * <p><b>The daily file</b> reads in one read transaction (one snapshot): the chatbot's channels, the
 * bounds of the messages {@code export-daily-crossing.sql} finds (below), and {@code export-daily.sql},
 * which answers per metric, bucket and channel one aggregate row — counts, a sum, and for each median
 * its number of samples with their values and how many samples have each (lists, unordered: a
 * cell's few hundred values sort in Java in microseconds, where a window over every cell's values
 * ordered by value was the statement's largest part). Java folds those into the
 * grid of buckets × channels (zeros where nothing happened) and interpolates each median with
 * {@link Percentile}, the contract's rule ({@link DailyCells}). Its memory is one row per bucket and
 * channel, never a row per event; a cell's values only while its row is read.
 *
 * <ul>
 * <li><b>Events come from hours and days, edges from the events</b>, as for the reports: per metric,
 * {@link RollupPlan} splits [from, to] at every bucket start into whole UTC days and (for the series
 * messages, interactions and calls) whole UTC hours, read from {@code event_rollups}, and the rest,
 * read from the event table. A span serves only when no bucket start falls inside it, so all its
 * events belong to one bucket. A segment reads every range from the events (the rollups count every
 * conversation).</li>
 * <li>Every row (an event, or a span by its start) is put into its bucket by its slot on the
 * {@link BucketGrid} of the buckets: a hash join with {@code slots}, one row per slot holding its
 * bucket, after the rows are counted per slot. Only when the grid would have more than
 * {@link #MAX_SLOTS} slots (zones whose offsets once changed by odd seconds, in the era of local mean
 * time) is it an ASOF join on the bucket starts instead.</li>
 * <li><b>Conversations</b> and the median of their messages: a conversation's start on a channel (its
 * earliest {@code conversation.started} there) and its messages on that channel — how many, the
 * first and the last time — are its row of the {@code conversations} rollup. When the first and the
 * last lie in the bucket of the start, the count is its messages in that bucket. When they lie even
 * in the grid slot of the start (most do), that is known without the bucket: those are counted per
 * slot and message count before any join, carrying no conversation id. For the few that
 * cross an edge of it, the messages outside the bucket are counted from the events and taken off.
 * They lie, per bucket, between the earliest first message and the bucket's start and between its
 * end and the latest last message of those conversations, which a first statement
 * ({@code export-daily-crossing.sql}) finds; bound as constants, they let the scans skip every other
 * row group ({@link #MAX_OUTSIDE_RANGES} ranges at most: the closest are merged).</li>
 * </ul>
 *
 * <p>Of a segment, each statement starts with its CTE {@code segment} and every read of events (and
 * of the conversations rollup) keeps its conversations ({@link SegmentSql}); the statements of every
 * conversation are built once, but for the ranges of the plans, which are bound.
 */
final class DuckDbExportDataStore implements ExportDataStore {

    /** The most grid slots the daily query maps by hash join; 366 days of quarter hours are 35,136. */
    static final long MAX_SLOTS = 1 << 16;

    /** The most ranges of messages read for the conversations that cross the edges of their bucket. */
    static final int MAX_OUTSIDE_RANGES = 32;

    /** The inbox threads the daily query counts: those opened or closed in the window. */
    private static final String DAILY_THREADS = "opened_at BETWEEN :from AND :to OR closed_at BETWEEN :from AND :to";

    /** An event's slot on the grid ({@code :anchor}, {@code :grain}); times before the anchor are slot −1. */
    private static String slotOf(String ts) {
        return "CASE WHEN " + ts + " < :anchor THEN -1 ELSE (" + ts + " - :anchor) // :grain END";
    }

    /**
     * {@code {{inStartSlot c}}}: whether the conversations row {@code c} has its messages all in the
     * window and in the grid slot (by {@code bucketKey}) of its start, or none: then they lie in the
     * bucket of its start, which needs no join to know. What of a slot lies in the window lies in
     * one bucket; the window's bounds matter, as its first and last slots may reach beyond it.
     */
    private static UnaryOperator<String> inStartSlot(UnaryOperator<String> bucketKey) {
        return c -> "coalesce(" + bucketKey.apply(c + ".first_message_ts") + " = " + bucketKey.apply(c + ".start_ts")
                + " AND " + bucketKey.apply(c + ".last_message_ts") + " = " + bucketKey.apply(c + ".start_ts")
                + " AND " + c + ".first_message_ts >= :from AND " + c + ".last_message_ts <= :to, true)";
    }

    /** How {@code export-daily.sql} finds an event's bucket by its slot on the grid, through a hash join with {@code slots}. */
    static final Map<String, UnaryOperator<String>> BY_SLOT = Map.of(
            "bucketJoin", ts -> "JOIN slots sl ON sl.slot = " + slotOf(ts),
            "bucketKey", DuckDbExportDataStore::slotOf,
            "bucketJoinKey", key -> "JOIN slots sl ON sl.slot = " + key,
            "inStartSlot", inStartSlot(DuckDbExportDataStore::slotOf));

    /** How {@code export-daily.sql} finds an event's bucket by an ASOF join on the bucket starts. */
    static final Map<String, UnaryOperator<String>> BY_ASOF = Map.of(
            "bucketJoin", ts -> "ASOF JOIN buckets sl ON " + ts + " >= sl.b_start",
            "bucketKey", ts -> ts,
            "bucketJoinKey", key -> "ASOF JOIN buckets sl ON " + key + " >= sl.b_start",
            "inStartSlot", inStartSlot(ts -> ts));

    /**
     * A metric of the daily file kept in {@code event_rollups}: its code there, the event table it
     * counts, and how an event of that table gives a row {@code (key, num, v)} (and which events count).
     */
    private record DailyMetric(String code, String table, String key, String num, String v, String filter) {

        /** Its rows {@code (ts, channel_id, key, num, n, v)} by the plan: events of the plan's event ranges, rollup rows of its spans. */
        String rows(RollupPlan plan, String segmentFilter, Map<String, Object> params) {
            List<String> parts = new ArrayList<>();
            for (long[] r : plan.raw()) {
                parts.add("    SELECT ts, channel_id, CAST(" + key + " AS VARCHAR) AS key, CAST(" + num + " AS DOUBLE) AS num,"
                        + " CAST(1 AS BIGINT) AS n, CAST(" + v + " AS DOUBLE) AS v\n    FROM " + table
                        + " WHERE chatbot_no = :chatbotNo AND ts BETWEEN " + bind(params, code + "_events_lo", r[0]) + " AND "
                        + bind(params, code + "_events_hi", r[1]) + filter + segmentFilter);
            }
            String spans = plan.spans(code, (stem, value) -> bind(params, stem, value));
            if (spans != null) {
                parts.add("    SELECT start_ts AS ts, channel_id, key, num, n, total AS v\n    FROM event_rollups"
                        + " WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND metric = '" + code + "' AND " + spans);
            }
            return String.join("\n    UNION ALL\n", parts);
        }
    }

    /** The metrics of the daily file kept in {@code event_rollups}, by their slot in {@code export-daily.sql}. */
    private static final Map<String, DailyMetric> METRICS = Map.of(
            "msgRows", new DailyMetric("msg", "messages", "direction", "NULL", "NULL", ""),
            "lenRows", new DailyMetric("len", "messages", "NULL", "length", "NULL", " AND direction = 'user'"),
            "iscRows", new DailyMetric("isc", "intents", "NULL", "score", "NULL", ""),
            "stpRows", new DailyMetric("stp", "steps", "NULL", "NULL", "NULL", ""),
            "iaRows", new DailyMetric("ia", "interactions", "NULL", "NULL", "NULL", ""),
            "callRows", new DailyMetric("call", "calls", "NULL", "NULL", "duration_seconds", ""),
            "cdurRows", new DailyMetric("cdur", "calls", "NULL", "duration_seconds", "NULL", ""));

    /** Binds {@code value} under a new name that starts with {@code stem}; the name as written in SQL. */
    private static String bind(Map<String, Object> params, String stem, long value) {
        int i = 0;
        while (params.containsKey(stem + i)) {
            i++;
        }
        params.put(stem + i, value);
        return ":" + stem + i;
    }

    private static final String CONVERSATION_COUNT = conversationCount(SegmentSql.ALL);

    private static final String CONVERSATIONS = conversations(SegmentSql.ALL);

    /**
     * {@code export-daily.sql} of the segment, its events put into buckets by {@code forms}, with the
     * rows of each metric and the messages outside the buckets as given ({@code rows}: one entry per
     * slot of {@link #METRICS} and {@code outsideMessages}).
     */
    static String daily(Map<String, UnaryOperator<String>> forms, SegmentSql segment, Map<String, String> rows) {
        Map<String, String> slots = new HashMap<>(rows);
        slots.put("inboxThreads", InboxThreadsSql.ctes(DAILY_THREADS, segment));
        slots.put("segment", segment.isAll() ? "" : segment.cte() + ",\n");
        slots.put("segmentFilter", segment.restrict("conversation_id"));
        slots.put("grid", SqlResource.load("export-daily-grid"));
        return SqlResource.load("export-daily", slots, forms);
    }

    /** {@code export-daily-crossing.sql} of the segment, its conversations put into buckets by {@code forms}. */
    static String crossing(Map<String, UnaryOperator<String>> forms, SegmentSql segment) {
        return SqlResource.load("export-daily-crossing", Map.of("segment", segment.isAll() ? "" : segment.cte() + ",\n",
                "segmentFilter", segment.restrict("conversation_id"), "grid", SqlResource.load("export-daily-grid")), forms);
    }

    private static final String CROSSING = crossing(BY_SLOT, SegmentSql.ALL);
    private static final String CROSSING_ASOF = crossing(BY_ASOF, SegmentSql.ALL);

    /** The CTE {@code conv}: the segment's conversations started in the window ({@code export-conversation-starts.sql}), after the segment's CTE. */
    private static String firstStarts(SegmentSql segment) {
        return (segment.isAll() ? "" : segment.cte() + ",\n")
                + SqlResource.load("export-conversation-starts", Map.of("segmentFilter", segment.restrict("conversation_id")));
    }

    private static String conversationCount(SegmentSql segment) {
        return "WITH " + firstStarts(segment) + " SELECT count(*) FROM conv";
    }

    private static String conversations(SegmentSql segment) {
        return SqlResource.load("export-conversations",
                Map.of("conversationStarts", firstStarts(segment), "inboxThreads", InboxThreadsSql.ctes("thread_no = 1")));
    }

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    /** The chatbots' numbers in the event tables. */
    private final ChatbotNumbers.Lookup chatbotNos = new ChatbotNumbers.Lookup();
    private final long maxSlots;
    private final boolean useRollups;

    DuckDbExportDataStore(DataSource dataSource) {
        this(dataSource, MAX_SLOTS, true);
    }

    /**
     * With another limit of grid slots, so tests can run either form of the daily query, and with
     * {@code useRollups} false every count of the daily file from the events (the tests' brute force).
     */
    DuckDbExportDataStore(DataSource dataSource, long maxSlots, boolean useRollups) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.maxSlots = maxSlots;
        this.useRollups = useRollups;
    }

    @Override
    public long channelCount(String chatbotId) {
        return jdbc.sql("SELECT count(*) FROM channels WHERE chatbot_id = :chatbot").param("chatbot", chatbotId)
                .query(Long.class).single();
    }

    /** A channel of the grid. */
    private record GridChannel(String id, String name, String type) {}

    @Override
    public void daily(String chatbotId, Days days, Segment segment, Consumer<DailyRow> sink) {
        List<Long> starts = days.bucketStarts();
        BucketGrid grid = BucketGrid.of(starts, days.to());
        Map<String, UnaryOperator<String>> forms = grid.slots(days.to()) <= maxSlots ? BY_SLOT : BY_ASOF;
        SegmentSql seg = SegmentSql.of(chatbotId, segment);
        Map<String, Object> params = new HashMap<>(seg.params());
        params.put("chatbot", chatbotId);
        params.put("chatbotKey", ChatbotKey.of(chatbotId));
        params.put("chatbotNo", chatbotNos.of(chatbotId, jdbc));
        params.put("from", days.from());
        params.put("to", days.to());
        params.put("starts", BucketGrid.bigintList(starts));
        params.put("ends", BucketGrid.bigintList(days.bucketEnds()));
        params.put("anchor", grid.anchor());
        params.put("grain", grid.grain());
        DailyCells cells;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                JdbcClient tx = JdbcClient.create(new SingleConnectionDataSource(c, true));
                List<GridChannel> channels = tx.sql("SELECT channel_id, name, type FROM channels WHERE chatbot_id = :chatbot ORDER BY channel_id")
                        .param("chatbot", chatbotId).query((rs, i) -> new GridChannel(rs.getString(1), rs.getString(2), rs.getString(3))).list();
                List<long[]> outside = outsideRanges(tx.sql(seg.isAll() ? (forms == BY_SLOT ? CROSSING : CROSSING_ASOF) : crossing(forms, seg))
                        .params(params).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2),
                                rs.getObject(3) == null ? Long.MAX_VALUE : rs.getLong(3), rs.getObject(4) == null ? Long.MIN_VALUE : rs.getLong(4)})
                        .list());
                cells = new DailyCells(starts, channels.stream().map(GridChannel::id).toList());
                String sql = daily(forms, seg, rowsOf(days, seg, outside, useRollups, params));
                tx.sql(sql).params(params).query((RowCallbackHandler) cells::add);
                for (int b = 0; b < starts.size(); b++) {
                    for (int ch = 0; ch < channels.size(); ch++) {
                        GridChannel g = channels.get(ch);
                        sink.accept(cells.row(b, ch, starts.get(b), days.bucketEnds().get(b), g.id(), g.name(), g.type()));
                    }
                }
            } finally {
                c.rollback(); // read only: ends the transaction
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("computing a daily export failed: " + e.getMessage(), e);
        }
    }

    /**
     * The slots of {@code export-daily.sql} that depend on the window: each metric's rows by its
     * {@link RollupPlan} (cut at every bucket start), and the scans of {@code outside}.
     */
    static Map<String, String> rowsOf(Days days, SegmentSql seg, List<long[]> outside, boolean useRollups, Map<String, Object> params) {
        long[] cuts = days.bucketStarts().stream().mapToLong(Long::longValue).toArray(); // the first is from
        boolean rollups = useRollups && seg.isAll(); // the rollups count every conversation
        Map<String, String> rows = new HashMap<>();
        String segmentFilter = seg.restrict("conversation_id");
        for (var m : METRICS.entrySet()) {
            DailyMetric metric = m.getValue();
            RollupPlan plan = rollups ? RollupPlan.of(days.from(), days.to(), cuts, EventRollups.hourly(metric.code()))
                    : RollupPlan.rawOnly(days.from(), days.to());
            rows.put(m.getKey(), metric.rows(plan, segmentFilter, params));
        }
        List<String> scans = new ArrayList<>();
        for (long[] r : outside) {
            scans.add("SELECT conversation_id, channel_id, ts FROM messages WHERE chatbot_no = :chatbotNo AND ts BETWEEN "
                    + bind(params, "outside_lo", r[0]) + " AND " + bind(params, "outside_hi", r[1]));
        }
        rows.put("outsideMessages", scans.isEmpty()
                ? "SELECT CAST(NULL AS VARCHAR) AS conversation_id, CAST(NULL AS VARCHAR) AS channel_id, CAST(NULL AS BIGINT) AS ts WHERE false"
                : String.join("\n          UNION ALL\n          ", scans));
        return rows;
    }

    /**
     * The ranges of messages to read for the conversations that cross an edge of their bucket, from
     * the rows of {@code export-daily-crossing.sql} ({@code b_start, b_end, before_from, after_to},
     * the last two {@code Long.MAX_VALUE}/{@code MIN_VALUE} when none): ascending, disjoint, at most
     * {@link #MAX_OUTSIDE_RANGES} (the ranges with the shortest gaps between them are merged).
     */
    static List<long[]> outsideRanges(List<long[]> perBucket) {
        List<long[]> ranges = new ArrayList<>();
        for (long[] b : perBucket) {
            if (b[2] < b[0]) {
                ranges.add(new long[] {b[2], b[0] - 1});
            }
            if (b[3] > b[1]) {
                ranges.add(new long[] {b[1] + 1, b[3]});
            }
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            if (!merged.isEmpty() && merged.getLast()[1] >= r[0] - 1) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], r[1]);
            } else {
                merged.add(r.clone());
            }
        }
        while (merged.size() > MAX_OUTSIDE_RANGES) {
            int closest = 0;
            for (int i = 1; i < merged.size() - 1; i++) {
                if (merged.get(i + 1)[0] - merged.get(i)[1] < merged.get(closest + 1)[0] - merged.get(closest)[1]) {
                    closest = i;
                }
            }
            merged.get(closest)[1] = merged.get(closest + 1)[1];
            merged.remove(closest + 1);
        }
        return merged;
    }

    @Override
    public long conversationCount(String chatbotId, long from, long to, Segment segment) {
        SegmentSql seg = SegmentSql.of(chatbotId, segment);
        return jdbc.sql(seg.isAll() ? CONVERSATION_COUNT : conversationCount(seg)).params(seg.params())
                .param("chatbot", chatbotId).param("chatbotKey", ChatbotKey.of(chatbotId)).param("chatbotNo", chatbotNos.of(chatbotId, jdbc))
                .param("from", from).param("to", to)
                .query(Long.class).single();
    }

    @Override
    public void conversations(String chatbotId, long from, long to, Segment segment, Consumer<ConversationRow> sink) {
        SegmentSql seg = SegmentSql.of(chatbotId, segment);
        jdbc.sql(seg.isAll() ? CONVERSATIONS : conversations(seg)).params(seg.params())
                .param("chatbot", chatbotId).param("chatbotKey", ChatbotKey.of(chatbotId)).param("chatbotNo", chatbotNos.of(chatbotId, jdbc))
                .param("from", from).param("to", to)
                .query((RowCallbackHandler) rs -> sink.accept(new ConversationRow(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11),
                        rs.getLong(12), rs.getLong(13), nullableDouble(rs, 14), rs.getString(15), rs.getBoolean(16),
                        DuckDbInboxStore.nullableLong(rs, 17), DuckDbInboxStore.nullableLong(rs, 18))));
    }

    static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
