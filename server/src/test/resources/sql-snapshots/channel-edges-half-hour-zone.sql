-- the rollup rows (kept between reports): hours up to 2024-03-04T17:59:59.999Z, days up to 2024-03-04T23:59:59.999Z
SELECT metric, CAST(slot AS BIGINT) AS bucket, CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(sum(CAST(v AS DECIMAL(38, 9))) AS DOUBLE) AS value, CAST(num AS DOUBLE) AS num
FROM (
    SELECT metric, CASE WHEN metric IN ('cv', 'msg', 'ia') THEN CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END ELSE CASE WHEN start_ts < :from THEN -1 ELSE 0 END END AS slot, key, num, n, CASE WHEN metric = 'call' THEN total ELSE n END AS v
    FROM event_rollups
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND start_ts BETWEEN :series_rollups_from AND :series_rollups_to
      AND ((metric = 'cv' AND channel_id = :rollupChannel AND ((grain = 3600000 AND (start_ts BETWEEN :cv_hours_lo0 AND :cv_hours_hi0 OR start_ts BETWEEN :cv_hours_lo1 AND :cv_hours_hi1 OR start_ts BETWEEN :cv_hours_lo2 AND :cv_hours_hi2 OR start_ts BETWEEN :cv_hours_lo3 AND :cv_hours_hi3 OR start_ts BETWEEN :cv_hours_lo4 AND :cv_hours_hi4))
        OR (grain = 86400000 AND (start_ts BETWEEN :cv_days_lo0 AND :cv_days_hi0))))
        OR (metric = 'msg' AND channel_id = :channel AND ((grain = 3600000 AND (start_ts BETWEEN :msg_hours_lo0 AND :msg_hours_hi0 OR start_ts BETWEEN :msg_hours_lo1 AND :msg_hours_hi1 OR start_ts BETWEEN :msg_hours_lo2 AND :msg_hours_hi2 OR start_ts BETWEEN :msg_hours_lo3 AND :msg_hours_hi3 OR start_ts BETWEEN :msg_hours_lo4 AND :msg_hours_hi4))
        OR (grain = 86400000 AND (start_ts BETWEEN :msg_days_lo0 AND :msg_days_hi0))))
        OR (metric = 'ia' AND channel_id = :channel AND ((grain = 3600000 AND (start_ts BETWEEN :ia_hours_lo0 AND :ia_hours_hi0 OR start_ts BETWEEN :ia_hours_lo1 AND :ia_hours_hi1 OR start_ts BETWEEN :ia_hours_lo2 AND :ia_hours_hi2 OR start_ts BETWEEN :ia_hours_lo3 AND :ia_hours_hi3 OR start_ts BETWEEN :ia_hours_lo4 AND :ia_hours_hi4))
        OR (grain = 86400000 AND (start_ts BETWEEN :ia_days_lo0 AND :ia_days_hi0))))
        OR (metric = 'call' AND channel_id = :channel AND ((grain = 3600000 AND (start_ts BETWEEN :call_hours_lo0 AND :call_hours_hi0 OR start_ts BETWEEN :call_hours_lo1 AND :call_hours_hi1 OR start_ts BETWEEN :call_hours_lo2 AND :call_hours_hi2 OR start_ts BETWEEN :call_hours_lo3 AND :call_hours_hi3))
        OR (grain = 86400000 AND (start_ts BETWEEN :call_days_lo0 AND :call_days_hi0 OR start_ts BETWEEN :call_days_lo1 AND :call_days_hi1)))))
    UNION ALL
    SELECT metric, NULL AS slot, key, num, n, CASE WHEN metric = 'call' THEN total ELSE n END AS v
    FROM event_rollups
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND start_ts BETWEEN :window_rollups_from AND :window_rollups_to
      AND ((metric = 'cvl' AND channel_id = :rollupChannel AND ((grain = 86400000 AND (start_ts BETWEEN :cvl_days_lo0 AND :cvl_days_hi0))))
        OR (metric = 'cvm' AND channel_id = :rollupChannel AND ((grain = 86400000 AND (start_ts BETWEEN :cvm_days_lo0 AND :cvm_days_hi0))))
        OR (metric = 'len' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :len_days_lo0 AND :len_days_hi0))))
        OR (metric = 'int' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :int_days_lo0 AND :int_days_hi0))))
        OR (metric = 'isc' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :isc_days_lo0 AND :isc_days_hi0))))
        OR (metric = 'stp' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :stp_days_lo0 AND :stp_days_hi0))))
        OR (metric = 'cdur' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :cdur_days_lo0 AND :cdur_days_hi0))))
        OR (metric = 'cin' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :cin_days_lo0 AND :cin_days_hi0))))
        OR (metric = 'cexit' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :cexit_days_lo0 AND :cexit_days_hi0))))
        OR (metric = 'cend' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :cend_days_lo0 AND :cend_days_hi0))))
        OR (metric = 'ctr' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :ctr_days_lo0 AND :ctr_days_hi0)))))
)
GROUP BY ALL
UNION ALL
SELECT 'stp_label', NULL, step_id, step_name, 0, NULL, NULL FROM step_labels WHERE chatbot_id = :chatbot AND channel_id = '';

