-- inbox-agents
-- Per agent: its inbox.assigned and inbox.closed events and its agent messages, of the chatbot in
-- [:from, :to]; agents without any are left out.
-- {{channelFilter}}: empty, or AND channel_id = :channel; {{segmentFilter}}: empty, or the condition
-- of a segment's conversations (SegmentSql.restrict).
SELECT assumeNotNull(agent_id) AS agent,
       countIf(type = 'inbox.assigned') AS assigned,
       countIf(type = 'inbox.closed') AS closed,
       countIf(type = 'message') AS messages
FROM events_local
WHERE chatbot_id = :chatbot {{channelFilter}} AND ts BETWEEN :from AND :to AND agent_id IS NOT NULL
  AND (type IN ('inbox.assigned', 'inbox.closed') OR (type = 'message' AND direction = 'agent')){{segmentFilter}}
GROUP BY agent
ORDER BY agent
