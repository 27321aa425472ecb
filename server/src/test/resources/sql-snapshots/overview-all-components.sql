WITH conversations_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND metric = 'cv' AND start_ts BETWEEN :cv_spans_lo0 AND :cv_spans_hi0
          AND ((grain = 86400000 AND (start_ts BETWEEN :cv_days_lo0 AND :cv_days_hi0)))
    )
),
conversation_languages_in_w AS MATERIALIZED (
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND metric = 'cvl' AND start_ts BETWEEN :cvl_spans_lo0 AND :cvl_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :cvl_days_lo0 AND :cvl_days_hi0)))
),
conversation_messages_in_w AS MATERIALIZED (
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND metric = 'cvm' AND start_ts BETWEEN :cvm_spans_lo0 AND :cvm_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :cvm_days_lo0 AND :cvm_days_hi0)))
),
messages_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND metric = 'msg' AND start_ts BETWEEN :msg_spans_lo0 AND :msg_spans_hi0
          AND ((grain = 86400000 AND (start_ts BETWEEN :msg_days_lo0 AND :msg_days_hi0)))
    )
),
user_message_lengths_in_w AS MATERIALIZED (
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND metric = 'len' AND start_ts BETWEEN :len_spans_lo0 AND :len_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :len_days_lo0 AND :len_days_hi0)))
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
          WHERE chatbot_id = :chatbot AND ts < :from AND ts >= :outsideFrom
            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE first_message_ts < :from)
          UNION ALL
          SELECT conversation_id FROM messages
          WHERE chatbot_id = :chatbot AND ts > :to AND ts <= :outsideTo
            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE last_message_ts > :to))
    GROUP BY conversation_id
),
messages_per_conversation_in_w AS MATERIALIZED (
    SELECT num AS v, n FROM conversation_messages_in_w
    UNION ALL
    SELECT messages, -1 FROM conversations_crossing_w
    UNION ALL
    SELECT cv.messages - coalesce(o.n, 0), 1 FROM conversations_crossing_w cv
    LEFT JOIN messages_outside_w o ON o.conversation_id = cv.conversation_id
),
intents_in_w AS MATERIALIZED (
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND metric = 'int' AND start_ts BETWEEN :int_spans_lo0 AND :int_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :int_days_lo0 AND :int_days_hi0)))
),
intent_scores_in_w AS MATERIALIZED (
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND metric = 'isc' AND start_ts BETWEEN :isc_spans_lo0 AND :isc_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :isc_days_lo0 AND :isc_days_hi0)))
),
steps_in_w AS MATERIALIZED (
    SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND metric = 'stp' AND start_ts BETWEEN :stp_spans_lo0 AND :stp_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :stp_days_lo0 AND :stp_days_hi0)))
),
interactions_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND metric = 'ia' AND start_ts BETWEEN :ia_spans_lo0 AND :ia_spans_hi0
          AND ((grain = 86400000 AND (start_ts BETWEEN :ia_days_lo0 AND :ia_days_hi0)))
    )
),
kpi_starts AS MATERIALIZED (
    SELECT conversation_id, CASE WHEN start_ts < :from THEN -1 ELSE 0 END AS period
    FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :kpiFrom AND :to
),
handovers AS MATERIALIZED (
    SELECT s.period, o.conversation_id IS NOT NULL AS handed_over
    FROM kpi_starts s
    LEFT JOIN (SELECT DISTINCT conversation_id FROM inbox_events
               WHERE chatbot_id = :chatbot AND action = 'opened'
                 AND conversation_id IN (SELECT conversation_id FROM kpi_starts)) o
           ON o.conversation_id = s.conversation_id
),
user_messages_of_starts AS MATERIALIZED (
    SELECT s.period, coalesce(m.n, 0) AS user_messages
    FROM kpi_starts s
    LEFT JOIN (SELECT conversation_id, count(*) AS n FROM messages
               WHERE chatbot_id = :chatbot AND direction = 'user'
                 AND conversation_id IN (SELECT conversation_id FROM kpi_starts)
               GROUP BY conversation_id) m
           ON m.conversation_id = s.conversation_id
),
goals_reached AS MATERIALIZED (
    SELECT s.period, g.goal_id
    FROM kpi_starts s
    JOIN (SELECT DISTINCT conversation_id, goal_id FROM goals
          WHERE chatbot_id = :chatbot
            AND conversation_id IN (SELECT conversation_id FROM kpi_starts)) g
      ON g.conversation_id = s.conversation_id
),
understood_intents AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period,
           (TRUE) AND score >= :understoodThreshold AS understood
    FROM intents
    WHERE chatbot_id = :chatbot AND ts BETWEEN :kpiFrom AND :to
),
ratings_in_range AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period, coalesce(CAST(score AS VARCHAR), thumbs) AS key
    FROM ratings
    WHERE chatbot_id = :chatbot AND ts BETWEEN :kpiFrom AND :to
)
SELECT 'CONVERSATIONS' AS metric, CAST(per_slot.slot AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             NULL AS key, sum(n) AS n, sum(n) AS value
      FROM conversations_in_range GROUP BY ALL) per_slot
