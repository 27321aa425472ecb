-- paths-from-step
-- The {{kept}} of paths.sql when the report starts at :fromStep: each path from its first visit of
-- :fromStep on; conversations whose path never visits it have none.
SELECT p.conversation_id, p.step_id, p.next_step
FROM path p
JOIN (SELECT conversation_id, min(pos) AS first FROM path WHERE step_id = :fromStep GROUP BY conversation_id) c
  ON c.conversation_id = p.conversation_id
WHERE p.pos >= c.first
