-- segment-intent
-- Segments (SegmentSql): (conversation_id, v) for every intent event of the chatbot, v its intent.
SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent'
