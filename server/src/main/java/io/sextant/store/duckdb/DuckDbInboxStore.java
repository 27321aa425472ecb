package io.sextant.store.duckdb;

import io.sextant.stats.Percentile;
import io.sextant.store.InboxStore;
import io.sextant.store.Segment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
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
     * The statistics statement ({@link #threadStatistics}): one row of the totals ({@code total}
     * true) and one per responder with first responses in the window. The threads never leave
     * DuckDB: each group's durations are gathered into a sorted list, of which only the count, the
     * sum and the two values around each percentile's position come out, the position computed in
     * doubles as {@link Percentile} does, which interpolates between them in Java, so the answer is
     * the reference's to the last bit. (Streaming the rows to fold them in Java, as before, cost the
     * JDBC fetch of every thread of the window and a sort by its two texts.)
     */
    private static String statistics(String channelId, SegmentSql segment) {
        return with(segment) + InboxThreadsSql.ctes(RELEVANT + (channelId == null ? "" : " AND channel_id = :channel"), segment) + """
                ,
                samples AS (
                    SELECT first_responder,
                           opened_at >= :from AND opened_at <= :to AS opened_in,
                           coalesce(closed_at >= :from AND closed_at <= :to, false) AS closed_in,
                           opened_at <= :to AND (closed_at IS NULL OR closed_at > :to) AS open_at_end,
                           CASE WHEN opened_at >= :from AND opened_at <= :to AND first_response_at <= :to
                                THEN first_response_at - opened_at END AS fr,
                           CASE WHEN closed_at >= :from AND closed_at <= :to THEN closed_at - opened_at END AS res
                    FROM threads
                ),
                groups AS (
                    SELECT grouping(first_responder) = 1 AS total, first_responder,
                           count(*) FILTER (WHERE opened_in) AS opened, count(*) FILTER (WHERE closed_in) AS closed,
                           count(*) FILTER (WHERE open_at_end) AS open_at_end,
                           count(fr) AS fr_n, CAST(coalesce(sum(fr), 0) AS BIGINT) AS fr_sum,
                           list_sort(list(fr) FILTER (WHERE fr IS NOT NULL)) AS frs,
                           count(res) AS res_n, CAST(coalesce(sum(res), 0) AS BIGINT) AS res_sum,
                           list_sort(list(res) FILTER (WHERE res IS NOT NULL)) AS ress
                    FROM samples
                    GROUP BY GROUPING SETS ((), (first_responder))
                )
                SELECT total, first_responder, opened, closed, open_at_end,
                       fr_n, fr_sum, %s, %s,
                       res_n, res_sum, %s, %s
                FROM groups
                WHERE total OR fr_n > 0""".formatted(around("frs", "fr_n", Percentile.MEDIAN), around("frs", "fr_n", P90),
                around("ress", "res_n", Percentile.MEDIAN), around("ress", "res_n", P90));
    }

    private static final double P90 = 0.9;

    /** The two values of the sorted list around the position p·(n − 1): at its floor, at its ceiling. */
    private static String around(String list, String n, double p) {
        String pos = "CAST(" + p + " AS DOUBLE) * (" + n + " - 1)";
        return list + "[CAST(floor(" + pos + ") AS BIGINT) + 1], " + list + "[CAST(ceil(" + pos + ") AS BIGINT) + 1]";
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

    @Override
    public void threads(String chatbotId, String channelId, long from, long to, Segment segment, Consumer<InboxThread> sink) {
        SegmentSql seg = SegmentSql.of(chatbotId, segment);
        String sql = seg.isAll() ? (channelId == null ? THREADS : THREADS_OF_CHANNEL) : threads(channelId, seg);
        var spec = jdbc.sql(sql).param("chatbot", chatbotId).param("from", from).param("to", to).params(seg.params());
        if (channelId != null) {
            spec = spec.param("channel", channelId);
        }
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
        SegmentSql seg = SegmentSql.of(chatbotId, segment);
        String sql = seg.isAll() ? (channelId == null ? STATISTICS : STATISTICS_OF_CHANNEL) : statistics(channelId, seg);
        var spec = jdbc.sql(sql).param("chatbot", chatbotId).param("from", from).param("to", to).params(seg.params());
        if (channelId != null) {
            spec = spec.param("channel", channelId);
        }
        ThreadStatistics[] totals = new ThreadStatistics[1];
        Map<String, Durations> responders = new TreeMap<>();
        spec.query((RowCallbackHandler) rs -> {
            Durations firstResponse = durations(rs, 6);
            if (rs.getBoolean(1)) {
                totals[0] = new ThreadStatistics(rs.getLong(3), rs.getLong(4), rs.getLong(5), firstResponse, durations(rs, 12), responders);
            } else {
                responders.put(rs.getString(2), firstResponse);
            }
        });
        if (totals[0] == null) { // the grouping set () answers a row even without threads; kept as a guard
            throw new IllegalStateException("the inbox statistics statement answered no totals row");
        }
        return totals[0];
    }

    /** The durations of the columns from {@code column}: n, sum, and the two values around the median and around p90. */
    private static Durations durations(ResultSet rs, int column) throws SQLException {
        long n = rs.getLong(column);
        if (n == 0) {
            return Durations.NONE;
        }
        return new Durations(n, rs.getLong(column + 1),
                Percentile.between(n, Percentile.MEDIAN, rs.getLong(column + 2), rs.getLong(column + 3)),
                Percentile.between(n, P90, rs.getLong(column + 4), rs.getLong(column + 5)));
    }

    @Override
    public List<AgentCounts> agentCounts(String chatbotId, String channelId, long from, long to, Segment segment) {
        SegmentSql seg = SegmentSql.of(chatbotId, segment);
        String sql = seg.isAll() ? (channelId == null ? AGENTS : AGENTS_OF_CHANNEL) : agents(channelId, seg);
        var spec = jdbc.sql(sql).param("chatbot", chatbotId).param("from", from).param("to", to).params(seg.params());
        if (channelId != null) {
            spec = spec.param("channel", channelId);
        }
        return spec.query((rs, i) -> new AgentCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
