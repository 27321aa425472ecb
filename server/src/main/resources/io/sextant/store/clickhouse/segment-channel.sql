-- segment-channel
-- Segments (SegmentSql): (conversation_id, v) of every conversation of the chatbot that started, v
-- the channel of its start (its earliest conversation.started, ties: the first ingested).
SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id
