WITH segment AS MATERIALIZED (
    SELECT conversation_id FROM (
        SELECT conversation_id, 'yes' AS v
        FROM inbox_events
        WHERE chatbot_no = :chatbotNo AND action = 'opened'
    )
    UNION
    SELECT conversation_id FROM (
        SELECT conversation_id, language AS v
        FROM conversations
        WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = '' AND language IS NOT NULL
    ) WHERE v <> :segment1
),
conversations_in_range AS MATERIALIZED (
    SELECT CASE WHEN start_ts < :from THEN -1 ELSE 0 END AS period,
           CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot,
           start_channel AS channel_id,
           language,
           messages,
           coalesce(first_message_ts < :from OR last_message_ts > :to, false) AS crossing,
           count(*) AS n
    FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :conversationsFrom AND :to AND conversation_id NOT IN (SELECT conversation_id FROM segment)
    GROUP BY ALL
),
messages_edges_of_w AS MATERIALIZED (
    SELECT ts, direction, length, 1 AS sign FROM messages WHERE chatbot_no = :chatbotNo AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :messages_edges_lo0 AND :messages_edges_hi0
),
conversations_crossing_w AS MATERIALIZED (
    SELECT conversation_id, messages, first_message_ts, last_message_ts FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :from AND :to AND conversation_id NOT IN (SELECT conversation_id FROM segment)
      AND first_message_ts < :from
    UNION ALL
    SELECT conversation_id, messages, first_message_ts, last_message_ts FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :from AND :to AND conversation_id NOT IN (SELECT conversation_id FROM segment)
      AND last_message_ts > :to AND (first_message_ts >= :from OR first_message_ts IS NULL)
),
messages_outside_w AS MATERIALIZED (
    SELECT conversation_id, count(*) AS n
    FROM (SELECT conversation_id FROM messages
          WHERE chatbot_no = :chatbotNo AND ts < :from AND ts >= :outsideFrom
            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE first_message_ts < :from)
          UNION ALL
          SELECT conversation_id FROM messages
          WHERE chatbot_no = :chatbotNo AND ts > :to AND ts <= :outsideTo
            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE last_message_ts > :to))
    GROUP BY conversation_id
),
intents_edges_of_w AS MATERIALIZED (
    SELECT ts, intent, score, 1 AS sign FROM intents WHERE chatbot_no = :chatbotNo AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :intents_edges_lo0 AND :intents_edges_hi0
),
steps_edges_of_w AS MATERIALIZED (
    SELECT ts, step_id, 1 AS sign FROM steps WHERE chatbot_no = :chatbotNo AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :steps_edges_lo0 AND :steps_edges_hi0
),
kpi_starts AS MATERIALIZED (
    SELECT CASE WHEN start_ts < :from THEN -1 ELSE 0 END AS period, user_messages, handovers, goals
    FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :kpiFrom AND :to AND conversation_id NOT IN (SELECT conversation_id FROM segment)
),
goals_reached AS MATERIALIZED (
    SELECT period, unnest(goals) AS goal_id
    FROM kpi_starts
),
understood_intents AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period,
           (TRUE) AND score >= :understoodThreshold AS understood
    FROM intents
    WHERE chatbot_no = :chatbotNo AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :kpiFrom AND :to
),
ratings_in_range AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period, coalesce(CAST(score AS VARCHAR), thumbs) AS key
    FROM ratings
    WHERE chatbot_no = :chatbotNo AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :kpiFrom AND :to
)
SELECT metric, CAST(slot AS BIGINT) AS bucket, CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(sum(v) AS DOUBLE) AS value, CAST(num AS DOUBLE) AS num
FROM (
    SELECT 'cv' AS metric, slot, channel_id AS key, NULL AS num, n, n AS v
    FROM conversations_in_range
    UNION ALL
    SELECT 'cvl' AS metric, NULL AS slot, language AS key, NULL AS num, n, NULL AS v
    FROM conversations_in_range WHERE period = 0
    UNION ALL
    SELECT 'msg' AS metric, CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS key, NULL AS num, 1 AS n, 1 AS v
    FROM messages WHERE chatbot_no = :chatbotNo AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :msg_events_lo0 AND :msg_events_hi0
    UNION ALL
    SELECT 'len' AS metric, NULL AS slot, NULL AS key, length AS num, sign AS n, NULL AS v
    FROM messages_edges_of_w WHERE direction = 'user'
    UNION ALL
    SELECT 'cvm' AS metric, NULL AS slot, NULL AS key, messages AS num, n, NULL AS v
    FROM conversations_in_range WHERE period = 0 AND NOT crossing
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
    FROM interactions WHERE chatbot_no = :chatbotNo AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :ia_events_lo0 AND :ia_events_hi0
)
GROUP BY ALL
UNION ALL
SELECT 'stp_label', NULL, step_id, step_name, 0, NULL, NULL FROM step_labels WHERE chatbot_id = :chatbot AND channel_id = ''
UNION ALL
SELECT 'cv_type', NULL, channel_id, type, 0, NULL, NULL FROM channels WHERE chatbot_id = :chatbot
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
-- :anchor = 1709337600000
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :chatbotNo = 0
-- :conversationsFrom = 1708646400000
-- :from = 1709251200000
-- :grain = 86400000
-- :ia_events_hi0 = 1709855999999
-- :ia_events_lo0 = 1708646400000
-- :intents_edges_hi0 = 1709855999999
-- :intents_edges_lo0 = 1709251200000
-- :kpiFrom = 1708646400000
-- :messages_edges_hi0 = 1709855999999
-- :messages_edges_lo0 = 1709251200000
-- :msg_events_hi0 = 1709855999999
-- :msg_events_lo0 = 1708646400000
-- :outsideFrom = 9223372036854775807
-- :outsideTo = -9223372036854775808
-- :rollupChannel = ''
-- :segment1 = 'unknown'
-- :steps_edges_hi0 = 1709855999999
-- :steps_edges_lo0 = 1709251200000
-- :to = 1709855999999
-- :understoodThreshold = 0.0
