-- report-distribution
-- A distribution over W: the number of rows of the source per key (NULL: the rows have none).
-- {{metric}}; {{source}}: the rows; {{key}}: an expression of the source.
SELECT '{{metric}}' AS metric,
       toInt64(0) AS r_bucket,
       CAST({{key}} AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM ({{source}})
GROUP BY r_key
