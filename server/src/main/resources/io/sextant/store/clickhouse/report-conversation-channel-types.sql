-- report-conversation-channel-types
-- The conversations started in W by the type of the channel of their start ('' when the chatbot has
-- no such channel, read as null). The chatbot's channels are bound: :channelIds and :channelTypes,
-- in the same order, read through the channel store (on the node channels are written to), so the
-- statement needs no other table than the events of the chatbot's shard. indexOf is 0 for an id not
-- among them, and element 0 of an array is its type's default, ''. The arrays are cast, as an empty
-- one would otherwise have no type on 18.16.
-- {{starts}}: report-conversation-starts over W.
SELECT 'CONVERSATION_CHANNEL_TYPES' AS metric,
       toInt64(0) AS r_bucket,
       CAST(nullIf(CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), start_channel)], '')
            AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM ({{starts}})
GROUP BY r_key
