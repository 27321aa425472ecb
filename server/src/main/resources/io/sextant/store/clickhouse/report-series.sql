-- report-series
-- A series without buckets: per period (−1 for P, 0 for W) and key, the number of rows of the source
-- and the sum of their values. Rows in the common shape of the report (ClickHouseReportStore).
-- {{metric}}: the metric's name; {{source}}: rows with ts up to :to; {{key}}: an expression of the
-- source (NULL for none); {{value}}: the aggregate of the value (toFloat64(count()) or a sum).
SELECT '{{metric}}' AS metric,
       toInt64(if(ts < :from, -1, 0)) AS r_bucket,
       CAST({{key}} AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST({{value}} AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM ({{source}})
GROUP BY r_bucket, r_key
