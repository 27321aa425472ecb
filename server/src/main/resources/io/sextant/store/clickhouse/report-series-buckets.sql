-- report-series-buckets
-- A series with buckets: the source's rows are counted (and {{value}} summed) per slot of the bucket
-- grid and key first (BucketSlots; −2 for the previous period P), then only those aggregates are
-- put into their bucket by a search among the bound bucket starts (−1 for P).
-- {{metric}}, {{source}}, {{key}}: as in report-series; {{value}}: the per-slot aggregate (count()
-- or a sum), summed again per bucket.
SELECT '{{metric}}' AS metric,
       toInt64(if(slot = -2, -1, {{bucketOfSlot slot}})) AS r_bucket,
       CAST(k AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(sum(n)) AS r_count,
       CAST(sum(v) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT if(ts < :from, -2, {{slotOf ts}}) AS slot, {{key}} AS k, count() AS n, {{value}} AS v
      FROM ({{source}})
      GROUP BY slot, k)
GROUP BY r_bucket, r_key
