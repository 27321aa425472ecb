-- export-daily
-- The daily export: per bucket of [:from, :to] and channel, what its row needs (see DuckDbExportDataStore),
-- as rows (metric, b_start, channel_id, key, n, total, vals, counts):
--   msg   messages per direction (key)          stp   step executions         ia  interactions
--   call  calls (n) and their seconds (total)
--   open  / close: inbox threads opened / closed in the bucket whose inbox.opened was on the channel
--   len, isc, cdur, conv: the n samples of a median (user message lengths, intent scores, call
--         durations, and per conversation started in the bucket on the channel its messages there
--         in the bucket) as values (vals, unordered; a value may repeat) and how many samples have
--         each (counts), from which Java takes the median (DailyCells, Percentile: the contract's rule)
-- {{msgRows}} … {{cdurRows}}: the rows (ts, channel_id, key, num, n, v) of a metric, from the events of
-- the ranges its RollupPlan reads from them (n = 1) and from event_rollups for its whole hours and
-- days (n events); every value bound. {{outsideMessages}}: the messages (conversation_id,
-- channel_id, ts) of the bound ranges where messages of the conversations in `crossing` outside their
-- start's bucket can lie (export-daily-crossing.sql found them), or no rows.
-- How a time finds its bucket is filled in: {{bucketJoin ts}} joins the bucket of the time ts,
-- {{bucketKey ts}} is what an aggregate groups by before {{bucketJoinKey k}} joins its bucket: by the
-- slot on the grid (:anchor, :grain) through a hash join with slots, or by an ASOF join on the bucket
-- starts for grids with too many slots (DuckDbExportDataStore.BY_SLOT, BY_ASOF). {{inStartSlot c}}
-- is whether the conversations row c has its messages in the window and in the slot of its start.
-- {{inboxThreads}}: the CTEs of inbox-threads.sql, threads opened or closed in the window.
-- Of a segment: {{segment}} is its CTE and a comma (SegmentSql.cte), {{segmentFilter}} the condition
-- every read of events adds (SegmentSql.restrict); both empty for every conversation.
WITH {{segment}}{{grid}},
msg_rows AS (
{{msgRows}}
),
len_rows AS (
{{lenRows}}
),
isc_rows AS (
{{iscRows}}
),
stp_rows AS (
{{stpRows}}
),
ia_rows AS (
{{iaRows}}
),
call_rows AS (
{{callRows}}
),
cdur_rows AS (
{{cdurRows}}
),
conv_within AS (
    -- conversations started in the window whose messages on the channel all lie in the window and in
    -- the grid slot of their start, or that have none there: per slot, channel and message count,
    -- how many. What of a slot lies in the window lies in one bucket, so they never cross its edges,
    -- and no conversation id need be carried.
    SELECT {{bucketKey c.start_ts}} AS k, c.channel_id, c.messages, count(*) AS n
    FROM conversations c
    WHERE c.chatbot_key = :chatbotKey AND c.chatbot_id = :chatbot AND c.channel_id <> '' AND c.start_ts BETWEEN :from AND :to{{segmentFilter}}
      AND {{inStartSlot c}}
    GROUP BY ALL
),
started AS (
    -- the others: a conversation's start on a channel (its earliest conversation.started there),
    -- its messages on that channel at any time (rollup), and the bucket of its start
    SELECT c.conversation_id, c.channel_id, c.messages, c.first_message_ts, c.last_message_ts, sl.b_start, sl.b_end
    FROM conversations c {{bucketJoin c.start_ts}}
    WHERE c.chatbot_key = :chatbotKey AND c.chatbot_id = :chatbot AND c.channel_id <> '' AND c.start_ts BETWEEN :from AND :to{{segmentFilter}}
      AND NOT {{inStartSlot c}}
),
crossing AS (
    -- those whose messages on the channel do not all lie in the bucket of their start
    SELECT conversation_id, channel_id, messages, b_start, b_end FROM started
    WHERE first_message_ts < b_start OR last_message_ts > b_end
),
outside AS (
    -- their messages on the channel outside that bucket
    SELECT x.conversation_id, x.channel_id, count(*) AS n
    FROM ({{outsideMessages}}) m
    JOIN crossing x ON x.conversation_id = m.conversation_id AND x.channel_id = m.channel_id
    WHERE m.ts < x.b_start OR m.ts > x.b_end
    GROUP BY x.conversation_id, x.channel_id
),
per_value AS (
    -- the samples of the medians, per metric, bucket and channel: values and how many of each
    -- (a value may come in several rows of a cell)
    SELECT 'len' AS metric, sl.b_start, r.channel_id, r.num AS value, r.n
    FROM (SELECT {{bucketKey ts}} AS k, channel_id, num, sum(n) AS n FROM len_rows GROUP BY ALL) r {{bucketJoinKey r.k}}
    UNION ALL
    SELECT 'isc', sl.b_start, r.channel_id, r.num, r.n
    FROM (SELECT {{bucketKey ts}} AS k, channel_id, num, sum(n) AS n FROM isc_rows GROUP BY ALL) r {{bucketJoinKey r.k}}
    UNION ALL
    SELECT 'cdur', sl.b_start, r.channel_id, r.num, r.n
    FROM (SELECT {{bucketKey ts}} AS k, channel_id, num, sum(n) AS n FROM cdur_rows GROUP BY ALL) r {{bucketJoinKey r.k}}
    UNION ALL
    -- a conversation's messages in its bucket: its count on the channel, less those outside for the crossing ones
    SELECT 'conv', sl.b_start, r.channel_id, r.messages, r.n FROM conv_within r {{bucketJoinKey r.k}}
    UNION ALL
    SELECT 'conv', b_start, channel_id, messages, count(*) FROM started
    WHERE NOT coalesce(first_message_ts < b_start OR last_message_ts > b_end, false)
    GROUP BY b_start, channel_id, messages
    UNION ALL
    SELECT 'conv', x.b_start, x.channel_id, x.messages - coalesce(o.n, 0), count(*)
    FROM crossing x LEFT JOIN outside o ON o.conversation_id = x.conversation_id AND o.channel_id = x.channel_id
    GROUP BY x.b_start, x.channel_id, x.messages - coalesce(o.n, 0)
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
SELECT 'msg' AS metric, sl.b_start, r.channel_id, r.key, CAST(sum(r.n) AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS total,
       CAST(NULL AS DOUBLE[]) AS vals, CAST(NULL AS BIGINT[]) AS counts
FROM (SELECT {{bucketKey ts}} AS k, channel_id, key, sum(n) AS n FROM msg_rows GROUP BY ALL) r {{bucketJoinKey r.k}}
GROUP BY sl.b_start, r.channel_id, r.key
UNION ALL
SELECT 'stp', sl.b_start, r.channel_id, NULL, sum(r.n), NULL, NULL, NULL
FROM (SELECT {{bucketKey ts}} AS k, channel_id, sum(n) AS n FROM stp_rows GROUP BY ALL) r {{bucketJoinKey r.k}}
GROUP BY sl.b_start, r.channel_id
UNION ALL
SELECT 'ia', sl.b_start, r.channel_id, NULL, sum(r.n), NULL, NULL, NULL
FROM (SELECT {{bucketKey ts}} AS k, channel_id, sum(n) AS n FROM ia_rows GROUP BY ALL) r {{bucketJoinKey r.k}}
GROUP BY sl.b_start, r.channel_id
UNION ALL
SELECT 'call', sl.b_start, r.channel_id, NULL, sum(r.n), fsum(r.v), NULL, NULL
FROM (SELECT {{bucketKey ts}} AS k, channel_id, sum(n) AS n, fsum(v) AS v FROM call_rows GROUP BY ALL) r {{bucketJoinKey r.k}}
GROUP BY sl.b_start, r.channel_id
UNION ALL
SELECT 'open', b_start, channel_id, NULL, n, NULL, NULL, NULL FROM inbox_open
UNION ALL
SELECT 'close', b_start, channel_id, NULL, n, NULL, NULL, NULL FROM inbox_close
UNION ALL
-- the medians: of each cell, its number of samples and, unordered, their values and how many of
-- each; Java sorts them, finds the middle and interpolates (DailyCells)
SELECT metric, b_start, channel_id, NULL, sum(n), NULL, list(value), list(CAST(n AS BIGINT))
FROM per_value
GROUP BY metric, b_start, channel_id
