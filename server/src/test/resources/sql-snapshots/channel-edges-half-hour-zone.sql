WITH conversations_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT start_ts AS ts, CAST(start_channel AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
        FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo0 AND :cv_events_hi0
        UNION ALL
        SELECT start_ts AS ts, CAST(start_channel AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
        FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo1 AND :cv_events_hi1
        UNION ALL
        SELECT start_ts AS ts, CAST(start_channel AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
        FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo2 AND :cv_events_hi2
        UNION ALL
        SELECT start_ts AS ts, CAST(start_channel AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
        FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo3 AND :cv_events_hi3
        UNION ALL
        SELECT start_ts AS ts, CAST(start_channel AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
        FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cv_events_lo4 AND :cv_events_hi4
        UNION ALL
        SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND metric = 'cv' AND start_ts BETWEEN :cv_spans_lo0 AND :cv_spans_hi0
          AND ((grain = 3600000 AND (start_ts BETWEEN :cv_hours_lo0 AND :cv_hours_hi0 OR start_ts BETWEEN :cv_hours_lo1 AND :cv_hours_hi1 OR start_ts BETWEEN :cv_hours_lo2 AND :cv_hours_hi2 OR start_ts BETWEEN :cv_hours_lo3 AND :cv_hours_hi3 OR start_ts BETWEEN :cv_hours_lo4 AND :cv_hours_hi4))
            OR (grain = 86400000 AND (start_ts BETWEEN :cv_days_lo0 AND :cv_days_hi0)))
    )
),
conversation_languages_in_w AS MATERIALIZED (
    SELECT start_ts AS ts, CAST(language AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvl_events_lo0 AND :cvl_events_hi0
    UNION ALL
    SELECT start_ts AS ts, CAST(language AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(-1 AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvl_events_lo1 AND :cvl_events_hi1
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND metric = 'cvl' AND start_ts BETWEEN :cvl_spans_lo0 AND :cvl_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :cvl_days_lo0 AND :cvl_days_hi0)))
),
conversation_messages_in_w AS MATERIALIZED (
    SELECT start_ts AS ts, CAST(NULL AS VARCHAR) AS key, CAST(messages AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvm_events_lo0 AND :cvm_events_hi0
    UNION ALL
    SELECT start_ts AS ts, CAST(NULL AS VARCHAR) AS key, CAST(messages AS DOUBLE) AS num, CAST(-1 AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM conversations WHERE chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel AND start_ts BETWEEN :cvm_events_lo1 AND :cvm_events_hi1
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND metric = 'cvm' AND start_ts BETWEEN :cvm_spans_lo0 AND :cvm_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :cvm_days_lo0 AND :cvm_days_hi0)))
),
messages_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT ts, CAST(direction AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :msg_events_lo0 AND :msg_events_hi0
        UNION ALL
        SELECT ts, CAST(direction AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :msg_events_lo1 AND :msg_events_hi1
        UNION ALL
        SELECT ts, CAST(direction AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :msg_events_lo2 AND :msg_events_hi2
        UNION ALL
        SELECT ts, CAST(direction AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :msg_events_lo3 AND :msg_events_hi3
        UNION ALL
        SELECT ts, CAST(direction AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :msg_events_lo4 AND :msg_events_hi4
        UNION ALL
        SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'msg' AND start_ts BETWEEN :msg_spans_lo0 AND :msg_spans_hi0
          AND ((grain = 3600000 AND (start_ts BETWEEN :msg_hours_lo0 AND :msg_hours_hi0 OR start_ts BETWEEN :msg_hours_lo1 AND :msg_hours_hi1 OR start_ts BETWEEN :msg_hours_lo2 AND :msg_hours_hi2 OR start_ts BETWEEN :msg_hours_lo3 AND :msg_hours_hi3 OR start_ts BETWEEN :msg_hours_lo4 AND :msg_hours_hi4))
            OR (grain = 86400000 AND (start_ts BETWEEN :msg_days_lo0 AND :msg_days_hi0)))
    )
),
messages_edges_of_w AS MATERIALIZED (
    SELECT ts, direction, length, 1 AS sign FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :messages_edges_lo0 AND :messages_edges_hi0
    UNION ALL
    SELECT ts, direction, length, -1 AS sign FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :messages_edges_lo1 AND :messages_edges_hi1
),
user_message_lengths_in_w AS MATERIALIZED (
    SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(length AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM messages_edges_of_w WHERE direction = 'user'
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'len' AND start_ts BETWEEN :len_spans_lo0 AND :len_spans_hi0
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
          WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts < :from AND ts >= :outsideFrom
            AND conversation_id IN (SELECT conversation_id FROM conversations_crossing_w WHERE first_message_ts < :from)
          UNION ALL
          SELECT conversation_id FROM messages
          WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts > :to AND ts <= :outsideTo
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
intents_edges_of_w AS MATERIALIZED (
    SELECT ts, intent, score, 1 AS sign FROM intents WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :intents_edges_lo0 AND :intents_edges_hi0
    UNION ALL
    SELECT ts, intent, score, -1 AS sign FROM intents WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :intents_edges_lo1 AND :intents_edges_hi1
),
intents_in_w AS MATERIALIZED (
    SELECT ts, CAST(intent AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM intents_edges_of_w
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'int' AND start_ts BETWEEN :int_spans_lo0 AND :int_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :int_days_lo0 AND :int_days_hi0)))
),
intent_scores_in_w AS MATERIALIZED (
    SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(score AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM intents_edges_of_w
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'isc' AND start_ts BETWEEN :isc_spans_lo0 AND :isc_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :isc_days_lo0 AND :isc_days_hi0)))
),
steps_edges_of_w AS MATERIALIZED (
    SELECT ts, step_id, 1 AS sign FROM steps WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :steps_edges_lo0 AND :steps_edges_hi0
    UNION ALL
    SELECT ts, step_id, -1 AS sign FROM steps WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :steps_edges_lo1 AND :steps_edges_hi1
),
steps_in_w AS MATERIALIZED (
    SELECT ts, CAST(step_id AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(1 AS DOUBLE) * sign AS v
    FROM steps_edges_of_w
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'stp' AND start_ts BETWEEN :stp_spans_lo0 AND :stp_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :stp_days_lo0 AND :stp_days_hi0)))
),
interactions_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM interactions WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :ia_events_lo0 AND :ia_events_hi0
        UNION ALL
        SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM interactions WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :ia_events_lo1 AND :ia_events_hi1
        UNION ALL
        SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM interactions WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :ia_events_lo2 AND :ia_events_hi2
        UNION ALL
        SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM interactions WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :ia_events_lo3 AND :ia_events_hi3
        UNION ALL
        SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(1 AS DOUBLE) AS v
        FROM interactions WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :ia_events_lo4 AND :ia_events_hi4
        UNION ALL
        SELECT start_ts AS ts, key, num, n, CAST(n AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'ia' AND start_ts BETWEEN :ia_spans_lo0 AND :ia_spans_hi0
          AND ((grain = 3600000 AND (start_ts BETWEEN :ia_hours_lo0 AND :ia_hours_hi0 OR start_ts BETWEEN :ia_hours_lo1 AND :ia_hours_hi1 OR start_ts BETWEEN :ia_hours_lo2 AND :ia_hours_hi2 OR start_ts BETWEEN :ia_hours_lo3 AND :ia_hours_hi3 OR start_ts BETWEEN :ia_hours_lo4 AND :ia_hours_hi4))
            OR (grain = 86400000 AND (start_ts BETWEEN :ia_days_lo0 AND :ia_days_hi0)))
    )
),
calls_in_range AS MATERIALIZED (
    SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS period
    FROM (
        SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(duration_seconds AS DOUBLE) AS v
        FROM calls WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :call_events_lo0 AND :call_events_hi0
        UNION ALL
        SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(duration_seconds AS DOUBLE) AS v
        FROM calls WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :call_events_lo1 AND :call_events_hi1
        UNION ALL
        SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(1 AS BIGINT) AS n, CAST(duration_seconds AS DOUBLE) AS v
        FROM calls WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :call_events_lo2 AND :call_events_hi2
        UNION ALL
        SELECT start_ts AS ts, key, num, n, CAST(total AS DOUBLE) AS v
        FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'call' AND start_ts BETWEEN :call_spans_lo0 AND :call_spans_hi0
          AND ((grain = 3600000 AND (start_ts BETWEEN :call_hours_lo0 AND :call_hours_hi0 OR start_ts BETWEEN :call_hours_lo1 AND :call_hours_hi1 OR start_ts BETWEEN :call_hours_lo2 AND :call_hours_hi2 OR start_ts BETWEEN :call_hours_lo3 AND :call_hours_hi3))
            OR (grain = 86400000 AND (start_ts BETWEEN :call_days_lo0 AND :call_days_hi0 OR start_ts BETWEEN :call_days_lo1 AND :call_days_hi1)))
    )
),
calls_edges_of_w AS MATERIALIZED (
    SELECT ts, duration_seconds, user_inputs, end_reason, exit_step, transfer_target, 1 AS sign FROM calls WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :calls_edges_lo0 AND :calls_edges_hi0
    UNION ALL
    SELECT ts, duration_seconds, user_inputs, end_reason, exit_step, transfer_target, -1 AS sign FROM calls WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :calls_edges_lo1 AND :calls_edges_hi1
),
call_durations_in_w AS MATERIALIZED (
    SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(duration_seconds AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM calls_edges_of_w
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'cdur' AND start_ts BETWEEN :cdur_spans_lo0 AND :cdur_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :cdur_days_lo0 AND :cdur_days_hi0)))
),
call_user_inputs_in_w AS MATERIALIZED (
    SELECT ts, CAST(NULL AS VARCHAR) AS key, CAST(user_inputs AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM calls_edges_of_w
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'cin' AND start_ts BETWEEN :cin_spans_lo0 AND :cin_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :cin_days_lo0 AND :cin_days_hi0)))
),
call_exit_steps_in_w AS MATERIALIZED (
    SELECT ts, CAST(exit_step AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM calls_edges_of_w
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'cexit' AND start_ts BETWEEN :cexit_spans_lo0 AND :cexit_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :cexit_days_lo0 AND :cexit_days_hi0)))
),
call_end_reasons_in_w AS MATERIALIZED (
    SELECT ts, CAST(end_reason AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM calls_edges_of_w
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'cend' AND start_ts BETWEEN :cend_spans_lo0 AND :cend_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :cend_days_lo0 AND :cend_days_hi0)))
),
call_transfer_targets_in_w AS MATERIALIZED (
    SELECT ts, CAST(transfer_target AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS num, CAST(sign AS BIGINT) AS n, CAST(NULL AS DOUBLE) AS v
    FROM calls_edges_of_w WHERE transfer_target IS NOT NULL
    UNION ALL
    SELECT start_ts AS ts, key, num, n, CAST(NULL AS DOUBLE) AS v
    FROM event_rollups WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :channel AND metric = 'ctr' AND start_ts BETWEEN :ctr_spans_lo0 AND :ctr_spans_hi0
      AND ((grain = 86400000 AND (start_ts BETWEEN :ctr_days_lo0 AND :ctr_days_hi0)))
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
               WHERE chatbot_id = :chatbot AND channel_id = :channel AND action = 'opened'
                 AND conversation_id IN (SELECT conversation_id FROM kpi_starts)) o
           ON o.conversation_id = s.conversation_id
),
user_messages_of_starts AS MATERIALIZED (
    SELECT s.period, coalesce(m.n, 0) AS user_messages
    FROM kpi_starts s
    LEFT JOIN (SELECT conversation_id, count(*) AS n FROM messages
               WHERE chatbot_id = :chatbot AND channel_id = :channel AND direction = 'user'
                 AND conversation_id IN (SELECT conversation_id FROM kpi_starts)
               GROUP BY conversation_id) m
           ON m.conversation_id = s.conversation_id
),
goals_reached AS MATERIALIZED (
    SELECT s.period, g.goal_id
    FROM kpi_starts s
    JOIN (SELECT DISTINCT conversation_id, goal_id FROM goals
          WHERE chatbot_id = :chatbot AND channel_id = :channel
            AND conversation_id IN (SELECT conversation_id FROM kpi_starts)) g
      ON g.conversation_id = s.conversation_id
),
understood_intents AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period,
           (TRUE) AND score >= :understoodThreshold AS understood
    FROM intents
    WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :kpiFrom AND :to
),
ratings_in_range AS MATERIALIZED (
    SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period, coalesce(CAST(score AS VARCHAR), thumbs) AS key
    FROM ratings
    WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :kpiFrom AND :to
)
SELECT 'CONVERSATIONS' AS metric, CAST(per_slot.slot AS BIGINT) AS bucket,
       CAST(per_slot.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_slot.n AS BIGINT) AS count, CAST(per_slot.value AS DOUBLE) AS value
