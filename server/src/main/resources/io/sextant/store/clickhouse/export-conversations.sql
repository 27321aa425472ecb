-- export-conversations
-- The conversations export: one row per conversation of the chatbot whose start (its earliest
-- conversation.started, on any channel) is in [:from, :to], ordered by start, then id; counts over
-- its events at any time (see ClickHouseExportDataStore). '' stands for none in the text columns
-- that joins fill (no language, intent, call, channel type). The channel type is looked up among
-- the chatbot's channels, bound as :channelIds and :channelTypes (as in
-- report-conversation-channel-types.sql).
-- {{firstThreads}}: inbox-threads.sql, first threads only; {{segmentFilter}}: empty, or the condition
-- of a segment's conversations (SegmentSql.restrict): the others are left out of the aggregation, so
-- the joins find nothing for them.
SELECT conversation_id, start_channel,
       CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), start_channel)] AS channel_type,
       started_at, conv_language,
       messages, user_messages, bot_messages, agent_messages, intent_hits, top_intent, steps, interactions,
       calls, duration, last_end_reason, handed_over, first_response, resolution
FROM (
    SELECT * FROM (
        SELECT conversation_id,
               minIf(ts, type = 'conversation.started') AS started_at,
               argMinIf(channel_id, (ts, seq), type = 'conversation.started') AS start_channel,
               argMaxIf(ifNull(language, ''), (ts, seq),
                        type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL) AS conv_language,
               countIf(type = 'message') AS messages,
               countIf(type = 'message' AND ifNull(direction, '') = 'user') AS user_messages,
               countIf(type = 'message' AND ifNull(direction, '') = 'bot') AS bot_messages,
               countIf(type = 'message' AND ifNull(direction, '') = 'agent') AS agent_messages,
               countIf(type = 'intent') AS intent_hits,
               countIf(type = 'step') AS steps,
               countIf(type = 'interaction') AS interactions,
               countIf(type = 'call.ended') AS calls,
               sumIf(ifNull(duration_seconds, 0), type = 'call.ended') AS duration,
               -- the end reason of the latest call.ended
               argMaxIf(ifNull(end_reason, ''), (ts, seq), type = 'call.ended') AS last_end_reason
        FROM events_local
        WHERE chatbot_id = :chatbot{{segmentFilter}}
        GROUP BY conversation_id
        HAVING countIf(type = 'conversation.started') > 0 AND started_at BETWEEN :from AND :to
    ) ANY LEFT JOIN (
        -- the most frequent intent (ties: the first in byte order)
        SELECT conversation_id, argMin(intent, (0 - toInt64(n), intent)) AS top_intent
        FROM (SELECT conversation_id, assumeNotNull(intent) AS intent, count() AS n
              FROM events_local WHERE chatbot_id = :chatbot AND type = 'intent'
              GROUP BY conversation_id, intent)
        GROUP BY conversation_id
    ) USING conversation_id
) ANY LEFT JOIN (
    SELECT conversation_id, toUInt8(1) AS handed_over,
           first_response_at - opened_at AS first_response, closed_at - opened_at AS resolution
    FROM ({{firstThreads}})
) USING conversation_id
ORDER BY started_at, conversation_id
