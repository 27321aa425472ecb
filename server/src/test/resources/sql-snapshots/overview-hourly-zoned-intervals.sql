WITH conversations_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, start_channel AS channel_id, language,
               messages, first_message_ts, last_message_ts
        FROM conversations
        WHERE chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :conversationsFrom AND :to
    )
),
bucket_starts AS MATERIALIZED (
    SELECT unnest(CAST(:starts AS BIGINT[])) AS start_ts, generate_subscripts(CAST(:starts AS BIGINT[]), 1) - 1 AS bucket
),
messages_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_id = :chatbot AND metric = 'msg' AND start_ts BETWEEN :msg_spans_lo0 AND :msg_spans_hi0
          AND ((grain = 3600000 AND (start_ts BETWEEN :msg_hours_lo0 AND :msg_hours_hi0)))
    )
),
interactions_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_id = :chatbot AND metric = 'ia' AND start_ts BETWEEN :ia_spans_lo0 AND :ia_spans_hi0
          AND ((grain = 3600000 AND (start_ts BETWEEN :ia_hours_lo0 AND :ia_hours_hi0)))
    )
)
SELECT 'CONVERSATIONS' AS metric, CAST(CASE per_slot.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.bucket END AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             NULL AS key, count(*) AS n, count(*) AS value
      FROM conversations_in_range GROUP BY ALL) per_slot
ASOF LEFT JOIN bucket_starts bs ON :anchor + per_slot.slot * :grain >= bs.start_ts
UNION ALL
SELECT 'MESSAGES' AS metric, CAST(CASE per_slot.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.bucket END AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             key AS key, sum(n) AS n, sum(v) AS value
      FROM messages_in_range GROUP BY ALL) per_slot
ASOF LEFT JOIN bucket_starts bs ON :anchor + per_slot.slot * :grain >= bs.start_ts
UNION ALL
SELECT 'INTERACTIONS' AS metric, CAST(CASE per_slot.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.bucket END AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             NULL AS key, sum(n) AS n, sum(v) AS value
      FROM interactions_in_range GROUP BY ALL) per_slot
ASOF LEFT JOIN bucket_starts bs ON :anchor + per_slot.slot * :grain >= bs.start_ts;

-- bound values
-- :anchor = 1711843200000
-- :chatbot = 'bot-1'
-- :conversationsFrom = 1711839600000
-- :from = 1711839600000
-- :grain = 3600000
-- :ia_hours_hi0 = 1711922399999
-- :ia_hours_lo0 = 1711839600000
-- :ia_spans_hi0 = 1711922399999
-- :ia_spans_lo0 = 1711839600000
-- :msg_hours_hi0 = 1711922399999
-- :msg_hours_lo0 = 1711839600000
-- :msg_spans_hi0 = 1711922399999
-- :msg_spans_lo0 = 1711839600000
-- :rollupChannel = ''
-- :starts = '[1711839600000,1711843200000,1711846800000,1711850400000,1711854000000,1711857600000,1711861200000,1711864800000,1711868400000,1711872000000,1711875600000,1711879200000,1711882800000,1711886400000,1711890000000,1711893600000,1711897200000,1711900800000,1711904400000,1711908000000,1711911600000,1711915200000,1711918800000]'
-- :to = 1711922399999
