package io.sextant.store.duckdb;

import io.sextant.store.InboxStore;
import io.sextant.store.ResponderGroups;
import io.sextant.store.Segment;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The inbox statistics' reads on DuckDB. Of a segment, each statement starts with its CTE
 * {@code segment} ({@link SegmentSql}) and keeps the threads and events of its conversations.
 */
final class DuckDbInboxStore implements InboxStore {

    private static final String RELEVANT = "opened_at <= :to AND (closed_at IS NULL OR closed_at >= :from)";

    private static final String THREADS = threads(null, SegmentSql.ALL);
    private static final String THREADS_OF_CHANNEL = threads("x", SegmentSql.ALL);

    private static final String STATISTICS = statistics(null, SegmentSql.ALL);
    private static final String STATISTICS_OF_CHANNEL = statistics("x", SegmentSql.ALL);

    /** Per agent, in {@code inbox-agents.sql}: of all channels, or of {@code :channel}. */
    private static final String AGENTS = agents(null, SegmentSql.ALL);
    private static final String AGENTS_OF_CHANNEL = agents("x", SegmentSql.ALL);

    private final JdbcClient jdbc;
    /** The chatbots' numbers in the event tables. */
    private final ChatbotNumbers.Lookup chatbotNos = new ChatbotNumbers.Lookup();

    DuckDbInboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The threads statement: of all channels (channelId null) or of {@code :channel}, of the segment.
     * The two texts of a thread (its channel and first responder) come only with the first thread of
     * each pair, the threads of a pair following it: the JDBC driver turns every non-null text of a
     * result into a Java string as it fetches, which cost more than the rest of the request (at the
     * benchmark's 0.3 scale, 17,718 threads: 15–23 ms of texts against 2–3 ms without).
     */
    private static String threads(String channelId, SegmentSql segment) {
        return with(segment) + InboxThreadsSql.ctes(RELEVANT + (channelId == null ? "" : " AND channel_id = :channel"), segment) + """

                SELECT CASE WHEN named THEN channel_id END, opened_at, closed_at, first_response_at,
                       CASE WHEN named THEN first_responder END, named
                FROM (SELECT *, row_number() OVER (PARTITION BY channel_id, first_responder) = 1 AS named FROM threads)
                ORDER BY channel_id, first_responder, named DESC""";
    }

    /**
     * The statistics statement ({@link #threadStatistics}): per first responder (null: threads
     * without one), the threads opened in the window, closed in it and open at its end, and two
     * lists: the first responses of the threads opened in the window that came by {@code to}, and
     * the resolutions of the threads closed in it, in milliseconds. A few rows of counts and arrays
     * of longs, where streaming every thread of the window cost a fetch of each and a sort by its
     * two texts (at the default scale, 59.5k threads: 45 ms against 8 ms, statement alone). The
     * lists are sorted and their percentiles taken in Java ({@link ResponderGroups}), as the reference
     * does.
     */
    private static String statistics(String channelId, SegmentSql segment) {
        return with(segment) + InboxThreadsSql.ctes(RELEVANT + (channelId == null ? "" : " AND channel_id = :channel"), segment) + """

                SELECT first_responder,
                       count(*) FILTER (WHERE opened_at >= :from AND opened_at <= :to) AS opened,
                       count(*) FILTER (WHERE closed_at >= :from AND closed_at <= :to) AS closed,
                       count(*) FILTER (WHERE opened_at <= :to AND (closed_at IS NULL OR closed_at > :to)) AS open_at_end,
                       list(first_response_at - opened_at) FILTER (WHERE opened_at >= :from AND opened_at <= :to
                                                                    AND first_response_at <= :to) AS first_responses,
                       list(closed_at - opened_at) FILTER (WHERE closed_at >= :from AND closed_at <= :to) AS resolutions
                FROM threads
                GROUP BY first_responder""";
    }

    private static String agents(String channelId, SegmentSql segment) {
        String sql = SqlResource.load("inbox-agents", Map.of("channelFilter", channelId == null ? "" : "AND channel_id = :channel",
                "segmentFilter", segment.restrict("conversation_id")));
        return segment.isAll() ? sql : "WITH " + segment.cte() + "\n" + sql;
    }

    /** {@code WITH}, and the segment's CTE when it has one, before further CTEs. */
    private static String with(SegmentSql segment) {
        return "WITH " + (segment.isAll() ? "" : segment.cte() + ",\n");
    }

    /**
     * One of the three statements, bound: its kept text of all channels or of one when the segment
     * is all conversations, else its text built for the segment ({@code build}, from the channel
     * or null and the segment); the chatbot, the window, the segment's values and the channel.
     */
    private JdbcClient.StatementSpec statement(String chatbotId, String channelId, long from, long to, Segment segment,
            String all, String ofChannel, BiFunction<String, SegmentSql, String> build) {
        SegmentSql seg = SegmentSql.of(chatbotId, segment);
        String sql = seg.isAll() ? (channelId == null ? all : ofChannel) : build.apply(channelId, seg);
        var spec = jdbc.sql(sql).param("chatbot", chatbotId).param("chatbotNo", chatbotNos.of(chatbotId, jdbc)).param("from", from).param("to", to).params(seg.params());
        return channelId == null ? spec : spec.param("channel", channelId);
    }

    @Override
    public void threads(String chatbotId, String channelId, long from, long to, Segment segment, Consumer<InboxThread> sink) {
        var spec = statement(chatbotId, channelId, from, to, segment, THREADS, THREADS_OF_CHANNEL, DuckDbInboxStore::threads);
        String[] names = new String[2]; // the channel and first responder of the current pair
        spec.query((RowCallbackHandler) rs -> {
            if (rs.getBoolean(6)) {
                names[0] = rs.getString(1);
                names[1] = rs.getString(5);
            }
            sink.accept(new InboxThread(names[0], rs.getLong(2), nullableLong(rs, 3), nullableLong(rs, 4), names[1]));
        });
    }

    @Override
    public ThreadStatistics threadStatistics(String chatbotId, String channelId, long from, long to, Segment segment) {
        var spec = statement(chatbotId, channelId, from, to, segment, STATISTICS, STATISTICS_OF_CHANNEL, DuckDbInboxStore::statistics);
        ResponderGroups groups = new ResponderGroups();
        spec.query((RowCallbackHandler) rs -> groups.add(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                millis(rs.getArray(5)), millis(rs.getArray(6))));
        return groups.statistics();
    }

    /** The milliseconds of a list of the statistics statement (null: none). */
    private static LongStream millis(Array list) throws SQLException {
        return list == null ? LongStream.empty() : Arrays.stream((Object[]) list.getArray()).mapToLong(item -> ((Number) item).longValue());
    }

    @Override
    public List<AgentCounts> agentCounts(String chatbotId, String channelId, long from, long to, Segment segment) {
        var spec = statement(chatbotId, channelId, from, to, segment, AGENTS, AGENTS_OF_CHANNEL, DuckDbInboxStore::agents);
        return spec.query((rs, i) -> new AgentCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
