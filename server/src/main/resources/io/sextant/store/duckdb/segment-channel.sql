-- segment-channel
-- Segments (SegmentSql): (conversation_id, v) of every conversation of the chatbot that started, v
-- the channel of its start (its earliest conversation.started, ties: the first ingested), from the
-- all-channels rows of the conversations rollup.
SELECT conversation_id, start_channel AS v
FROM conversations
WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = '' AND start_ts IS NOT NULL