UNION ALL
SELECT 'CONVERSATION_CHANNEL_TYPES' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(ch.type AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(cv.n) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM (SELECT key AS channel_id, sum(n) AS n FROM conversations_in_range WHERE period = 0 GROUP BY key HAVING sum(n) > 0) cv
LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = cv.channel_id
GROUP BY ch.type
UNION ALL
SELECT 'CONVERSATION_LANGUAGES' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM conversation_languages_in_w GROUP BY key HAVING sum(n) > 0
UNION ALL
SELECT 'MESSAGES' AS metric, CAST(per_slot.slot AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             key AS key, sum(n) AS n, sum(v) AS value
      FROM messages_in_range GROUP BY ALL) per_slot
UNION ALL
SELECT 'USER_MESSAGE_LENGTH' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_value.c AS BIGINT) AS count, CAST(per_value.v AS DOUBLE) AS value
FROM (SELECT num AS v, sum(n) AS c FROM user_message_lengths_in_w GROUP BY ALL HAVING sum(n) > 0) per_value
UNION ALL
SELECT 'MESSAGES_PER_CONVERSATION' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_value.c AS BIGINT) AS count, CAST(per_value.v AS DOUBLE) AS value
FROM (SELECT v AS v, sum(n) AS c FROM messages_per_conversation_in_w GROUP BY ALL HAVING sum(n) > 0) per_value
UNION ALL
SELECT 'INTENTS' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM intents_in_w GROUP BY key HAVING sum(n) > 0
UNION ALL
SELECT 'INTENT_SCORE' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_value.c AS BIGINT) AS count, CAST(per_value.v AS DOUBLE) AS value
FROM (SELECT num AS v, sum(n) AS c FROM intent_scores_in_w GROUP BY ALL HAVING sum(n) > 0) per_value
UNION ALL
SELECT 'STEPS' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(per_step.step_id AS VARCHAR) AS key, CAST(lb.step_name AS VARCHAR) AS label,
       CAST(per_step.n AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM (SELECT key AS step_id, sum(n) AS n FROM steps_in_w GROUP BY key HAVING sum(n) > 0) per_step
LEFT JOIN step_labels lb -- the label of the chatbot, from any channel
       ON lb.chatbot_id = :chatbot AND lb.channel_id = '' AND lb.step_id = per_step.step_id
UNION ALL
SELECT 'INTERACTIONS' AS metric, CAST(per_slot.slot AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             NULL AS key, sum(n) AS n, sum(v) AS value
      FROM interactions_in_range GROUP BY ALL) per_slot
UNION ALL
SELECT 'CONTAINED_CONVERSATIONS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(count(*) FILTER (WHERE NOT handed_over) AS DOUBLE) AS value
FROM handovers GROUP BY period
UNION ALL
SELECT 'HANDED_OVER_CONVERSATIONS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(count(*) FILTER (WHERE handed_over) AS DOUBLE) AS value
FROM handovers GROUP BY period
UNION ALL
SELECT 'ABANDONED_CONVERSATIONS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(count(*) FILTER (WHERE user_messages <= 1) AS DOUBLE) AS value
FROM user_messages_of_starts GROUP BY period
UNION ALL
SELECT 'GOALS_REACHED' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(goal_id AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM goals_reached GROUP BY period, goal_id
UNION ALL
SELECT 'GOALS_REACHED' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM kpi_starts GROUP BY period
UNION ALL
SELECT 'UNDERSTOOD_INTENTS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(count(*) FILTER (WHERE understood) AS DOUBLE) AS value
FROM understood_intents GROUP BY period
UNION ALL
SELECT 'RATINGS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(count(*) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM ratings_in_range GROUP BY period, key;

-- bound values
-- :anchor = 1709337600000
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :cv_days_hi0 = 1709855999999
-- :cv_days_lo0 = 1708646400000
-- :cv_spans_hi0 = 1709855999999
-- :cv_spans_lo0 = 1708646400000
-- :cvl_days_hi0 = 1709855999999
-- :cvl_days_lo0 = 1709251200000
-- :cvl_spans_hi0 = 1709855999999
-- :cvl_spans_lo0 = 1709251200000
-- :cvm_days_hi0 = 1709855999999
-- :cvm_days_lo0 = 1709251200000
-- :cvm_spans_hi0 = 1709855999999
-- :cvm_spans_lo0 = 1709251200000
-- :from = 1709251200000
-- :grain = 86400000
-- :ia_days_hi0 = 1709855999999
-- :ia_days_lo0 = 1708646400000
-- :ia_spans_hi0 = 1709855999999
-- :ia_spans_lo0 = 1708646400000
-- :int_days_hi0 = 1709855999999
-- :int_days_lo0 = 1709251200000
-- :int_spans_hi0 = 1709855999999
-- :int_spans_lo0 = 1709251200000
-- :isc_days_hi0 = 1709855999999
-- :isc_days_lo0 = 1709251200000
-- :isc_spans_hi0 = 1709855999999
-- :isc_spans_lo0 = 1709251200000
-- :kpiFrom = 1708646400000
-- :len_days_hi0 = 1709855999999
-- :len_days_lo0 = 1709251200000
-- :len_spans_hi0 = 1709855999999
-- :len_spans_lo0 = 1709251200000
-- :msg_days_hi0 = 1709855999999
-- :msg_days_lo0 = 1708646400000
-- :msg_spans_hi0 = 1709855999999
-- :msg_spans_lo0 = 1708646400000
-- :outsideFrom = 9223372036854775807
-- :outsideTo = -9223372036854775808
-- :rollupChannel = ''
-- :stp_days_hi0 = 1709855999999
-- :stp_days_lo0 = 1709251200000
-- :stp_spans_hi0 = 1709855999999
-- :stp_spans_lo0 = 1709251200000
-- :to = 1709855999999
-- :understoodThreshold = 0.0
