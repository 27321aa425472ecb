-- report-conversation-rate
-- A conversation rate of the quality KPIs: per period of their start (-1 for P, 0 for W), the
-- conversations started in W or P (r_count) and those of them whose fact meets {{condition}}
-- (r_value). {{facts}} has one row (conversation_id, fact) per conversation it knows, from events
-- sent at any time; a conversation it does not know has fact 0 (ANY LEFT JOIN fills in the default).
-- {{metric}}; {{starts}}: report-conversation-starts over W and P; {{facts}}; {{condition}}: on fact.
SELECT '{{metric}}' AS metric,
       toInt64(if(start_ts < :from, -1, 0)) AS r_bucket,
       CAST(NULL AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(toFloat64(countIf({{condition}})) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT conversation_id, start_ts FROM ({{starts}}))
ANY LEFT JOIN ({{facts}}) USING conversation_id
GROUP BY r_bucket
