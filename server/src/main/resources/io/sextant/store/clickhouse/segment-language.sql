-- segment-language
-- Segments (SegmentSql): (conversation_id, v) of every conversation of the chatbot that has a
-- language, v its latest (by ts, then seq; sent at any time, on any channel), as
-- report-conversation-languages reads it.
SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id
