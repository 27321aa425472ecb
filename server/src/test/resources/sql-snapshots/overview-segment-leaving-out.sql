WITH segment AS MATERIALIZED (
    SELECT conversation_id FROM (
        SELECT conversation_id, 'yes' AS v
        FROM inbox_events
        WHERE chatbot_id = :chatbot AND action = 'opened'
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
messages_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT ts, CAST(direction AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM messages WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :msg_events_lo0 AND :msg_events_hi0
    )
),
messages_edges_of_w AS MATERIALIZED (
    SELECT ts, direction, length, 1 AS sign FROM messages WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :messages_edges_lo0 AND :messages_edges_hi0
),
user_message_lengths_in_w AS MATERIALIZED (
    SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(length AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM messages_edges_of_w WHERE direction = 'user'
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
          WHERE chatbot_id = :chatbot AND ts < :from AND ts >= :outsideFrom
            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE first_message_ts < :from)
          UNION ALL
          SELECT conversation_id FROM messages
          WHERE chatbot_id = :chatbot AND ts > :to AND ts <= :outsideTo
            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE last_message_ts > :to))
    GROUP BY conversation_id
),
messages_per_conversation_in_w AS MATERIALIZED (
    SELECT messages AS v, n FROM conversations_in_range WHERE period = 0 AND NOT crossing
    UNION ALL
    SELECT cv.messages - coalesce(o.n, 0), 1 FROM conversations_crossing_w cv
    LEFT JOIN messages_outside_w o ON o.conversation_id = cv.conversation_id
),
intents_edges_of_w AS MATERIALIZED (
    SELECT ts, intent, score, 1 AS sign FROM intents WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :intents_edges_lo0 AND :intents_edges_hi0
),
intents_in_w AS MATERIALIZED (
    SELECT ts, CAST(intent AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM intents_edges_of_w
),
intent_scores_in_w AS MATERIALIZED (
    SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(score AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM intents_edges_of_w
),
steps_edges_of_w AS MATERIALIZED (
    SELECT ts, step_id, 1 AS sign FROM steps WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :steps_edges_lo0 AND :steps_edges_hi0
),
steps_in_w AS MATERIALIZED (
    SELECT ts, CAST(step_id AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(1 AS DOUBLE) * sign AS v
    FROM steps_edges_of_w
),
interactions_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM interactions WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :ia_events_lo0 AND :ia_events_hi0
    )
),
kpi_starts AS MATERIALIZED (
    SELECT conversation_id, CASE WHEN start_ts < :from THEN -1 ELSE 0 END AS period
    FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :kpiFrom AND :to AND conversation_id NOT IN (SELECT conversation_id FROM segment)
),
handovers AS MATERIALIZED (
    SELECT s.period, o.conversation_id IS NOT NULL AS handed_over
    FROM kpi_starts s
    LEFT JOIN (SELECT DISTINCT conversation_id FROM inbox_events
               WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND action = 'opened'
                 AND conversation_id IN (SELECT conversation_id FROM kpi_starts)) o
           ON o.conversation_id = s.conversation_id
),
user_messages_of_starts AS MATERIALIZED (
    SELECT s.period, coalesce(m.n, 0) AS user_messages
    FROM kpi_starts s
    LEFT JOIN (SELECT conversation_id, count(*) AS n FROM messages
               WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND direction = 'user'
                 AND conversation_id IN (SELECT conversation_id FROM kpi_starts)
               GROUP BY conversation_id) m
           ON m.conversation_id = s.conversation_id
),
goals_reached AS MATERIALIZED (
    SELECT s.period, g.goal_id
    FROM kpi_starts s
    JOIN (SELECT DISTINCT conversation_id, goal_id FROM goals
          WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment)
            AND conversation_id IN (SELECT conversation_id FROM kpi_starts)) g
      ON g.conversation_id = s.conversation_id
),
understood_intents AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period,
           (TRUE) AND score >= :understoodThreshold AS understood
    FROM intents
    WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :kpiFrom AND :to
),
ratings_in_range AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period, coalesce(CAST(score AS VARCHAR), thumbs) AS key
    FROM ratings
    WHERE chatbot_id = :chatbot AND conversation_id NOT IN (SELECT conversation_id FROM segment) AND ts BETWEEN :kpiFrom AND :to
)
SELECT 'CONVERSATIONS' AS metric, CAST(slot AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(sum(n) AS DOUBLE) AS value
FROM conversations_in_range GROUP BY slot
UNION ALL
SELECT 'CONVERSATION_LANGUAGES' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(language AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM conversations_in_range WHERE period = 0 GROUP BY language
UNION ALL
SELECT 'CONVERSATION_CHANNEL_TYPES' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(ch.type AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(cv.n) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM (SELECT channel_id, sum(n) AS n FROM conversations_in_range WHERE period = 0 GROUP BY channel_id) cv
LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = cv.channel_id
GROUP BY ch.type
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
