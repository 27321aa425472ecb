-- segment-attribute
-- Segments (SegmentSql): (conversation_id, v) of every conversation of the chatbot that has the
-- attribute whose key is bound as {{key}} (a name, never request text), v its value on the latest
-- (by ts, then seq) conversation.started that carries the key.
SELECT conversation_id, arg_max(value, (ts, seq)) AS v
FROM conversation_attributes
WHERE chatbot_no = :chatbotNo AND key = {{key}}
GROUP BY conversation_id
