-- report-conversation-languages
-- The conversations started in W by their language: the language of their latest (by ts, then
-- seq) conversation.started or conversation.language that has one, sent at any time (on the
-- channel, for a channel report); '' when none, read as null.
-- {{starts}}: report-conversation-starts over W; {{channelFilter}}: as there.
SELECT 'CONVERSATION_LANGUAGES' AS metric,
       toInt64(0) AS r_bucket,
       CAST(nullIf(latest_language, '') AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT conversation_id FROM ({{starts}}))
ANY LEFT JOIN (
    SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS latest_language
    FROM events_local
    WHERE chatbot_id = :chatbot {{channelFilter}} AND type IN ('conversation.started', 'conversation.language')
      AND language IS NOT NULL
    GROUP BY conversation_id
) USING conversation_id
GROUP BY r_key
