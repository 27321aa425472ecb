-- report-goals-reached
-- Per period of their start (-1 for P, 0 for W) and goal id: the conversations started in W or P
-- with a goal event of that id, sent at any time (on the channel, for a channel report), each once.
-- The totals of the periods are a report-series of the same metric over the starts (no key).
-- {{starts}}: report-conversation-starts over W and P; {{channelFilter}}: as there.
SELECT 'GOALS_REACHED' AS metric,
       toInt64(if(start_ts < :from, -1, 0)) AS r_bucket,
       CAST(goal AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT conversation_id, start_ts FROM ({{starts}}))
ALL INNER JOIN (
    SELECT conversation_id, assumeNotNull(goal_id) AS goal
    FROM events_local
    WHERE chatbot_id = :chatbot {{channelFilter}} AND type = 'goal'
    GROUP BY conversation_id, goal
) USING conversation_id
GROUP BY r_bucket, r_key
