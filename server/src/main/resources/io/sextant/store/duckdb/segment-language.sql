-- segment-language
-- Segments (SegmentSql): (conversation_id, v) of every conversation of the chatbot that has a
-- language, v its latest (by ts, then seq; sent at any time, on any channel): the all-channels rows
-- of the conversations rollup, as CONVERSATION_LANGUAGES reads them.
SELECT conversation_id, language AS v
FROM conversations
WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = '' AND language IS NOT NULL
