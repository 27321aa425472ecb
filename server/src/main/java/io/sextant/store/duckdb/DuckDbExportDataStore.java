package io.sextant.store.duckdb;

import io.sextant.stats.Percentile;
import io.sextant.store.ExportDataStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The export queries. Each is one statement whose rows are handed on as they are read, so the file
 * grows while the result streams and nothing accumulates in the heap.
 *
 * <p>The daily query is the report definitions fused into one pass per event table, grouped by
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
 */
final class DuckDbExportDataStore implements ExportDataStore {

    /** The most grid slots the daily query maps by hash join; 366 days of quarter hours are 35,136. */
    static final long MAX_SLOTS = 1 << 16;

    /**
     * The daily query. {@code ${key:ts}} is what rows are grouped by before they meet their bucket
     * (their slot, or the timestamp itself), {@code ${bucket:key}} joins a row or group to its bucket
     * as {@code sl} (with {@code sl.b_start}), {@code ${median:value}} is the aggregate of the
     * contract's median ({@link DuckDbPercentile#aggregate}).
     */
    private static final String DAILY_TEMPLATE = """
            WITH buckets AS (
                SELECT unnest(CAST(:starts AS BIGINT[])) AS b_start, unnest(CAST(:ends AS BIGINT[])) AS b_end
            ),
            slots AS (
                -- every slot of the grid, with the start of its bucket: the slots of [b_start, b_end]
                SELECT unnest(range(lo, hi + 1)) AS slot, b_start
                FROM (SELECT b_start,
                             CASE WHEN b_start < :anchor THEN -1 ELSE (b_start - :anchor) // :grain END AS lo,
                             CASE WHEN b_end < :anchor THEN -1 ELSE (b_end - :anchor) // :grain END AS hi
                      FROM buckets)
            ),
            grid AS (
                SELECT b.b_start, b.b_end, c.channel_id, c.name, c.type
                FROM buckets b CROSS JOIN (SELECT channel_id, name, type FROM channels WHERE chatbot_id = :chatbot) c
            ),
            msg AS (
                SELECT sl.b_start, m.channel_id,
                       count(*) AS messages,
                       count(*) FILTER (WHERE m.direction = 'user') AS user_messages,
                       count(*) FILTER (WHERE m.direction = 'bot') AS bot_messages,
                       count(*) FILTER (WHERE m.direction = 'agent') AS agent_messages,
                       ${median:m.length} FILTER (WHERE m.direction = 'user') AS user_length_median
                FROM messages m ${bucket:${key:m.ts}}
                WHERE m.chatbot_id = :chatbot AND m.ts BETWEEN :from AND :to
                GROUP BY sl.b_start, m.channel_id
            ),
            started AS (
                -- a conversation's start on a channel: its earliest conversation.started there (rollup)
                SELECT c.conversation_id, c.channel_id, sl.b_start
                FROM conversations c ${bucket:${key:c.start_ts}}
                WHERE c.chatbot_id = :chatbot AND c.channel_id <> '' AND c.start_ts BETWEEN :from AND :to
            ),
            conv_msg_counts AS (
                -- messages per (conversation, channel, bucket)
                SELECT m.conversation_id, m.channel_id, sl.b_start, count(*) AS n
                FROM messages m ${bucket:${key:m.ts}}
                WHERE m.chatbot_id = :chatbot AND m.ts BETWEEN :from AND :to
                GROUP BY m.conversation_id, m.channel_id, sl.b_start
            ),
            conv AS (
                SELECT st.b_start, st.channel_id, count(*) AS conversations,
                       ${median:coalesce(mc.n, 0)} AS per_conversation_median
                FROM started st
                LEFT JOIN conv_msg_counts mc
                       ON mc.conversation_id = st.conversation_id AND mc.channel_id = st.channel_id AND mc.b_start = st.b_start
                GROUP BY st.b_start, st.channel_id
            ),
            intent AS (
                SELECT sl.b_start, i.channel_id, count(*) AS hits, ${median:i.score} AS score_median
                FROM intents i ${bucket:${key:i.ts}}
                WHERE i.chatbot_id = :chatbot AND i.ts BETWEEN :from AND :to
                GROUP BY sl.b_start, i.channel_id
            ),
            step AS (
                SELECT sl.b_start, s.channel_id, sum(s.n) AS n
                FROM (SELECT ${key:ts} AS k, channel_id, count(*) AS n
                      FROM steps WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to GROUP BY ALL) s
                ${bucket:s.k}
                GROUP BY sl.b_start, s.channel_id
            ),
            inter AS (
                SELECT sl.b_start, x.channel_id, sum(x.n) AS n
                FROM (SELECT ${key:ts} AS k, channel_id, count(*) AS n
                      FROM interactions WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to GROUP BY ALL) x
                ${bucket:x.k}
                GROUP BY sl.b_start, x.channel_id
            ),
            calls_agg AS (
                SELECT sl.b_start, c.channel_id, count(*) AS calls, fsum(c.duration_seconds) AS duration,
                       ${median:c.duration_seconds} AS duration_median
                FROM calls c ${bucket:${key:c.ts}}
                WHERE c.chatbot_id = :chatbot AND c.ts BETWEEN :from AND :to
                GROUP BY sl.b_start, c.channel_id
            ),
            %s,
            inbox_open AS (
                SELECT sl.b_start, t.channel_id, count(*) AS n
                FROM inbox_threads t ${bucket:${key:t.opened_at}}
                WHERE t.opened_at BETWEEN :from AND :to
                GROUP BY sl.b_start, t.channel_id
            ),
            inbox_close AS (
                SELECT sl.b_start, t.channel_id, count(*) AS n
                FROM inbox_threads t ${bucket:${key:t.closed_at}}
                WHERE t.closed_at BETWEEN :from AND :to
                GROUP BY sl.b_start, t.channel_id
            )
            SELECT g.b_start, g.b_end, g.channel_id, g.name, g.type,
                   coalesce(conv.conversations, 0), coalesce(msg.messages, 0), coalesce(msg.user_messages, 0),
                   coalesce(msg.bot_messages, 0), coalesce(msg.agent_messages, 0), coalesce(inter.n, 0),
                   coalesce(step.n, 0), coalesce(intent.hits, 0), intent.score_median, conv.per_conversation_median,
                   msg.user_length_median, coalesce(calls_agg.calls, 0), coalesce(calls_agg.duration, 0), calls_agg.duration_median,
                   coalesce(inbox_open.n, 0), coalesce(inbox_close.n, 0)
            FROM grid g
            LEFT JOIN conv ON conv.b_start = g.b_start AND conv.channel_id = g.channel_id
            LEFT JOIN msg ON msg.b_start = g.b_start AND msg.channel_id = g.channel_id
            LEFT JOIN inter ON inter.b_start = g.b_start AND inter.channel_id = g.channel_id
            LEFT JOIN step ON step.b_start = g.b_start AND step.channel_id = g.channel_id
            LEFT JOIN intent ON intent.b_start = g.b_start AND intent.channel_id = g.channel_id
            LEFT JOIN calls_agg ON calls_agg.b_start = g.b_start AND calls_agg.channel_id = g.channel_id
            LEFT JOIN inbox_open ON inbox_open.b_start = g.b_start AND inbox_open.channel_id = g.channel_id
            LEFT JOIN inbox_close ON inbox_close.b_start = g.b_start AND inbox_close.channel_id = g.channel_id
            ORDER BY g.b_start, g.channel_id
            """.formatted(InboxThreadsSql.ctes("opened_at BETWEEN :from AND :to OR closed_at BETWEEN :from AND :to"));

