package io.sextant.store.duckdb;

import io.sextant.store.ExportDataStore;
import io.sextant.store.Segment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The export queries. Each is one statement whose rows are handed on as they are read, so the file
 * grows while the result streams and nothing accumulates in the heap.
 *
 * <p>The statements are the {@code export-*.sql} files beside this class ({@link SqlResource}).
 * The daily query is the report definitions fused into one pass per event table, grouped by
 * (bucket, channel), and the grid of buckets × channels is left-joined to the aggregates so empty
 * cells are zeros. Every event in W is put into its bucket by its slot on the {@link BucketGrid}
 * of the buckets: a hash join with {@code slots}, one row per slot holding its bucket's start, built
 * from the bound bucket starts and ends. Tables that only count are counted per slot first. Only
 * when the grid would have more than {@link #MAX_SLOTS} slots (zones whose offsets once changed by
 * odd seconds, in the era of local mean time) are events put into buckets by an ASOF join on the
 * bucket starts instead, and then counted per timestamp first.
 *
 * <p>A conversation's start on a channel (its earliest {@code conversation.started} there) is read
 * from the {@code conversations} rollup, and its messages in the bucket of that start are counted
 * by equality on (conversation, channel, bucket).
 *
 * <p>Of a segment, each statement starts with its CTE {@code segment} and every read of events (and
 * of the conversations rollup) keeps its conversations ({@link SegmentSql}); the statements of every
 * conversation are built once.
 */
final class DuckDbExportDataStore implements ExportDataStore {

    /** The most grid slots the daily query maps by hash join; 366 days of quarter hours are 35,136. */
    static final long MAX_SLOTS = 1 << 16;

    /** The inbox threads the daily query counts: those opened or closed in the window. */
    private static final String DAILY_THREADS = "opened_at BETWEEN :from AND :to OR closed_at BETWEEN :from AND :to";

    /** An event's slot on the grid ({@code :anchor}, {@code :grain}); times before the anchor are slot −1. */
    private static String slotOf(String ts) {
        return "CASE WHEN " + ts + " < :anchor THEN -1 ELSE (" + ts + " - :anchor) // :grain END";
    }

    /** How {@code export-daily.sql} finds an event's bucket by its slot on the grid, through a hash join with {@code slots}. */
    private static final Map<String, UnaryOperator<String>> BY_SLOT = Map.of(
            "bucketJoin", ts -> "JOIN slots sl ON sl.slot = " + slotOf(ts),
            "bucketKey", DuckDbExportDataStore::slotOf,
            "bucketJoinKey", key -> "JOIN slots sl ON sl.slot = " + key);

    /** How {@code export-daily.sql} finds an event's bucket by an ASOF join on the bucket starts. */
    private static final Map<String, UnaryOperator<String>> BY_ASOF = Map.of(
            "bucketJoin", ts -> "ASOF JOIN buckets sl ON " + ts + " >= sl.b_start",
            "bucketKey", ts -> ts,
            "bucketJoinKey", key -> "ASOF JOIN buckets sl ON " + key + " >= sl.b_start");

    /** Events into buckets by their slot on the grid. */
    static final String DAILY = daily(BY_SLOT, SegmentSql.ALL);
    /** Events into buckets by an ASOF join on the bucket starts, for grids with too many slots: the same query but for how an event meets its bucket. */
    static final String DAILY_ASOF = daily(BY_ASOF, SegmentSql.ALL);

    private static final String CONVERSATION_COUNT = conversationCount(SegmentSql.ALL);

    private static final String CONVERSATIONS = conversations(SegmentSql.ALL);

    /** {@code export-daily.sql} of the segment, its events put into buckets by {@code forms}. */
    private static String daily(Map<String, UnaryOperator<String>> forms, SegmentSql segment) {
        return SqlResource.load("export-daily", Map.of("inboxThreads", InboxThreadsSql.ctes(DAILY_THREADS, segment),
                "segment", segment.isAll() ? "" : segment.cte() + ",\n", "segmentFilter", segment.restrict("conversation_id")), forms);
    }

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

    private final JdbcClient jdbc;
    private final long maxSlots;

    DuckDbExportDataStore(JdbcClient jdbc) {
        this(jdbc, MAX_SLOTS);
    }

    /** With another limit of grid slots, so tests can run either form of the daily query. */
    DuckDbExportDataStore(JdbcClient jdbc, long maxSlots) {
        this.jdbc = jdbc;
        this.maxSlots = maxSlots;
    }

    @Override
    public long channelCount(String chatbotId) {
        return jdbc.sql("SELECT count(*) FROM channels WHERE chatbot_id = :chatbot").param("chatbot", chatbotId)
                .query(Long.class).single();
    }

    @Override
    public void daily(String chatbotId, Days days, Segment segment, Consumer<DailyRow> sink) {
        List<Long> starts = days.bucketStarts();
        BucketGrid grid = BucketGrid.of(starts, days.to());
        boolean bySlot = grid.slots(days.to()) <= maxSlots;
        SegmentSql seg = SegmentSql.of(segment);
        String sql = seg.isAll() ? (bySlot ? DAILY : DAILY_ASOF) : daily(bySlot ? BY_SLOT : BY_ASOF, seg);
        jdbc.sql(sql).params(seg.params())
                .param("chatbot", chatbotId).param("from", days.from()).param("to", days.to())
                .param("starts", BucketGrid.bigintList(starts))
                .param("ends", BucketGrid.bigintList(days.bucketEnds()))
                .param("anchor", grid.anchor()).param("grain", grid.grain())
                .query((RowCallbackHandler) rs -> sink.accept(new DailyRow(
                        rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11), rs.getLong(12), rs.getLong(13), nullableDouble(rs, 14),
                        nullableDouble(rs, 15), nullableDouble(rs, 16), rs.getLong(17),
                        rs.getDouble(18), nullableDouble(rs, 19), rs.getLong(20), rs.getLong(21))));
    }

    @Override
    public long conversationCount(String chatbotId, long from, long to, Segment segment) {
        SegmentSql seg = SegmentSql.of(segment);
        return jdbc.sql(seg.isAll() ? CONVERSATION_COUNT : conversationCount(seg)).params(seg.params())
                .param("chatbot", chatbotId).param("from", from).param("to", to)
                .query(Long.class).single();
    }

    @Override
    public void conversations(String chatbotId, long from, long to, Segment segment, Consumer<ConversationRow> sink) {
        SegmentSql seg = SegmentSql.of(segment);
        jdbc.sql(seg.isAll() ? CONVERSATIONS : conversations(seg)).params(seg.params())
                .param("chatbot", chatbotId).param("from", from).param("to", to)
                .query((RowCallbackHandler) rs -> sink.accept(new ConversationRow(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11),
                        rs.getLong(12), rs.getLong(13), nullableDouble(rs, 14), rs.getString(15), rs.getBoolean(16),
                        DuckDbInboxStore.nullableLong(rs, 17), DuckDbInboxStore.nullableLong(rs, 18))));
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
