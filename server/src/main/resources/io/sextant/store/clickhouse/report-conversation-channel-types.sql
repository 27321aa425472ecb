-- report-conversation-channel-types
-- The conversations started in W by the type of the channel of their start (the channel's latest
-- row by version; '' when it has none, read as null).
-- {{starts}}: report-conversation-starts over W.
SELECT 'CONVERSATION_CHANNEL_TYPES' AS metric,
       toInt64(0) AS r_bucket,
       CAST(nullIf(channel_type, '') AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT start_channel AS channel_id FROM ({{starts}}))
ANY LEFT JOIN (
    SELECT channel_id, argMax(type, version) AS channel_type FROM channels WHERE chatbot_id = :chatbot GROUP BY channel_id
) USING channel_id
GROUP BY r_key
