-- report-median
-- The two samples the median needs, and the number of samples n, of the values v of the source:
-- the values are counted per distinct value, sorted, and the samples at the 0-based positions
-- ⌊(n−1)/2⌋ (lo) and ⌈(n−1)/2⌉ = ⌊n/2⌋ (hi) are read off the running counts; the store then
-- interpolates them in Java with io.sextant.stats.Percentile, so the median is the reference's to
-- the last bit. No row without samples.
-- {{metric}}; {{source}}: rows with a column v.
SELECT '{{metric}}' AS metric,
       toInt64(0) AS r_bucket,
       CAST(NULL AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(n) AS r_count,
       CAST(lo AS Nullable(Float64)) AS r_value,
       CAST(hi AS Nullable(Float64)) AS r_value2
FROM (SELECT sum(c) AS n,
             arraySort(groupArray((x, c))) AS vc,
             arrayCumSum(arrayMap(t -> t.2, vc)) AS upto,
             vc[arrayFirstIndex(u -> u > intDiv(n - 1, 2), upto)].1 AS lo,
             vc[arrayFirstIndex(u -> u > intDiv(n, 2), upto)].1 AS hi
      FROM (SELECT toFloat64(v) AS x, count() AS c FROM ({{source}}) GROUP BY x))
WHERE n > 0
