-- export-conversation-starts
-- CTE conv: the conversations of the chatbot started in [:from, :to], one row each, with their
-- start channel, start and latest language (the all-channels rows of the conversations rollup).
-- {{segmentFilter}}: empty, or the condition of a segment's conversations (SegmentSql.restrict, with
-- the CTE segment before this one).
conv AS (
    -- a conversation's start: its earliest conversation.started (ties: the first ingested), and
    -- its latest language; the all-channels rows of the conversations rollup
    SELECT conversation_id, start_channel AS channel_id, start_ts AS started_at, language
    FROM conversations
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = '' AND start_ts BETWEEN :from AND :to{{segmentFilter}}
)
