-- inbox-agents
-- Per agent: inbox threads assigned and closed, and agent messages, of the chatbot in [:from, :to].
-- The agent messages are read from agent_messages, the copy the ingestion writer keeps of the
-- messages with direction 'agent' (migration V12), not from all messages.
-- {{channelFilter}}: empty, or AND channel_id = :channel; {{segmentFilter}}: empty, or the condition
-- of a segment's conversations (SegmentSql.restrict, with the CTE segment before the statement).
SELECT agent_id, sum(assigned) AS assigned, sum(closed) AS closed, sum(messages) AS messages
FROM (
    SELECT agent_id,
           count(*) FILTER (WHERE action = 'assigned') AS assigned,
           count(*) FILTER (WHERE action = 'closed') AS closed,
           0 AS messages
    FROM inbox_events
    WHERE chatbot_no = :chatbotNo AND ts BETWEEN :from AND :to AND agent_id IS NOT NULL
      AND action IN ('assigned', 'closed') {{channelFilter}}{{segmentFilter}}
    GROUP BY agent_id
    UNION ALL
    SELECT agent_id, 0, 0, count(*)
    FROM agent_messages
    WHERE chatbot_no = :chatbotNo AND ts BETWEEN :from AND :to {{channelFilter}}{{segmentFilter}}
    GROUP BY agent_id
)
GROUP BY agent_id
ORDER BY agent_id
