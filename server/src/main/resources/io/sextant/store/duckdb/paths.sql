-- paths
-- The flow paths report of :chatbot over W = [:from, :to]. A conversation's path is its step events
-- in W ordered by (ts, seq), numbered 1, 2, … (pos); {{kept}} is the part of each path that counts:
-- all of it, or from its first visit of :fromStep on (conversations without one drop out).
-- {{channelFilter}}: empty, or AND channel_id = :channel (the step events only; labels are the chatbot's).
-- Rows: ('conversations', NULL, NULL, NULL, paths, NULL, NULL);
-- ('step', step_id, NULL, label, visits, conversations on whose path it is, paths ending there,
--  of those the conversations without a goal event);
-- ('edge', from step, to step, NULL, transitions, conversations with that transition, NULL, NULL).
-- A conversation reached a goal when it has any goal event: whenever sent, on any channel.
-- A label is the chatbot's latest name for the step (step_labels, the channel '' rows).
WITH path AS MATERIALIZED (
    SELECT conversation_id, step_id, row_number() OVER (PARTITION BY conversation_id ORDER BY ts, seq) AS pos
    FROM steps
    WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to {{channelFilter}}
),
kept AS MATERIALIZED (
    {{kept}}
),
moves AS (
    SELECT conversation_id, step_id, lead(step_id) OVER (PARTITION BY conversation_id ORDER BY pos) AS next_step
    FROM kept
),
ends AS (
    SELECT conversation_id, arg_max(step_id, pos) AS step_id FROM kept GROUP BY conversation_id
),
per_step AS (
    SELECT step_id, count(*) AS visits, count(DISTINCT conversation_id) AS conversations FROM kept GROUP BY step_id
),
reached AS (
    SELECT DISTINCT conversation_id FROM goals WHERE chatbot_id = :chatbot
),
per_end AS (
    SELECT e.step_id, count(*) AS endings, count(*) FILTER (WHERE r.conversation_id IS NULL) AS drop_offs
    FROM ends e
    LEFT JOIN reached r ON r.conversation_id = e.conversation_id
    GROUP BY e.step_id
)
SELECT 'conversations' AS kind, NULL AS a, NULL AS b, NULL AS label, count(*) AS n, NULL AS conversations, NULL AS endings,
       NULL AS drop_offs
FROM ends
UNION ALL
SELECT 'step', s.step_id, NULL, lb.step_name, s.visits, s.conversations, coalesce(e.endings, 0), coalesce(e.drop_offs, 0)
FROM per_step s
LEFT JOIN per_end e ON e.step_id = s.step_id
LEFT JOIN step_labels lb ON lb.chatbot_id = :chatbot AND lb.channel_id = '' AND lb.step_id = s.step_id
UNION ALL
SELECT 'edge', step_id, next_step, NULL, count(*), count(DISTINCT conversation_id), NULL, NULL
FROM moves
WHERE next_step IS NOT NULL
GROUP BY step_id, next_step