FROM (SELECT CASE WHEN period < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot,
             NULL AS key, sum(n) AS n, sum(n) AS value
      FROM conversations_in_range GROUP BY ALL) per_slot
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
SELECT 'CALL_SECONDS' AS metric, CAST(period AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(sum(v) AS DOUBLE) AS value
FROM calls_in_range GROUP BY ALL
UNION ALL
SELECT 'CALL_DURATION' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_value.c AS BIGINT) AS count, CAST(per_value.v AS DOUBLE) AS value
FROM (SELECT num AS v, sum(n) AS c FROM call_durations_in_w GROUP BY ALL HAVING sum(n) > 0) per_value
UNION ALL
SELECT 'CALL_USER_INPUTS' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(per_value.c AS BIGINT) AS count, CAST(per_value.v AS DOUBLE) AS value
FROM (SELECT num AS v, sum(n) AS c FROM call_user_inputs_in_w GROUP BY ALL HAVING sum(n) > 0) per_value
UNION ALL
SELECT 'CALL_EXIT_STEPS' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM call_exit_steps_in_w GROUP BY key HAVING sum(n) > 0
UNION ALL
SELECT 'CALL_END_REASONS' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM call_end_reasons_in_w GROUP BY key HAVING sum(n) > 0
UNION ALL
SELECT 'CALL_TRANSFER_TARGETS' AS metric, CAST(NULL AS BIGINT) AS bucket,
       CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(NULL AS DOUBLE) AS value
