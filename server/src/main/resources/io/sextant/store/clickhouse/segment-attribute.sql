-- segment-attribute
-- Segments (SegmentSql): (conversation_id, v) of every conversation of the chatbot that has the
-- attribute whose key is bound as {{key}} (a name, never request text), v its value on the latest
-- (by ts, then seq) conversation.started that carries the key.
SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, {{key}})], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, {{key}})
GROUP BY conversation_id
