-- segment-handover
-- Segments (SegmentSql): (conversation_id, v) for every inbox.opened event of the chatbot (v: 'yes'):
-- the conversations handed over to a human agent.
SELECT conversation_id, 'yes' AS v
FROM inbox_events
WHERE chatbot_no = :chatbotNo AND action = 'opened'
