package io.sextant.store;

import io.sextant.report.TimeWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The export queries. Each is one statement whose rows are handed on as they are read, so the file
 * grows while the result streams and nothing accumulates in the heap.
 *
 * <p>The daily query is the report definitions fused into one pass per event table, grouped by
 * (bucket, channel): every event in W is put into its bucket by an ASOF join on the bucket starts
 * (the buckets of {@link TimeWindow}, passed as two bound arrays), and the grid of buckets ×
 * channels is left-joined to the aggregates so empty cells are zeros.
 */
final class DuckDbExportDataStore implements ExportDataStore {

    private static final String DAILY = """
            WITH buckets AS (
                SELECT unnest(CAST(:starts AS BIGINT[])) AS b_start, unnest(CAST(:ends AS BIGINT[])) AS b_end
            ),
            grid AS (
                SELECT b.b_start, b.b_end, c.channel_id, c.name, c.type
                FROM buckets b CROSS JOIN (SELECT channel_id, name, type FROM channels WHERE chatbot_id = :chatbot) c
            ),
            w_messages AS (
                SELECT conversation_id, channel_id, ts, direction, length
                FROM messages WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to
            ),
            msg AS (
                SELECT b.b_start, m.channel_id,
                       count(*) AS messages,
                       count(*) FILTER (WHERE m.direction = 'user') AS user_messages,
                       count(*) FILTER (WHERE m.direction = 'bot') AS bot_messages,
                       count(*) FILTER (WHERE m.direction = 'agent') AS agent_messages,
                       quantile_cont(CAST(m.length AS DOUBLE), 0.5) FILTER (WHERE m.direction = 'user') AS user_length_median
                FROM w_messages m ASOF JOIN buckets b ON m.ts >= b.b_start
                GROUP BY b.b_start, m.channel_id
            ),
            starts AS (
                -- a conversation's start on a channel: its earliest conversation.started there
                SELECT conversation_id, channel_id, min(ts) AS started_at
                FROM conversation_events WHERE chatbot_id = :chatbot AND started
                GROUP BY conversation_id, channel_id
                HAVING min(ts) BETWEEN :from AND :to
            ),
            started AS (
                SELECT s.conversation_id, s.channel_id, b.b_start, b.b_end
                FROM starts s ASOF JOIN buckets b ON s.started_at >= b.b_start
            ),
            conv_messages AS (
                SELECT st.b_start, st.channel_id, st.conversation_id, count(m.ts) AS n
                FROM started st
                LEFT JOIN w_messages m ON m.conversation_id = st.conversation_id AND m.channel_id = st.channel_id
                     AND m.ts BETWEEN st.b_start AND st.b_end
                GROUP BY st.b_start, st.channel_id, st.conversation_id
            ),
            conv AS (
                SELECT b_start, channel_id, count(*) AS conversations,
                       quantile_cont(CAST(n AS DOUBLE), 0.5) AS per_conversation_median
                FROM conv_messages GROUP BY b_start, channel_id
            ),
            intent AS (
                SELECT b.b_start, i.channel_id, count(*) AS hits, quantile_cont(i.score, 0.5) AS score_median
                FROM (SELECT channel_id, ts, score FROM intents WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to) i
                ASOF JOIN buckets b ON i.ts >= b.b_start
                GROUP BY b.b_start, i.channel_id
            ),
            step AS (
                SELECT b.b_start, s.channel_id, count(*) AS n
                FROM (SELECT channel_id, ts FROM steps WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to) s
                ASOF JOIN buckets b ON s.ts >= b.b_start
                GROUP BY b.b_start, s.channel_id
            ),
            inter AS (
                SELECT b.b_start, x.channel_id, count(*) AS n
                FROM (SELECT channel_id, ts FROM interactions WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to) x
                ASOF JOIN buckets b ON x.ts >= b.b_start
                GROUP BY b.b_start, x.channel_id
            ),
            calls_agg AS (
                SELECT b.b_start, c.channel_id, count(*) AS calls, fsum(c.duration_seconds) AS duration,
                       quantile_cont(c.duration_seconds, 0.5) AS duration_median
                FROM (SELECT channel_id, ts, duration_seconds FROM calls WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to) c
                ASOF JOIN buckets b ON c.ts >= b.b_start
                GROUP BY b.b_start, c.channel_id
            ),
            %s,
            inbox_open AS (
                SELECT b.b_start, t.channel_id, count(*) AS n
                FROM (SELECT channel_id, opened_at FROM inbox_threads WHERE opened_at BETWEEN :from AND :to) t
                ASOF JOIN buckets b ON t.opened_at >= b.b_start
                GROUP BY b.b_start, t.channel_id
            ),
            inbox_close AS (
                SELECT b.b_start, t.channel_id, count(*) AS n
                FROM (SELECT channel_id, closed_at FROM inbox_threads WHERE closed_at BETWEEN :from AND :to) t
                ASOF JOIN buckets b ON t.closed_at >= b.b_start
                GROUP BY b.b_start, t.channel_id
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

    private static final String FIRST_STARTS = """
            firsts AS (
                -- a conversation's start: its earliest conversation.started (ties: the first ingested)
                SELECT conversation_id, channel_id, ts AS started_at
                FROM conversation_events WHERE chatbot_id = :chatbot AND started
                QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY ts, seq) = 1
            ),
            conv AS (
                SELECT conversation_id, channel_id, started_at FROM firsts WHERE started_at BETWEEN :from AND :to
            )""";

    private static final String CONVERSATION_COUNT = "WITH " + FIRST_STARTS + " SELECT count(*) FROM conv";

    private static final String CONVERSATIONS = """
            WITH %s,
            %s,
            lang AS (
                SELECT conversation_id, language FROM conversation_events
                WHERE chatbot_id = :chatbot AND language IS NOT NULL AND conversation_id IN (SELECT conversation_id FROM conv)
                QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY ts DESC, seq DESC) = 1
            ),
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
            SELECT c.conversation_id, c.channel_id, ch.type, c.started_at, lang.language,
                   coalesce(msg.messages, 0), coalesce(msg.user_messages, 0), coalesce(msg.bot_messages, 0),
                   coalesce(msg.agent_messages, 0), coalesce(intent.hits, 0), intent.top_intent,
                   coalesce(step.n, 0), coalesce(inter.n, 0), calls_agg.duration, calls_agg.end_reason,
                   t.opened_at IS NOT NULL, t.first_response_at - t.opened_at, t.closed_at - t.opened_at
            FROM conv c
            LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = c.channel_id
            LEFT JOIN lang ON lang.conversation_id = c.conversation_id
            LEFT JOIN msg ON msg.conversation_id = c.conversation_id
            LEFT JOIN intent ON intent.conversation_id = c.conversation_id
            LEFT JOIN step ON step.conversation_id = c.conversation_id
            LEFT JOIN inter ON inter.conversation_id = c.conversation_id
            LEFT JOIN calls_agg ON calls_agg.conversation_id = c.conversation_id
            LEFT JOIN threads t ON t.conversation_id = c.conversation_id
            ORDER BY c.started_at, c.conversation_id
            """.formatted(FIRST_STARTS, InboxThreadsSql.ctes("thread_no = 1"));

    private final JdbcClient jdbc;

    DuckDbExportDataStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long channelCount(String chatbotId) {
        return jdbc.sql("SELECT count(*) FROM channels WHERE chatbot_id = :chatbot").param("chatbot", chatbotId)
                .query(Long.class).single();
    }

    @Override
    public void daily(String chatbotId, TimeWindow window, Consumer<DailyRow> sink) {
        String starts = window.buckets().stream().map(b -> Long.toString(b.start())).collect(Collectors.joining(",", "[", "]"));
        String ends = window.buckets().stream().map(b -> Long.toString(b.end())).collect(Collectors.joining(",", "[", "]"));
        jdbc.sql(DAILY).param("chatbot", chatbotId).param("from", window.from()).param("to", window.to())
                .param("starts", starts).param("ends", ends)
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
