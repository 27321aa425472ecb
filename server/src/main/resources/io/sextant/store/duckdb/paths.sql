-- paths
-- The flow paths report of :chatbot over W = [:from, :to]. A conversation's path is its step events
-- in W ordered by (ts, seq); one window pass numbers them (pos) and gives each its next step
-- (next_step, NULL for the last). {{kept}} is the part of each path that counts: all of it, or from
-- its first visit of :fromStep on (conversations without one drop out); a kept part is a suffix, so
-- next_step stays right and the rows with none are the paths' ends, one per conversation.
-- {{channelFilter}}: empty, or AND channel_id = :channel (the step events only; labels are the chatbot's).
-- Of a segment: {{segment}} is its CTE and a comma (SegmentSql.cte), {{segmentFilter}} the condition
-- that keeps its conversations' step events (SegmentSql.restrict); both empty for every conversation.
-- Rows: ('conversations', NULL, NULL, NULL, paths, NULL, NULL, NULL);
-- ('step', step_id, NULL, label, visits, conversations on whose path it is, paths ending there,
--  of those the conversations without a goal event);
-- ('edge', from step, to step, NULL, transitions, conversations with that transition, NULL, NULL).
-- A conversation reached a goal when it has any goal event: whenever sent, on any channel.
-- A label is the chatbot's latest name for the step (step_labels, the channel '' rows).
-- Distinct conversations are counted by grouping per conversation first (cheaper than DISTINCT).
WITH {{segment}}path AS MATERIALIZED (
    SELECT conversation_id, step_id, row_number() OVER w AS pos, lead(step_id) OVER w AS next_step
    FROM steps
    WHERE chatbot_no = :chatbotNo AND ts BETWEEN :from AND :to {{channelFilter}}{{segmentFilter}}
    WINDOW w AS (PARTITION BY conversation_id ORDER BY ts, seq)
),
kept AS MATERIALIZED (
    {{kept}}
),
reached AS (
    SELECT DISTINCT conversation_id FROM goals WHERE chatbot_no = :chatbotNo
),
per_conversation_step AS (
    SELECT step_id, conversation_id, count(*) AS visits, count(*) FILTER (WHERE next_step IS NULL) AS ends
    FROM kept
    GROUP BY step_id, conversation_id
),
per_step AS (
    SELECT p.step_id, CAST(sum(p.visits) AS BIGINT) AS visits, count(*) AS conversations, CAST(sum(p.ends) AS BIGINT) AS endings,
           count(*) FILTER (WHERE p.ends > 0 AND r.conversation_id IS NULL) AS drop_offs
    FROM per_conversation_step p
    LEFT JOIN reached r ON r.conversation_id = p.conversation_id
    GROUP BY p.step_id
),
per_conversation_edge AS (
    SELECT step_id, next_step, count(*) AS n
    FROM kept
    WHERE next_step IS NOT NULL
    GROUP BY conversation_id, step_id, next_step
)
SELECT 'conversations' AS kind, NULL AS a, NULL AS b, NULL AS label, count(*) AS n, NULL AS conversations, NULL AS endings,
       NULL AS drop_offs
FROM kept
WHERE next_step IS NULL
UNION ALL
SELECT 'step', s.step_id, NULL, lb.step_name, s.visits, s.conversations, s.endings, s.drop_offs
FROM per_step s
LEFT JOIN step_labels lb ON lb.chatbot_id = :chatbot AND lb.channel_id = '' AND lb.step_id = s.step_id
UNION ALL
SELECT 'edge', step_id, next_step, NULL, CAST(sum(n) AS BIGINT), count(*), NULL, NULL
FROM per_conversation_edge
GROUP BY step_id, next_step
