-- report-handover-facts
-- The facts of report-conversation-rate for containment and hand-over: fact 1 for every conversation
-- with an inbox.opened event, sent at any time (on the channel, for a channel report).
-- {{channelFilter}}: empty, or AND channel_id = :channel.
SELECT conversation_id, toUInt64(1) AS fact
FROM events_local
WHERE chatbot_id = :chatbot {{channelFilter}} AND type = 'inbox.opened'
GROUP BY conversation_id
