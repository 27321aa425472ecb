-- erasure-conversations
-- The conversations rollup's rows of the conversations in stage_erased_conversations (chatbot $1,
-- numbered $2 in the event tables: V18),
-- recomputed from the events that remain after an erasure (see Erasure): migration V4's definition
-- (each channel's view and '' for all channels; the earliest start, ties the first ingested; the
-- latest language, ties the last ingested; the messages), with V7's fingerprint, V16's chatbot
-- key ({{chatbotKey}}: ChatbotKey.SQL) and V17's user messages, hand-overs and goals, in the column
-- order of the table. A conversation none of whose conversation events, messages, hand-overs and
-- goals remains has no row.
WITH staged AS (
    SELECT DISTINCT conversation_id FROM stage_erased_conversations WHERE chatbot_no = $2
), ce AS (
    SELECT e.channel_id, e.conversation_id, e.ts, e.seq, e.started, e.language FROM conversation_events e
    WHERE e.chatbot_no = $2 AND e.conversation_id IN (SELECT conversation_id FROM staged)
), me AS (
    SELECT e.channel_id, e.conversation_id, e.ts, e.direction FROM messages e
    WHERE e.chatbot_no = $2 AND e.conversation_id IN (SELECT conversation_id FROM staged)
), he AS (
    SELECT e.channel_id, e.conversation_id FROM inbox_events e
    WHERE e.chatbot_no = $2 AND e.action = 'opened' AND e.conversation_id IN (SELECT conversation_id FROM staged)
), ge AS (
    SELECT e.channel_id, e.conversation_id, e.goal_id FROM goals e
    WHERE e.chatbot_no = $2 AND e.conversation_id IN (SELECT conversation_id FROM staged)
), c AS (
    SELECT channel_id, channel_id AS event_channel, conversation_id, ts, seq, started, language FROM ce
    UNION ALL
    SELECT '', channel_id, conversation_id, ts, seq, started, language FROM ce
), m AS (
    SELECT channel_id, conversation_id, ts, direction FROM me
    UNION ALL
    SELECT '', conversation_id, ts, direction FROM me
), h AS (
    SELECT channel_id, conversation_id FROM he
    UNION ALL
    SELECT '', conversation_id FROM he
), g AS (
    SELECT channel_id, conversation_id, goal_id FROM ge
    UNION ALL
    SELECT '', conversation_id, goal_id FROM ge
), cs AS (
    SELECT channel_id, conversation_id,
           min(ts) FILTER (WHERE started) AS start_ts,
           arg_min(seq, (ts, seq)) FILTER (WHERE started) AS start_seq,
           arg_min(event_channel, (ts, seq)) FILTER (WHERE started) AS start_channel,
           arg_max(language, (ts, seq)) FILTER (WHERE language IS NOT NULL) AS language,
           max(ts) FILTER (WHERE language IS NOT NULL) AS language_ts,
           arg_max(seq, (ts, seq)) FILTER (WHERE language IS NOT NULL) AS language_seq
    FROM c GROUP BY channel_id, conversation_id
), ms AS (
    SELECT channel_id, conversation_id, count(*) AS messages, min(ts) AS first_ts, max(ts) AS last_ts,
           count(*) FILTER (WHERE direction = 'user') AS user_messages
    FROM m GROUP BY ALL
), hs AS (
    SELECT channel_id, conversation_id, count(*) AS handovers FROM h GROUP BY ALL
), gs AS (
    SELECT channel_id, conversation_id, list_sort(list_distinct(list(goal_id))) AS goals FROM g GROUP BY ALL
), r AS (
    SELECT CAST($1 AS VARCHAR) AS chatbot_id, channel_id, conversation_id, cs.start_ts, cs.start_seq, cs.start_channel,
           cs.language, cs.language_ts, cs.language_seq, coalesce(ms.messages, 0) AS messages,
           ms.first_ts AS first_message_ts, ms.last_ts AS last_message_ts, coalesce(ms.user_messages, 0) AS user_messages,
           coalesce(hs.handovers, 0) AS handovers, coalesce(gs.goals, CAST([] AS VARCHAR[])) AS goals
    FROM cs FULL OUTER JOIN ms USING (channel_id, conversation_id) FULL OUTER JOIN hs USING (channel_id, conversation_id)
         FULL OUTER JOIN gs USING (channel_id, conversation_id)
)
SELECT * EXCLUDE (user_messages, handovers, goals),
       CAST(CAST(md5_number(chatbot_id || '/' || channel_id || '/' || conversation_id) & 18446744073709551615 AS HUGEINT)
            - CASE WHEN (md5_number(chatbot_id || '/' || channel_id || '/' || conversation_id) >> 63) & 1 = 1
                   THEN CAST(18446744073709551616 AS HUGEINT) ELSE 0 END
            AS BIGINT) AS fp,
       {{chatbotKey}} AS chatbot_key,
       user_messages, handovers, goals
FROM r
ORDER BY start_ts
