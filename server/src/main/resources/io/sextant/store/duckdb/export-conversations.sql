-- export-conversations
-- The conversations export: one row per conversation started in [:from, :to] (see DuckDbExportDataStore).
-- {{conversationStarts}}: export-conversation-starts.sql; {{inboxThreads}}: the CTEs of inbox-threads.sql, first threads.
WITH {{conversationStarts}},
{{inboxThreads}},
msg AS (
    SELECT conversation_id, count(*) AS messages,
           count(*) FILTER (WHERE direction = 'user') AS user_messages,
           count(*) FILTER (WHERE direction = 'bot') AS bot_messages,
           count(*) FILTER (WHERE direction = 'agent') AS agent_messages
    FROM messages WHERE chatbot_no = :chatbotNo AND conversation_id IN (SELECT conversation_id FROM conv)
    GROUP BY conversation_id
),
intent_counts AS (
    SELECT conversation_id, intent, count(*) AS n
    FROM intents WHERE chatbot_no = :chatbotNo AND conversation_id IN (SELECT conversation_id FROM conv)
    GROUP BY conversation_id, intent
),
intent AS (
    SELECT conversation_id, sum(n) OVER (PARTITION BY conversation_id) AS hits, intent AS top_intent
    FROM intent_counts
    QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY n DESC, intent) = 1
),
step AS (
    SELECT conversation_id, count(*) AS n
    FROM steps WHERE chatbot_no = :chatbotNo AND conversation_id IN (SELECT conversation_id FROM conv)
    GROUP BY conversation_id
),
inter AS (
    SELECT conversation_id, count(*) AS n
    FROM interactions WHERE chatbot_no = :chatbotNo AND conversation_id IN (SELECT conversation_id FROM conv)
    GROUP BY conversation_id
),
calls_agg AS (
    -- the total duration, and the end reason of the latest call.ended
    SELECT conversation_id, fsum(duration_seconds) OVER (PARTITION BY conversation_id) AS duration, end_reason
    FROM calls WHERE chatbot_no = :chatbotNo AND conversation_id IN (SELECT conversation_id FROM conv)
    QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY ts DESC, seq DESC) = 1
)
SELECT c.conversation_id, c.channel_id, ch.type, c.started_at, c.language,
       coalesce(msg.messages, 0), coalesce(msg.user_messages, 0), coalesce(msg.bot_messages, 0),
       coalesce(msg.agent_messages, 0), coalesce(intent.hits, 0), intent.top_intent,
       coalesce(step.n, 0), coalesce(inter.n, 0), calls_agg.duration, calls_agg.end_reason,
       t.opened_at IS NOT NULL, t.first_response_at - t.opened_at, t.closed_at - t.opened_at
FROM conv c
LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = c.channel_id
LEFT JOIN msg ON msg.conversation_id = c.conversation_id
LEFT JOIN intent ON intent.conversation_id = c.conversation_id
LEFT JOIN step ON step.conversation_id = c.conversation_id
LEFT JOIN inter ON inter.conversation_id = c.conversation_id
LEFT JOIN calls_agg ON calls_agg.conversation_id = c.conversation_id
LEFT JOIN threads t ON t.conversation_id = c.conversation_id
ORDER BY c.started_at, c.conversation_id