-- bound values
-- :anchor = 1709404200000
-- :call_days_hi0 = 1709251199999
-- :call_days_hi1 = 1709510399999
-- :call_days_lo0 = 1709078400000
-- :call_days_lo1 = 1709337600000
-- :call_hours_hi0 = 1709078399999
-- :call_hours_hi1 = 1709315999999
-- :call_hours_hi2 = 1709337599999
-- :call_hours_hi3 = 1709575199999
-- :call_hours_lo0 = 1709060400000
-- :call_hours_lo1 = 1709251200000
-- :call_hours_lo2 = 1709319600000
-- :call_hours_lo3 = 1709510400000
-- :cdur_days_hi0 = 1709596799999
-- :cdur_days_lo0 = 1709337600000
-- :cend_days_hi0 = 1709596799999
-- :cend_days_lo0 = 1709337600000
-- :cexit_days_hi0 = 1709596799999
-- :cexit_days_lo0 = 1709337600000
-- :channel = 'web'
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :cin_days_hi0 = 1709596799999
-- :cin_days_lo0 = 1709337600000
-- :ctr_days_hi0 = 1709596799999
-- :ctr_days_lo0 = 1709337600000
-- :cv_days_hi0 = 1709251199999
-- :cv_days_lo0 = 1709078400000
-- :cv_hours_hi0 = 1709078399999
-- :cv_hours_hi1 = 1709315999999
-- :cv_hours_hi2 = 1709402399999
-- :cv_hours_hi3 = 1709488799999
-- :cv_hours_hi4 = 1709575199999
-- :cv_hours_lo0 = 1709060400000
-- :cv_hours_lo1 = 1709251200000
-- :cv_hours_lo2 = 1709319600000
-- :cv_hours_lo3 = 1709406000000
-- :cv_hours_lo4 = 1709492400000
-- :cvl_days_hi0 = 1709596799999
-- :cvl_days_lo0 = 1709337600000
-- :cvm_days_hi0 = 1709596799999
-- :cvm_days_lo0 = 1709337600000
-- :from = 1709317800017
-- :grain = 86400000
-- :ia_days_hi0 = 1709251199999
-- :ia_days_lo0 = 1709078400000
-- :ia_hours_hi0 = 1709078399999
-- :ia_hours_hi1 = 1709315999999
-- :ia_hours_hi2 = 1709402399999
-- :ia_hours_hi3 = 1709488799999
-- :ia_hours_hi4 = 1709575199999
-- :ia_hours_lo0 = 1709060400000
-- :ia_hours_lo1 = 1709251200000
-- :ia_hours_lo2 = 1709319600000
-- :ia_hours_lo3 = 1709406000000
-- :ia_hours_lo4 = 1709492400000
-- :int_days_hi0 = 1709596799999
-- :int_days_lo0 = 1709337600000
-- :isc_days_hi0 = 1709596799999
-- :isc_days_lo0 = 1709337600000
-- :len_days_hi0 = 1709596799999
-- :len_days_lo0 = 1709337600000
-- :msg_days_hi0 = 1709251199999
-- :msg_days_lo0 = 1709078400000
-- :msg_hours_hi0 = 1709078399999
-- :msg_hours_hi1 = 1709315999999
-- :msg_hours_hi2 = 1709402399999
-- :msg_hours_hi3 = 1709488799999
-- :msg_hours_hi4 = 1709575199999
-- :msg_hours_lo0 = 1709060400000
-- :msg_hours_lo1 = 1709251200000
-- :msg_hours_lo2 = 1709319600000
-- :msg_hours_lo3 = 1709406000000
-- :msg_hours_lo4 = 1709492400000
-- :rollupChannel = 'web'
-- :series_rollups_from = 1709060400000
-- :series_rollups_to = 1709575199999
-- :stp_days_hi0 = 1709596799999
-- :stp_days_lo0 = 1709337600000
-- :window_rollups_from = 1709337600000
-- :window_rollups_to = 1709596799999

