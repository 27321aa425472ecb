-- segment-rating
-- Segments (SegmentSql): (conversation_id, v) of every rated conversation of the chatbot, v its
-- latest rating (by ts, then seq): the score as text ('1' … '5') or the thumbs ('up', 'down'); a
-- rating has exactly one of them.
SELECT conversation_id, arg_max(coalesce(CAST(score AS VARCHAR), thumbs), (ts, seq)) AS v
FROM ratings
WHERE chatbot_no = :chatbotNo
GROUP BY conversation_id
