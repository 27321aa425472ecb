-- report-ratings
-- Per period (-1 for P, 0 for W) and key: the rating events in W or P (on the channel, for a channel
-- report), keyed by their score ('1' to '5') or their thumbs ('up', 'down').
-- {{channelFilter}}: empty, or AND channel_id = :channel.
SELECT 'RATINGS' AS metric,
       toInt64(if(ts < :from, -1, 0)) AS r_bucket,
       CAST(coalesce(toString(rating_score), thumbs) AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM events_local
WHERE chatbot_id = :chatbot {{channelFilter}} AND type = 'rating' AND ts BETWEEN :previousFrom AND :to
GROUP BY r_bucket, r_key
