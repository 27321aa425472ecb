-- report-user-message-facts
-- The facts of report-conversation-rate for abandonment: per conversation with user messages, sent
-- at any time (on the channel, for a channel report), their number.
-- {{channelFilter}}: empty, or AND channel_id = :channel.
SELECT conversation_id, toUInt64(count()) AS fact
FROM events_local
WHERE chatbot_id = :chatbot {{channelFilter}} AND type = 'message' AND direction = 'user'
GROUP BY conversation_id
