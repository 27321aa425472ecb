-- segment-intent
-- Segments (SegmentSql): (conversation_id, v) for every intent event of the chatbot, v its intent.
SELECT conversation_id, intent AS v
FROM intents
WHERE chatbot_no = :chatbotNo
