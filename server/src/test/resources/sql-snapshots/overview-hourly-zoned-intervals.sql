WITH conversations_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND metric = 'cv' AND start_ts BETWEEN :cv_spans_lo0 AND :cv_spans_hi0
          AND ((grain = 3600000 AND (start_ts BETWEEN :cv_hours_lo0 AND :cv_hours_hi0)))
    )
),
messages_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND metric = 'msg' AND start_ts BETWEEN :msg_spans_lo0 AND :msg_spans_hi0
          AND ((grain = 3600000 AND (start_ts BETWEEN :msg_hours_lo0 AND :msg_hours_hi0)))
    )
),
interactions_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND metric = 'ia' AND start_ts BETWEEN :ia_spans_lo0 AND :ia_spans_hi0
          AND ((grain = 3600000 AND (start_ts BETWEEN :ia_hours_lo0 AND :ia_hours_hi0)))
    )
)
SELECT 'CONVERSATIONS' AS metric, CAST(per_slot.slot AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             NULL AS key, sum(n) AS n, sum(n) AS value
      FROM conversations_in_range GROUP BY ALL) per_slot
UNION ALL
SELECT 'MESSAGES' AS metric, CAST(per_slot.slot AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             key AS key, sum(n) AS n, sum(v) AS value
      FROM messages_in_range GROUP BY ALL) per_slot
UNION ALL
SELECT 'INTERACTIONS' AS metric, CAST(per_slot.slot AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             NULL AS key, sum(n) AS n, sum(v) AS value
      FROM interactions_in_range GROUP BY ALL) per_slot;

-- bound values
-- :anchor = 1711843200000
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :cv_hours_hi0 = 1711922399999
-- :cv_hours_lo0 = 1711839600000
-- :cv_spans_hi0 = 1711922399999
-- :cv_spans_lo0 = 1711839600000
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
-- :to = 1711922399999
