-- report-understood-intents
-- Per period (-1 for P, 0 for W): the intent events in W or P (r_count; on the channel, for a channel
-- report) and those understood under the chatbot's settings, bound by the caller (r_value): the
-- intent is none of :fallbackIntents (an array, maybe empty) and the score is at least
-- :understoodThreshold.
-- {{channelFilter}}: empty, or AND channel_id = :channel.
SELECT 'UNDERSTOOD_INTENTS' AS metric,
       toInt64(if(ts < :from, -1, 0)) AS r_bucket,
       CAST(NULL AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(toFloat64(countIf((NOT has(CAST(:fallbackIntents AS Array(String)), assumeNotNull(intent)))
                              AND assumeNotNull(score) >= :understoodThreshold)) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM events_local
WHERE chatbot_id = :chatbot {{channelFilter}} AND type = 'intent' AND ts BETWEEN :previousFrom AND :to
GROUP BY r_bucket
