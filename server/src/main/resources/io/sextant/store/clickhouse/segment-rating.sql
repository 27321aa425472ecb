-- segment-rating
-- Segments (SegmentSql): (conversation_id, v) of every rated conversation of the chatbot, v its
-- latest rating (by ts, then seq): the score as text ('1' … '5') or the thumbs ('up', 'down'); a
-- rating has exactly one of them.
SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id