FROM call_transfer_targets_in_w GROUP BY key HAVING sum(n) > 0
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
-- :anchor = 1709404200000
-- :call_days_hi0 = 1709251199999
-- :call_days_hi1 = 1709510399999
-- :call_days_lo0 = 1709078400000
-- :call_days_lo1 = 1709337600000
-- :call_events_hi0 = 1709060399999
-- :call_events_hi1 = 1709319599999
-- :call_events_hi2 = 1709576999990
-- :call_events_lo0 = 1709058600043
-- :call_events_lo1 = 1709316000000
-- :call_events_lo2 = 1709575200000
-- :call_hours_hi0 = 1709078399999
-- :call_hours_hi1 = 1709315999999
-- :call_hours_hi2 = 1709337599999
-- :call_hours_hi3 = 1709575199999
-- :call_hours_lo0 = 1709060400000
-- :call_hours_lo1 = 1709251200000
-- :call_hours_lo2 = 1709319600000
-- :call_hours_lo3 = 1709510400000
-- :call_spans_hi0 = 1709575199999
-- :call_spans_lo0 = 1709060400000
-- :calls_edges_hi0 = 1709337599999
-- :calls_edges_hi1 = 1709596799999
-- :calls_edges_lo0 = 1709317800017
-- :calls_edges_lo1 = 1709576999991
-- :cdur_days_hi0 = 1709596799999
-- :cdur_days_lo0 = 1709337600000
-- :cdur_spans_hi0 = 1709596799999
-- :cdur_spans_lo0 = 1709337600000
-- :cend_days_hi0 = 1709596799999
-- :cend_days_lo0 = 1709337600000
-- :cend_spans_hi0 = 1709596799999
-- :cend_spans_lo0 = 1709337600000
-- :cexit_days_hi0 = 1709596799999
-- :cexit_days_lo0 = 1709337600000
-- :cexit_spans_hi0 = 1709596799999
-- :cexit_spans_lo0 = 1709337600000
-- :channel = 'web'
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :cin_days_hi0 = 1709596799999
-- :cin_days_lo0 = 1709337600000
-- :cin_spans_hi0 = 1709596799999
-- :cin_spans_lo0 = 1709337600000
-- :ctr_days_hi0 = 1709596799999
-- :ctr_days_lo0 = 1709337600000
-- :ctr_spans_hi0 = 1709596799999
-- :ctr_spans_lo0 = 1709337600000
-- :cv_days_hi0 = 1709251199999
-- :cv_days_lo0 = 1709078400000
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
-- :cv_spans_hi0 = 1709575199999
-- :cv_spans_lo0 = 1709060400000
-- :cvl_days_hi0 = 1709596799999
-- :cvl_days_lo0 = 1709337600000
-- :cvl_events_hi0 = 1709337599999
-- :cvl_events_hi1 = 1709596799999
-- :cvl_events_lo0 = 1709317800017
-- :cvl_events_lo1 = 1709576999991
-- :cvl_spans_hi0 = 1709596799999
-- :cvl_spans_lo0 = 1709337600000
-- :cvm_days_hi0 = 1709596799999
-- :cvm_days_lo0 = 1709337600000
-- :cvm_events_hi0 = 1709337599999
-- :cvm_events_hi1 = 1709596799999
-- :cvm_events_lo0 = 1709317800017
-- :cvm_events_lo1 = 1709576999991
-- :cvm_spans_hi0 = 1709596799999
-- :cvm_spans_lo0 = 1709337600000
-- :from = 1709317800017
-- :grain = 86400000
-- :ia_days_hi0 = 1709251199999
-- :ia_days_lo0 = 1709078400000
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
-- :ia_spans_hi0 = 1709575199999
-- :ia_spans_lo0 = 1709060400000
-- :int_days_hi0 = 1709596799999
-- :int_days_lo0 = 1709337600000
-- :int_spans_hi0 = 1709596799999
-- :int_spans_lo0 = 1709337600000
-- :intents_edges_hi0 = 1709337599999
-- :intents_edges_hi1 = 1709596799999
-- :intents_edges_lo0 = 1709317800017
-- :intents_edges_lo1 = 1709576999991
-- :isc_days_hi0 = 1709596799999
-- :isc_days_lo0 = 1709337600000
-- :isc_spans_hi0 = 1709596799999
-- :isc_spans_lo0 = 1709337600000
-- :kpiFrom = 1709058600043
-- :len_days_hi0 = 1709596799999
-- :len_days_lo0 = 1709337600000
-- :len_spans_hi0 = 1709596799999
-- :len_spans_lo0 = 1709337600000
-- :messages_edges_hi0 = 1709337599999
-- :messages_edges_hi1 = 1709596799999
-- :messages_edges_lo0 = 1709317800017
-- :messages_edges_lo1 = 1709576999991
-- :msg_days_hi0 = 1709251199999
-- :msg_days_lo0 = 1709078400000
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
-- :msg_spans_hi0 = 1709575199999
-- :msg_spans_lo0 = 1709060400000
-- :outsideFrom = 9223372036854775807
-- :outsideTo = -9223372036854775808
-- :rollupChannel = 'web'
-- :steps_edges_hi0 = 1709337599999
-- :steps_edges_hi1 = 1709596799999
-- :steps_edges_lo0 = 1709317800017
-- :steps_edges_lo1 = 1709576999991
-- :stp_days_hi0 = 1709596799999
-- :stp_days_lo0 = 1709337600000
-- :stp_spans_hi0 = 1709596799999
-- :stp_spans_lo0 = 1709337600000
-- :to = 1709576999990
-- :understoodThreshold = 0.0
