-- live
-- The live view of :chatbot: (-1, conversations with an event of any type in (:activeAfter, :now]),
-- then (k, events in [:first + k·60 s, :first + (k+1)·60 s − 1 ms]) for every k in [:first, :last]
-- that has events. One row of events_local is one event.
-- {{channelFilter}}: empty, or AND channel_id = :channel.
SELECT toInt64(-1) AS minute, toUInt64(uniqExact(conversation_id)) AS n
FROM events_local
WHERE chatbot_id = :chatbot {{channelFilter}} AND ts > :activeAfter AND ts <= :now
UNION ALL
SELECT toInt64(intDiv(ts - :first, 60000)) AS minute, toUInt64(count()) AS n
FROM events_local
WHERE chatbot_id = :chatbot {{channelFilter}} AND ts BETWEEN :first AND :last
GROUP BY minute
