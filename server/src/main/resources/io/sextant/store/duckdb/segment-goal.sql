-- segment-goal
-- Segments (SegmentSql): (conversation_id, v) for every goal event of the chatbot, v its goalId.
SELECT conversation_id, goal_id AS v
FROM goals
WHERE chatbot_no = :chatbotNo
