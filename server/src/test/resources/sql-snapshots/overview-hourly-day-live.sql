-- the rollup rows (kept between reports): hours up to 2024-03-07T22:59:59.999Z, days up to 2024-03-07T23:59:59.999Z
SELECT metric, CAST(slot AS BIGINT) AS bucket, CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(sum(v) AS DOUBLE) AS value, CAST(num AS DOUBLE) AS num
FROM (
    SELECT metric, CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot, key, num, n, CASE WHEN metric = 'call' THEN total ELSE n END AS v
    FROM event_rollups
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND start_ts BETWEEN :series_rollups_from AND :series_rollups_to
      AND ((metric = 'cv' AND channel_id = :rollupChannel AND ((grain = 3600000 AND (start_ts BETWEEN :cv_hours_lo0 AND :cv_hours_hi0))
        OR (grain = 86400000 AND (start_ts BETWEEN :cv_days_lo0 AND :cv_days_hi0))))
        OR (metric = 'msg' AND ((grain = 3600000 AND (start_ts BETWEEN :msg_hours_lo0 AND :msg_hours_hi0))
        OR (grain = 86400000 AND (start_ts BETWEEN :msg_days_lo0 AND :msg_days_hi0))))
        OR (metric = 'ia' AND ((grain = 3600000 AND (start_ts BETWEEN :ia_hours_lo0 AND :ia_hours_hi0))
        OR (grain = 86400000 AND (start_ts BETWEEN :ia_days_lo0 AND :ia_days_hi0)))))
    UNION ALL
    SELECT metric, NULL AS slot, key, num, n, CASE WHEN metric = 'call' THEN total ELSE n END AS v
    FROM event_rollups
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND start_ts BETWEEN :window_rollups_from AND :window_rollups_to
      AND ((metric = 'cvl' AND channel_id = :rollupChannel AND ((grain = 86400000 AND (start_ts BETWEEN :cvl_days_lo0 AND :cvl_days_hi0))))
        OR (metric = 'cvm' AND channel_id = :rollupChannel AND ((grain = 86400000 AND (start_ts BETWEEN :cvm_days_lo0 AND :cvm_days_hi0))))
        OR (metric = 'len' AND ((grain = 86400000 AND (start_ts BETWEEN :len_days_lo0 AND :len_days_hi0))))
        OR (metric = 'int' AND ((grain = 86400000 AND (start_ts BETWEEN :int_days_lo0 AND :int_days_hi0))))
        OR (metric = 'isc' AND ((grain = 86400000 AND (start_ts BETWEEN :isc_days_lo0 AND :isc_days_hi0))))
        OR (metric = 'stp' AND ((grain = 86400000 AND (start_ts BETWEEN :stp_days_lo0 AND :stp_days_hi0)))))
)
GROUP BY ALL
UNION ALL
SELECT 'stp_label', NULL, step_id, step_name, 0, NULL, NULL FROM step_labels WHERE chatbot_id = :chatbot AND channel_id = ''
UNION ALL
SELECT 'cv_type', NULL, channel_id, type, 0, NULL, NULL FROM channels WHERE chatbot_id = :chatbot;

-- bound values
-- :anchor = 1709773200000
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :cv_days_hi0 = 1709769599999
-- :cv_days_lo0 = 1709683200000
-- :cv_hours_hi0 = 1709852399999
-- :cv_hours_lo0 = 1709769600000
-- :cvl_days_hi0 = 1709855999999
-- :cvl_days_lo0 = 1709769600000
-- :cvm_days_hi0 = 1709855999999
-- :cvm_days_lo0 = 1709769600000
-- :from = 1709769600000
-- :grain = 3600000
-- :ia_days_hi0 = 1709769599999
-- :ia_days_lo0 = 1709683200000
-- :ia_hours_hi0 = 1709852399999
-- :ia_hours_lo0 = 1709769600000
-- :int_days_hi0 = 1709855999999
-- :int_days_lo0 = 1709769600000
-- :isc_days_hi0 = 1709855999999
-- :isc_days_lo0 = 1709769600000
-- :len_days_hi0 = 1709855999999
-- :len_days_lo0 = 1709769600000
-- :msg_days_hi0 = 1709769599999
-- :msg_days_lo0 = 1709683200000
-- :msg_hours_hi0 = 1709852399999
-- :msg_hours_lo0 = 1709769600000
-- :rollupChannel = ''
-- :series_rollups_from = 1709683200000
-- :series_rollups_to = 1709852399999
-- :stp_days_hi0 = 1709855999999
-- :stp_days_lo0 = 1709769600000
-- :window_rollups_from = 1709769600000
-- :window_rollups_to = 1709855999999

