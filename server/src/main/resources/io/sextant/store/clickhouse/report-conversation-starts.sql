-- report-conversation-starts
-- The conversations of the chatbot (on the channel, for a channel report) whose start, their
-- earliest conversation.started (there), is in [{{since}}, :to]: conversation_id, start_ts and
-- start_channel (the channel of that start; ties of the millisecond: the first ingested).
-- {{channelFilter}}: empty, or AND channel_id = :channel; {{since}}: :from or the start of P.
SELECT conversation_id, min(ts) AS start_ts, argMin(channel_id, (ts, seq)) AS start_channel
FROM events_local
WHERE chatbot_id = :chatbot {{channelFilter}} AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN {{since}} AND :to