    // placeholders of the template, filled by daily(boolean) below
    private static final Pattern KEY = Pattern.compile("\\$\\{key:([a-z_.]+)}");
    private static final Pattern BUCKET = Pattern.compile("\\$\\{bucket:([^}]+)}");
    private static final Pattern MEDIAN = Pattern.compile("\\$\\{median:([^}]+)}");

    /** Events into buckets by their slot on the grid. */
    static final String DAILY = daily(true);
    /** Events into buckets by an ASOF join on the bucket starts, for grids with too many slots. */
    static final String DAILY_ASOF = daily(false);

    private static String daily(boolean grid) {
        String sql = MEDIAN.matcher(DAILY_TEMPLATE).replaceAll(m -> Matcher.quoteReplacement(
                DuckDbPercentile.aggregate(m.group(1), Percentile.MEDIAN)));
        sql = KEY.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(grid
                ? "CASE WHEN " + m.group(1) + " < :anchor THEN -1 ELSE (" + m.group(1) + " - :anchor) // :grain END"
                : m.group(1)));
        return BUCKET.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(grid
                ? "JOIN slots sl ON sl.slot = " + m.group(1)
                : "ASOF JOIN buckets sl ON " + m.group(1) + " >= sl.b_start"));
    }

    private static final String FIRST_STARTS = """
            conv AS (
                -- a conversation's start: its earliest conversation.started (ties: the first ingested), and
                -- its latest language; the all-channels rows of the conversations rollup
                SELECT conversation_id, start_channel AS channel_id, start_ts AS started_at, language
                FROM conversations
                WHERE chatbot_id = :chatbot AND channel_id = '' AND start_ts BETWEEN :from AND :to
            )""";

    private static final String CONVERSATION_COUNT = "WITH " + FIRST_STARTS + " SELECT count(*) FROM conv";

    private static final String CONVERSATIONS = """
            WITH %s,
            %s,
            msg AS (
                SELECT conversation_id, count(*) AS messages,
                       count(*) FILTER (WHERE direction = 'user') AS user_messages,
                       count(*) FILTER (WHERE direction = 'bot') AS bot_messages,
                       count(*) FILTER (WHERE direction = 'agent') AS agent_messages
                FROM messages WHERE chatbot_id = :chatbot AND conversation_id IN (SELECT conversation_id FROM conv)
                GROUP BY conversation_id
            ),
            intent_counts AS (
                SELECT conversation_id, intent, count(*) AS n
                FROM intents WHERE chatbot_id = :chatbot AND conversation_id IN (SELECT conversation_id FROM conv)
                GROUP BY conversation_id, intent
            ),
            intent AS (
                SELECT conversation_id, sum(n) OVER (PARTITION BY conversation_id) AS hits, intent AS top_intent
                FROM intent_counts
                QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY n DESC, intent) = 1
            ),
            step AS (
                SELECT conversation_id, count(*) AS n
                FROM steps WHERE chatbot_id = :chatbot AND conversation_id IN (SELECT conversation_id FROM conv)
                GROUP BY conversation_id
            ),
            inter AS (
                SELECT conversation_id, count(*) AS n
                FROM interactions WHERE chatbot_id = :chatbot AND conversation_id IN (SELECT conversation_id FROM conv)
                GROUP BY conversation_id
            ),
            calls_agg AS (
                -- the total duration, and the end reason of the latest call.ended
                SELECT conversation_id, fsum(duration_seconds) OVER (PARTITION BY conversation_id) AS duration, end_reason
                FROM calls WHERE chatbot_id = :chatbot AND conversation_id IN (SELECT conversation_id FROM conv)
                QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY ts DESC, seq DESC) = 1
            )
            SELECT c.conversation_id, c.channel_id, ch.type, c.started_at, c.language,
                   coalesce(msg.messages, 0), coalesce(msg.user_messages, 0), coalesce(msg.bot_messages, 0),
                   coalesce(msg.agent_messages, 0), coalesce(intent.hits, 0), intent.top_intent,
                   coalesce(step.n, 0), coalesce(inter.n, 0), calls_agg.duration, calls_agg.end_reason,
                   t.opened_at IS NOT NULL, t.first_response_at - t.opened_at, t.closed_at - t.opened_at
            FROM conv c
            LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = c.channel_id
            LEFT JOIN msg ON msg.conversation_id = c.conversation_id
            LEFT JOIN intent ON intent.conversation_id = c.conversation_id
            LEFT JOIN step ON step.conversation_id = c.conversation_id
            LEFT JOIN inter ON inter.conversation_id = c.conversation_id
            LEFT JOIN calls_agg ON calls_agg.conversation_id = c.conversation_id
            LEFT JOIN threads t ON t.conversation_id = c.conversation_id
            ORDER BY c.started_at, c.conversation_id
            """.formatted(FIRST_STARTS, InboxThreadsSql.ctes("thread_no = 1"));

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
    public void daily(String chatbotId, Days days, Consumer<DailyRow> sink) {
        List<Long> starts = days.bucketStarts();
        BucketGrid grid = BucketGrid.of(starts, days.to());
        jdbc.sql(grid.slots(days.to()) <= maxSlots ? DAILY : DAILY_ASOF)
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
    public long conversationCount(String chatbotId, long from, long to) {
        return jdbc.sql(CONVERSATION_COUNT).param("chatbot", chatbotId).param("from", from).param("to", to)
                .query(Long.class).single();
    }

    @Override
    public void conversations(String chatbotId, long from, long to, Consumer<ConversationRow> sink) {
        jdbc.sql(CONVERSATIONS).param("chatbot", chatbotId).param("from", from).param("to", to)
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
