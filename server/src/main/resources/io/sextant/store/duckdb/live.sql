-- live
-- The live view of :chatbot: every event (one row per event, of every event table; not
-- conversation_attributes, whose rows are keys of conversation.started events) with a time in
-- [:first, :last], the 60-second spans counted; then the conversations active in (:activeAfter, :now].
-- {{recent TABLE}}: the conversation_id and ts of TABLE's rows of :chatbot in [:first, :last]
-- (on :channel, when the view is of one channel).
-- Rows: (-1, active conversations); (k, events in [:first + k·60 s, :first + (k+1)·60 s − 1 ms]) for
-- every k that has events.
WITH recent AS MATERIALIZED (
    {{recent conversation_events}}
    UNION ALL {{recent messages}}
    UNION ALL {{recent intents}}
    UNION ALL {{recent steps}}
    UNION ALL {{recent interactions}}
    UNION ALL {{recent calls}}
    UNION ALL {{recent inbox_events}}
    UNION ALL {{recent goals}}
    UNION ALL {{recent ratings}}
)
SELECT -1 AS minute, count(DISTINCT conversation_id) AS n FROM recent WHERE ts > :activeAfter AND ts <= :now
UNION ALL
SELECT (ts - :first) // 60000 AS minute, count(*) AS n FROM recent GROUP BY minute
