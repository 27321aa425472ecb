-- erasure-event-rollups
-- The event_rollups rows of the UTC days in stage_erased_days (chatbot $1, numbered $4 in the event
-- tables: V18; all of them between $2 and $3), recomputed from the events and the conversations rows that remain after an erasure (see
-- Erasure): migration V9's and V14's definitions with V15's chatbot_key ({{chatbotKey}}: ChatbotKey.SQL), compacted (one row per identity), for every
-- channel, per UTC day and, for msg, ia, call and cv, per UTC hour.
WITH days AS (
    SELECT DISTINCT start_ts AS lo, start_ts + 86399999 AS hi FROM stage_erased_days WHERE chatbot_no = $4
), grains(grain) AS (VALUES (3600000), (86400000)),
msg AS (
    SELECT CAST($1 AS VARCHAR) AS chatbot_id, e.* EXCLUDE (chatbot_no) FROM messages e JOIN days d ON e.ts BETWEEN d.lo AND d.hi WHERE e.chatbot_no = $4 AND e.ts BETWEEN $2 AND $3
), itt AS (
    SELECT CAST($1 AS VARCHAR) AS chatbot_id, e.* EXCLUDE (chatbot_no) FROM intents e JOIN days d ON e.ts BETWEEN d.lo AND d.hi WHERE e.chatbot_no = $4 AND e.ts BETWEEN $2 AND $3
), stp AS (
    SELECT CAST($1 AS VARCHAR) AS chatbot_id, e.* EXCLUDE (chatbot_no) FROM steps e JOIN days d ON e.ts BETWEEN d.lo AND d.hi WHERE e.chatbot_no = $4 AND e.ts BETWEEN $2 AND $3
), ia AS (
    SELECT CAST($1 AS VARCHAR) AS chatbot_id, e.* EXCLUDE (chatbot_no) FROM interactions e JOIN days d ON e.ts BETWEEN d.lo AND d.hi WHERE e.chatbot_no = $4 AND e.ts BETWEEN $2 AND $3
), cal AS (
    SELECT CAST($1 AS VARCHAR) AS chatbot_id, e.* EXCLUDE (chatbot_no) FROM calls e JOIN days d ON e.ts BETWEEN d.lo AND d.hi WHERE e.chatbot_no = $4 AND e.ts BETWEEN $2 AND $3
), cnv AS (
    SELECT c.* FROM conversations c JOIN days d ON c.start_ts BETWEEN d.lo AND d.hi
    WHERE c.chatbot_id = $1 AND c.start_ts BETWEEN $2 AND $3
),
rows AS (
    SELECT chatbot_id, channel_id, ts, 'msg' AS metric, direction AS key, CAST(NULL AS DOUBLE) AS num, CAST(NULL AS DOUBLE) AS v FROM msg
    UNION ALL SELECT chatbot_id, channel_id, ts, 'len', NULL, length, NULL FROM msg WHERE direction = 'user'
    UNION ALL SELECT chatbot_id, channel_id, ts, 'int', intent, NULL, NULL FROM itt
    UNION ALL SELECT chatbot_id, channel_id, ts, 'isc', NULL, score, NULL FROM itt
    UNION ALL SELECT chatbot_id, channel_id, ts, 'stp', step_id, NULL, NULL FROM stp
    UNION ALL SELECT chatbot_id, channel_id, ts, 'ia', NULL, NULL, NULL FROM ia
    UNION ALL SELECT chatbot_id, channel_id, ts, 'call', NULL, NULL, duration_seconds FROM cal
    UNION ALL SELECT chatbot_id, channel_id, ts, 'cdur', NULL, duration_seconds, NULL FROM cal
    UNION ALL SELECT chatbot_id, channel_id, ts, 'cin', NULL, user_inputs, NULL FROM cal
    UNION ALL SELECT chatbot_id, channel_id, ts, 'cexit', exit_step, NULL, NULL FROM cal
    UNION ALL SELECT chatbot_id, channel_id, ts, 'cend', end_reason, NULL, NULL FROM cal
    UNION ALL SELECT chatbot_id, channel_id, ts, 'ctr', transfer_target, NULL, NULL FROM cal WHERE transfer_target IS NOT NULL
    UNION ALL SELECT chatbot_id, channel_id, start_ts, 'cv', start_channel, NULL, NULL FROM cnv
    UNION ALL SELECT chatbot_id, channel_id, start_ts, 'cvl', language, NULL, NULL FROM cnv
    UNION ALL SELECT chatbot_id, channel_id, start_ts, 'cvm', NULL, messages, NULL FROM cnv
)
SELECT {{chatbotKey}} AS chatbot_key, chatbot_id, channel_id, grain,
       ts - ((ts % grain) + grain) % grain AS start_ts, metric, key, num, count(*) AS n, sum(v) AS total
FROM rows, grains
WHERE grain = 86400000 OR metric IN ('msg', 'ia', 'call', 'cv')
GROUP BY ALL
ORDER BY chatbot_id, grain, start_ts