-- the rest
WITH messages_edges_of_w AS MATERIALIZED (
    SELECT ts, direction, length, 1 AS sign FROM messages WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :messages_edges_lo0 AND :messages_edges_hi0
    UNION ALL
    SELECT ts, direction, length, -1 AS sign FROM messages WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :messages_edges_lo1 AND :messages_edges_hi1
),
conversations_crossing_w AS MATERIALIZED (
    SELECT conversation_id, messages, first_message_ts, last_message_ts FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :from AND :to
      AND first_message_ts < :from
    UNION ALL
    SELECT conversation_id, messages, first_message_ts, last_message_ts FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :from AND :to
      AND last_message_ts > :to AND (first_message_ts >= :from OR first_message_ts IS NULL)
),
messages_outside_w AS MATERIALIZED (
    SELECT conversation_id, count(*) AS n
    FROM (SELECT conversation_id FROM messages
          WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts < :from AND ts >= :outsideFrom
            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE first_message_ts < :from)
          UNION ALL
          SELECT conversation_id FROM messages
          WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts > :to AND ts <= :outsideTo
            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE last_message_ts > :to))
    GROUP BY conversation_id
),
intents_edges_of_w AS MATERIALIZED (
    SELECT ts, intent, score, 1 AS sign FROM intents WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :intents_edges_lo0 AND :intents_edges_hi0
    UNION ALL
    SELECT ts, intent, score, -1 AS sign FROM intents WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :intents_edges_lo1 AND :intents_edges_hi1
),
steps_edges_of_w AS MATERIALIZED (
    SELECT ts, step_id, 1 AS sign FROM steps WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :steps_edges_lo0 AND :steps_edges_hi0
    UNION ALL
    SELECT ts, step_id, -1 AS sign FROM steps WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :steps_edges_lo1 AND :steps_edges_hi1
),
calls_edges_of_w AS MATERIALIZED (
    SELECT ts, duration_seconds, user_inputs, end_reason, exit_step, transfer_target, 1 AS sign FROM calls WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :calls_edges_lo0 AND :calls_edges_hi0
    UNION ALL
    SELECT ts, duration_seconds, user_inputs, end_reason, exit_step, transfer_target, -1 AS sign FROM calls WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :calls_edges_lo1 AND :calls_edges_hi1
),
kpi_starts AS MATERIALIZED (
    SELECT CASE WHEN start_ts < :from THEN -1 ELSE 0 END AS period, user_messages, handovers, goals
    FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :kpiFrom AND :to
),
goals_reached AS MATERIALIZED (
    SELECT period, unnest(goals) AS goal_id
    FROM kpi_starts
),
understood_intents AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period,
           (TRUE) AND score >= :understoodThreshold AS understood
    FROM intents
    WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :kpiFrom AND :to
),
ratings_in_range AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period, coalesce(CAST(score AS VARCHAR), thumbs) AS key
    FROM ratings
    WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :kpiFrom AND :to
)
SELECT metric, CAST(slot AS BIGINT) AS bucket, CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(sum(CAST(v AS DECIMAL(38, 9))) AS DOUBLE) AS value, CAST(num AS DOUBLE) AS num
FROM (
    SELECT 'cv' AS metric, CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot, start_channel AS key, NULL AS num, 1 AS n, 1 AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo0 AND :cv_events_hi0
    UNION ALL
    SELECT 'cv' AS metric, CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot, start_channel AS key, NULL AS num, 1 AS n, 1 AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo1 AND :cv_events_hi1
    UNION ALL
    SELECT 'cv' AS metric, CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot, start_channel AS key, NULL AS num, 1 AS n, 1 AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo2 AND :cv_events_hi2
    UNION ALL
    SELECT 'cv' AS metric, CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot, start_channel AS key, NULL AS num, 1 AS n, 1 AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo3 AND :cv_events_hi3
    UNION ALL
    SELECT 'cv' AS metric, CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot, start_channel AS key, NULL AS num, 1 AS n, 1 AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo4 AND :cv_events_hi4
    UNION ALL
    SELECT 'cvl' AS metric, NULL AS slot, language AS key, NULL AS num, 1 AS n, NULL AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvl_events_lo0 AND :cvl_events_hi0
    UNION ALL
    SELECT 'cvl' AS metric, NULL AS slot, language AS key, NULL AS num, -1 AS n, NULL AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvl_events_lo1 AND :cvl_events_hi1
    UNION ALL
    SELECT 'cvm' AS metric, NULL AS slot, NULL AS key, messages AS num, 1 AS n, NULL AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvm_events_lo0 AND :cvm_events_hi0
    UNION ALL
    SELECT 'cvm' AS metric, NULL AS slot, NULL AS key, messages AS num, -1 AS n, NULL AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvm_events_lo1 AND :cvm_events_hi1
    UNION ALL
    SELECT 'msg' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS key, NULL AS num, 1 AS n, 1 AS v
    FROM messages WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :msg_events_lo0 AND :msg_events_hi0
    UNION ALL
    SELECT 'msg' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS key, NULL AS num, 1 AS n, 1 AS v
    FROM messages WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :msg_events_lo1 AND :msg_events_hi1
    UNION ALL
    SELECT 'msg' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS key, NULL AS num, 1 AS n, 1 AS v
    FROM messages WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :msg_events_lo2 AND :msg_events_hi2
    UNION ALL
    SELECT 'msg' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS key, NULL AS num, 1 AS n, 1 AS v
    FROM messages WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :msg_events_lo3 AND :msg_events_hi3
    UNION ALL
    SELECT 'msg' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS key, NULL AS num, 1 AS n, 1 AS v
    FROM messages WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :msg_events_lo4 AND :msg_events_hi4
    UNION ALL
    SELECT 'len' AS metric, NULL AS slot, NULL AS key, length AS num, sign AS n, NULL AS v
    FROM messages_edges_of_w WHERE direction = 'user'
    UNION ALL
    SELECT 'cvm' AS metric, NULL AS slot, NULL AS key, messages AS num, -1 AS n, NULL AS v
    FROM conversations_crossing_w
    UNION ALL
    SELECT 'cvm' AS metric, NULL AS slot, NULL AS key, cv.messages - coalesce(o.n, 0) AS num, 1 AS n, NULL AS v
    FROM conversations_crossing_w cv
    LEFT JOIN messages_outside_w o ON o.conversation_id = cv.conversation_id
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
    FROM interactions WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :ia_events_lo0 AND :ia_events_hi0
    UNION ALL
    SELECT 'ia' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS key, NULL AS num, 1 AS n, 1 AS v
    FROM interactions WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :ia_events_lo1 AND :ia_events_hi1
    UNION ALL
    SELECT 'ia' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS key, NULL AS num, 1 AS n, 1 AS v
    FROM interactions WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :ia_events_lo2 AND :ia_events_hi2
    UNION ALL
    SELECT 'ia' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS key, NULL AS num, 1 AS n, 1 AS v
    FROM interactions WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :ia_events_lo3 AND :ia_events_hi3
    UNION ALL
    SELECT 'ia' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS key, NULL AS num, 1 AS n, 1 AS v
    FROM interactions WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :ia_events_lo4 AND :ia_events_hi4
    UNION ALL
    SELECT 'call' AS metric, CASE WHEN ts < :from THEN -1 ELSE 0 END AS slot, NULL AS key, NULL AS num, 1 AS n, duration_seconds AS v
    FROM calls WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :call_events_lo0 AND :call_events_hi0
    UNION ALL
    SELECT 'call' AS metric, CASE WHEN ts < :from THEN -1 ELSE 0 END AS slot, NULL AS key, NULL AS num, 1 AS n, duration_seconds AS v
    FROM calls WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :call_events_lo1 AND :call_events_hi1
    UNION ALL
    SELECT 'call' AS metric, CASE WHEN ts < :from THEN -1 ELSE 0 END AS slot, NULL AS key, NULL AS num, 1 AS n, duration_seconds AS v
    FROM calls WHERE chatbot_no = :chatbotNo AND channel_id = :channel AND ts BETWEEN :call_events_lo2 AND :call_events_hi2
    UNION ALL
    SELECT 'cdur' AS metric, NULL AS slot, NULL AS key, duration_seconds AS num, sign AS n, NULL AS v
    FROM calls_edges_of_w
    UNION ALL
    SELECT 'cin' AS metric, NULL AS slot, NULL AS key, user_inputs AS num, sign AS n, NULL AS v
    FROM calls_edges_of_w
    UNION ALL
    SELECT 'cexit' AS metric, NULL AS slot, exit_step AS key, NULL AS num, sign AS n, NULL AS v
    FROM calls_edges_of_w
    UNION ALL
    SELECT 'cend' AS metric, NULL AS slot, end_reason AS key, NULL AS num, sign AS n, NULL AS v
    FROM calls_edges_of_w
    UNION ALL
    SELECT 'ctr' AS metric, NULL AS slot, transfer_target AS key, NULL AS num, sign AS n, NULL AS v
    FROM calls_edges_of_w WHERE transfer_target IS NOT NULL
)
GROUP BY ALL
UNION ALL
SELECT 'cv_reach', coalesce(max(last_message_ts), :to), NULL, NULL, coalesce(min(first_message_ts), :from), NULL, NULL FROM conversations_crossing_w
UNION ALL
SELECT 'CONTAINED_CONVERSATIONS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(count(*) FILTER (WHERE handovers = 0) AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS num
FROM kpi_starts GROUP BY period
UNION ALL
SELECT 'HANDED_OVER_CONVERSATIONS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(count(*) FILTER (WHERE handovers > 0) AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS num
FROM kpi_starts GROUP BY period
UNION ALL
SELECT 'ABANDONED_CONVERSATIONS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(count(*) FILTER (WHERE user_messages <= 1) AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS num
FROM kpi_starts GROUP BY period
UNION ALL
SELECT 'GOALS_REACHED' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(goal_id AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS num
FROM goals_reached GROUP BY period, goal_id
UNION ALL
SELECT 'GOALS_REACHED' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS num
FROM kpi_starts GROUP BY period
UNION ALL
SELECT 'UNDERSTOOD_INTENTS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(count(*) FILTER (WHERE understood) AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS num
FROM understood_intents GROUP BY period
UNION ALL
SELECT 'RATINGS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS num
FROM ratings_in_range GROUP BY period, key;

-- bound values
-- :anchor = 1709404200000
-- :call_events_hi0 = 1709060399999
-- :call_events_hi1 = 1709319599999
-- :call_events_hi2 = 1709576999990
-- :call_events_lo0 = 1709058600043
-- :call_events_lo1 = 1709316000000
-- :call_events_lo2 = 1709575200000
-- :calls_edges_hi0 = 1709337599999
-- :calls_edges_hi1 = 1709596799999
-- :calls_edges_lo0 = 1709317800017
-- :calls_edges_lo1 = 1709576999991
-- :channel = 'web'
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :chatbotNo = 0
-- :cv_events_hi0 = 1709060399999
-- :cv_events_hi1 = 1709319599999
-- :cv_events_hi2 = 1709405999999
-- :cv_events_hi3 = 1709492399999
-- :cv_events_hi4 = 1709576999990
-- :cv_events_lo0 = 1709058600043
-- :cv_events_lo1 = 1709316000000
-- :cv_events_lo2 = 1709402400000
-- :cv_events_lo3 = 1709488800000
-- :cv_events_lo4 = 1709575200000
-- :cvl_events_hi0 = 1709337599999
-- :cvl_events_hi1 = 1709596799999
-- :cvl_events_lo0 = 1709317800017
-- :cvl_events_lo1 = 1709576999991
-- :cvm_events_hi0 = 1709337599999
-- :cvm_events_hi1 = 1709596799999
-- :cvm_events_lo0 = 1709317800017
-- :cvm_events_lo1 = 1709576999991
-- :from = 1709317800017
-- :grain = 86400000
-- :ia_events_hi0 = 1709060399999
-- :ia_events_hi1 = 1709319599999
-- :ia_events_hi2 = 1709405999999
-- :ia_events_hi3 = 1709492399999
-- :ia_events_hi4 = 1709576999990
-- :ia_events_lo0 = 1709058600043
-- :ia_events_lo1 = 1709316000000
-- :ia_events_lo2 = 1709402400000
-- :ia_events_lo3 = 1709488800000
-- :ia_events_lo4 = 1709575200000
-- :intents_edges_hi0 = 1709337599999
-- :intents_edges_hi1 = 1709596799999
-- :intents_edges_lo0 = 1709317800017
-- :intents_edges_lo1 = 1709576999991
-- :kpiFrom = 1709058600043
-- :messages_edges_hi0 = 1709337599999
-- :messages_edges_hi1 = 1709596799999
-- :messages_edges_lo0 = 1709317800017
-- :messages_edges_lo1 = 1709576999991
-- :msg_events_hi0 = 1709060399999
-- :msg_events_hi1 = 1709319599999
-- :msg_events_hi2 = 1709405999999
-- :msg_events_hi3 = 1709492399999
-- :msg_events_hi4 = 1709576999990
-- :msg_events_lo0 = 1709058600043
-- :msg_events_lo1 = 1709316000000
-- :msg_events_lo2 = 1709402400000
-- :msg_events_lo3 = 1709488800000
-- :msg_events_lo4 = 1709575200000
-- :outsideFrom = 9223372036854775807
-- :outsideTo = -9223372036854775808
-- :rollupChannel = 'web'
-- :steps_edges_hi0 = 1709337599999
-- :steps_edges_hi1 = 1709596799999
-- :steps_edges_lo0 = 1709317800017
-- :steps_edges_lo1 = 1709576999991
-- :to = 1709576999990
-- :understoodThreshold = 0.0
