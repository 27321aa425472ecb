-- segment-goal
-- Segments (SegmentSql): (conversation_id, v) for every goal event of the chatbot, v its goalId.
SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal'
