-- export-daily
-- The daily export: buckets × channels of the chatbot over [:from, :to] (see DuckDbExportDataStore).
-- How an event finds its bucket is filled in: {{bucketJoin ts}} joins the bucket of the time ts,
-- {{bucketKey ts}} is what an aggregate groups by before {{bucketJoinKey k}} joins its bucket: by the
-- slot on the grid (:anchor, :grain) through a hash join with slots, or by an ASOF join on the bucket
-- starts for grids with too many slots (DuckDbExportDataStore.BY_SLOT, BY_ASOF).
-- Medians are DuckDbPercentile.aggregate: quantile_cont(CAST(v AS DOUBLE), CAST(0.5 AS DOUBLE)).
-- {{inboxThreads}}: the CTEs of inbox-threads.sql, threads opened or closed in the window.
-- Of a segment: {{segment}} is its CTE and a comma (SegmentSql.cte), {{segmentFilter}} the condition
-- every read of events adds (SegmentSql.restrict); both empty for every conversation.
WITH {{segment}}buckets AS (
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
           quantile_cont(CAST(m.length AS DOUBLE), CAST(0.5 AS DOUBLE)) FILTER (WHERE m.direction = 'user') AS user_length_median
    FROM messages m {{bucketJoin m.ts}}
    WHERE m.chatbot_id = :chatbot AND m.ts BETWEEN :from AND :to{{segmentFilter}}
    GROUP BY sl.b_start, m.channel_id
),
started AS (
    -- a conversation's start on a channel: its earliest conversation.started there (rollup)
    SELECT c.conversation_id, c.channel_id, sl.b_start
    FROM conversations c {{bucketJoin c.start_ts}}
    WHERE c.chatbot_id = :chatbot AND c.channel_id <> '' AND c.start_ts BETWEEN :from AND :to{{segmentFilter}}
),
conv_msg_counts AS (
    -- messages per (conversation, channel, bucket)
    SELECT m.conversation_id, m.channel_id, sl.b_start, count(*) AS n
    FROM messages m {{bucketJoin m.ts}}
    WHERE m.chatbot_id = :chatbot AND m.ts BETWEEN :from AND :to{{segmentFilter}}
    GROUP BY m.conversation_id, m.channel_id, sl.b_start
),
conv AS (
    SELECT st.b_start, st.channel_id, count(*) AS conversations,
           quantile_cont(CAST(coalesce(mc.n, 0) AS DOUBLE), CAST(0.5 AS DOUBLE)) AS per_conversation_median
    FROM started st
    LEFT JOIN conv_msg_counts mc
           ON mc.conversation_id = st.conversation_id AND mc.channel_id = st.channel_id AND mc.b_start = st.b_start
    GROUP BY st.b_start, st.channel_id
),
intent AS (
    SELECT sl.b_start, i.channel_id, count(*) AS hits, quantile_cont(CAST(i.score AS DOUBLE), CAST(0.5 AS DOUBLE)) AS score_median
    FROM intents i {{bucketJoin i.ts}}
    WHERE i.chatbot_id = :chatbot AND i.ts BETWEEN :from AND :to{{segmentFilter}}
    GROUP BY sl.b_start, i.channel_id
),
step AS (
    SELECT sl.b_start, s.channel_id, sum(s.n) AS n
    FROM (SELECT {{bucketKey ts}} AS k, channel_id, count(*) AS n
          FROM steps WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to{{segmentFilter}} GROUP BY ALL) s
    {{bucketJoinKey s.k}}
    GROUP BY sl.b_start, s.channel_id
),
inter AS (
    SELECT sl.b_start, x.channel_id, sum(x.n) AS n
    FROM (SELECT {{bucketKey ts}} AS k, channel_id, count(*) AS n
          FROM interactions WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to{{segmentFilter}} GROUP BY ALL) x
    {{bucketJoinKey x.k}}
    GROUP BY sl.b_start, x.channel_id
),
calls_agg AS (
    SELECT sl.b_start, c.channel_id, count(*) AS calls, fsum(c.duration_seconds) AS duration,
           quantile_cont(CAST(c.duration_seconds AS DOUBLE), CAST(0.5 AS DOUBLE)) AS duration_median
    FROM calls c {{bucketJoin c.ts}}
    WHERE c.chatbot_id = :chatbot AND c.ts BETWEEN :from AND :to{{segmentFilter}}
    GROUP BY sl.b_start, c.channel_id
),
{{inboxThreads}},
inbox_open AS (
    SELECT sl.b_start, t.channel_id, count(*) AS n
    FROM inbox_threads t {{bucketJoin t.opened_at}}
    WHERE t.opened_at BETWEEN :from AND :to
    GROUP BY sl.b_start, t.channel_id
),
inbox_close AS (
    SELECT sl.b_start, t.channel_id, count(*) AS n
    FROM inbox_threads t {{bucketJoin t.closed_at}}
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
