-- report-steps
-- step events in W by step id, each labelled with the step_name of the chatbot's latest step event
-- with that id that has one, on any channel (by ts, then seq); '' when none, read as null.
-- {{channelFilter}}: empty, or AND channel_id = :channel (the counts only, never the labels).
SELECT 'STEPS' AS metric,
       toInt64(0) AS r_bucket,
       CAST(step_id AS Nullable(String)) AS r_key,
       CAST(nullIf(label, '') AS Nullable(String)) AS r_label,
       toUInt64(n) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (
    SELECT assumeNotNull(step_id) AS step_id, count() AS n
    FROM events_local
    WHERE chatbot_id = :chatbot {{channelFilter}} AND type = 'step' AND ts BETWEEN :from AND :to
    GROUP BY step_id
)
ANY LEFT JOIN (
    SELECT assumeNotNull(step_id) AS step_id, argMax(assumeNotNull(step_name), (ts, seq)) AS label
    FROM events_local
    WHERE chatbot_id = :chatbot AND type = 'step' AND step_name IS NOT NULL
    GROUP BY step_id
) USING step_id
