-- the rollup rows (kept between reports): hours up to none, days up to 2024-03-07T23:59:59.999Z
SELECT metric, CAST(slot AS BIGINT) AS bucket, CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(sum(CAST(v AS DECIMAL(38, 9))) AS DOUBLE) AS value, CAST(num AS DOUBLE) AS num
FROM (
    SELECT metric, CASE WHEN metric IN ('cv', 'msg', 'ia') THEN CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END ELSE CASE WHEN start_ts < :from THEN -1 ELSE 0 END END AS slot, key, num, n, CASE WHEN metric = 'call' THEN total ELSE n END AS v
    FROM event_rollups
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND start_ts BETWEEN :series_rollups_from AND :series_rollups_to
      AND ((metric = 'cv' AND channel_id = :rollupChannel AND ((grain = 86400000 AND (start_ts BETWEEN :cv_days_lo0 AND :cv_days_hi0))))
        OR (metric = 'msg' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :msg_days_lo0 AND :msg_days_hi0))))
        OR (metric = 'ia' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :ia_days_lo0 AND :ia_days_hi0))))
        OR (metric = 'call' AND channel_id = :channel AND ((grain = 86400000 AND (start_ts BETWEEN :call_days_lo0 AND :call_days_hi0)))))
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
-- :anchor = 1709337600000
-- :call_days_hi0 = 1709855999999
-- :call_days_lo0 = 1708646400000
-- :cdur_days_hi0 = 1709855999999
-- :cdur_days_lo0 = 1709251200000
-- :cend_days_hi0 = 1709855999999
-- :cend_days_lo0 = 1709251200000
-- :cexit_days_hi0 = 1709855999999
-- :cexit_days_lo0 = 1709251200000
-- :channel = 'web'
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :cin_days_hi0 = 1709855999999
-- :cin_days_lo0 = 1709251200000
-- :ctr_days_hi0 = 1709855999999
-- :ctr_days_lo0 = 1709251200000
-- :cv_days_hi0 = 1709855999999
-- :cv_days_lo0 = 1708646400000
-- :cvl_days_hi0 = 1709855999999
-- :cvl_days_lo0 = 1709251200000
-- :cvm_days_hi0 = 1709855999999
-- :cvm_days_lo0 = 1709251200000
-- :from = 1709251200000
-- :grain = 86400000
-- :ia_days_hi0 = 1709855999999
-- :ia_days_lo0 = 1708646400000
-- :int_days_hi0 = 1709855999999
-- :int_days_lo0 = 1709251200000
-- :isc_days_hi0 = 1709855999999
-- :isc_days_lo0 = 1709251200000
-- :len_days_hi0 = 1709855999999
-- :len_days_lo0 = 1709251200000
-- :msg_days_hi0 = 1709855999999
-- :msg_days_lo0 = 1708646400000
-- :rollupChannel = 'web'
-- :series_rollups_from = 1708646400000
-- :series_rollups_to = 1709855999999
-- :stp_days_hi0 = 1709855999999
-- :stp_days_lo0 = 1709251200000
-- :window_rollups_from = 1709251200000
-- :window_rollups_to = 1709855999999

-- the rest
WITH conversations_crossing_w AS MATERIALIZED (
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
           (intent NOT IN (:fallbackIntents)) AND score >= :understoodThreshold AS understood
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
    SELECT 'cvm' AS metric, NULL AS slot, NULL AS key, messages AS num, -1 AS n, NULL AS v
    FROM conversations_crossing_w
    UNION ALL
    SELECT 'cvm' AS metric, NULL AS slot, NULL AS key, cv.messages - coalesce(o.n, 0) AS num, 1 AS n, NULL AS v
    FROM conversations_crossing_w cv
    LEFT JOIN messages_outside_w o ON o.conversation_id = cv.conversation_id
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
-- :channel = 'web'
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :chatbotNo = 0
-- :fallbackIntents = [fallback, smalltalk]
-- :from = 1709251200000
-- :kpiFrom = 1708646400000
-- :outsideFrom = 9223372036854775807
-- :outsideTo = -9223372036854775808
-- :rollupChannel = 'web'
-- :to = 1709855999999
-- :understoodThreshold = 0.6