-- the rest
WITH messages_edges_of_w AS MATERIALIZED (
    SELECT ts, direction, length, -1 AS sign FROM messages WHERE chatbot_no = :chatbotNo AND ts BETWEEN :messages_edges_lo0 AND :messages_edges_hi0
),
intents_edges_of_w AS MATERIALIZED (
    SELECT ts, intent, score, -1 AS sign FROM intents WHERE chatbot_no = :chatbotNo AND ts BETWEEN :intents_edges_lo0 AND :intents_edges_hi0
),
steps_edges_of_w AS MATERIALIZED (
    SELECT ts, step_id, -1 AS sign FROM steps WHERE chatbot_no = :chatbotNo AND ts BETWEEN :steps_edges_lo0 AND :steps_edges_hi0
)
SELECT metric, CAST(slot AS BIGINT) AS bucket, CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(sum(v) AS DOUBLE) AS value, CAST(num AS DOUBLE) AS num
FROM (
    SELECT 'cv' AS metric, CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot, start_channel AS key, NULL AS num, 1 AS n, 1 AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo0 AND :cv_events_hi0
    UNION ALL
    SELECT 'cv' AS metric, CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot, start_channel AS key, NULL AS num, -1 AS n, 1 * -1 AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo1 AND :cv_events_hi1
    UNION ALL
    SELECT 'cvl' AS metric, NULL AS slot, language AS key, NULL AS num, -1 AS n, NULL AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvl_events_lo0 AND :cvl_events_hi0
    UNION ALL
    SELECT 'cvm' AS metric, NULL AS slot, NULL AS key, messages AS num, -1 AS n, NULL AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvm_events_lo0 AND :cvm_events_hi0
    UNION ALL
    SELECT 'msg' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS key, NULL AS num, 1 AS n, 1 AS v
    FROM messages WHERE chatbot_no = :chatbotNo AND ts BETWEEN :msg_events_lo0 AND :msg_events_hi0
    UNION ALL
    SELECT 'msg' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS key, NULL AS num, -1 AS n, 1 * -1 AS v
    FROM messages WHERE chatbot_no = :chatbotNo AND ts BETWEEN :msg_events_lo1 AND :msg_events_hi1
    UNION ALL
    SELECT 'len' AS metric, NULL AS slot, NULL AS key, length AS num, sign AS n, NULL AS v
    FROM messages_edges_of_w WHERE direction = 'user'
    UNION ALL
    SELECT 'int' AS metric, NULL AS slot, intent AS key, NULL AS num, sign AS n, NULL AS v
    FROM intents_edges_of_w
    UNION ALL
    SELECT 'isc' AS metric, NULL AS slot, NULL AS key, score AS num, sign AS n, NULL AS v
    FROM intents_edges_of_w
    UNION ALL
    SELECT 'stp' AS metric, NULL AS slot, step_id AS key, NULL AS num, sign AS n, 1 * sign AS v
    FROM steps_edges_of_w
    UNION ALL
    SELECT 'ia' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS key, NULL AS num, 1 AS n, 1 AS v
    FROM interactions WHERE chatbot_no = :chatbotNo AND ts BETWEEN :ia_events_lo0 AND :ia_events_hi0
    UNION ALL
    SELECT 'ia' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS key, NULL AS num, -1 AS n, 1 * -1 AS v
    FROM interactions WHERE chatbot_no = :chatbotNo AND ts BETWEEN :ia_events_lo1 AND :ia_events_hi1
)
GROUP BY ALL;

-- bound values
-- :anchor = 1709773200000
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :chatbotNo = 0
-- :cv_events_hi0 = 1709855999995
-- :cv_events_hi1 = 1709683200003
-- :cv_events_lo0 = 1709852400000
-- :cv_events_lo1 = 1709683200000
-- :cvl_events_hi0 = 1709855999999
-- :cvl_events_lo0 = 1709855999996
-- :cvm_events_hi0 = 1709855999999
-- :cvm_events_lo0 = 1709855999996
-- :from = 1709769600000
-- :grain = 3600000
-- :ia_events_hi0 = 1709855999995
-- :ia_events_hi1 = 1709683200003
-- :ia_events_lo0 = 1709852400000
-- :ia_events_lo1 = 1709683200000
-- :intents_edges_hi0 = 1709855999999
-- :intents_edges_lo0 = 1709855999996
-- :messages_edges_hi0 = 1709855999999
-- :messages_edges_lo0 = 1709855999996
-- :msg_events_hi0 = 1709855999995
-- :msg_events_hi1 = 1709683200003
-- :msg_events_lo0 = 1709852400000
-- :msg_events_lo1 = 1709683200000
-- :rollupChannel = ''
-- :steps_edges_hi0 = 1709855999999
-- :steps_edges_lo0 = 1709855999996
