-- segment-channel-type
-- Segments (SegmentSql): (conversation_id, v) of every conversation of the chatbot that started, v
-- the current type of the channel of its start ('unknown' for a channel not registered), as
-- CONVERSATION_BY_CHANNEL_TYPE counts them.
SELECT c.conversation_id, coalesce(ch.type, 'unknown') AS v
FROM conversations c
LEFT JOIN channels ch ON ch.chatbot_id = :chatbot AND ch.channel_id = c.start_channel
WHERE c.chatbot_key = :chatbotKey AND c.chatbot_id = :chatbot AND c.channel_id = '' AND c.start_ts IS NOT NULL
