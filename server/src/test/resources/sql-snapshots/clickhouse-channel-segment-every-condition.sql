SELECT 'CONVERSATIONS' AS metric,
       toInt64(if(slot = -2, -1, ((arrayCount(x -> x <= if(slot < 0, toInt64(:from), toInt64(:anchor) + slot * :grain), :starts) + 0 * slot) - 1))) AS r_bucket,
       CAST(k AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(sum(n)) AS r_count,
       CAST(sum(v) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT if(ts < :from, -2, if(ts < :anchor, -1, intDiv(ts - :anchor, :grain))) AS slot, NULL AS k, count() AS n, count() AS v
      FROM (SELECT start_ts AS ts FROM (SELECT conversation_id, min(ts) AS start_ts, argMin(channel_id, (ts, seq)) AS start_channel
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN :previousFrom AND :to))
      GROUP BY slot, k)
GROUP BY r_bucket, r_key
UNION ALL
SELECT 'CONVERSATION_LANGUAGES' AS metric,
       toInt64(0) AS r_bucket,
       CAST(nullIf(latest_language, '') AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT conversation_id FROM (SELECT conversation_id, min(ts) AS start_ts, argMin(channel_id, (ts, seq)) AS start_channel
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN :from AND :to))
ANY LEFT JOIN (
    SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS latest_language
    FROM events_local
    WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type IN ('conversation.started', 'conversation.language')
      AND language IS NOT NULL
    GROUP BY conversation_id
) USING conversation_id
GROUP BY r_key
UNION ALL
SELECT 'MESSAGES_PER_CONVERSATION' AS metric,
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
      FROM (SELECT toFloat64(v) AS x, count() AS c FROM (SELECT n AS v
FROM (SELECT conversation_id FROM (SELECT conversation_id, min(ts) AS start_ts, argMin(channel_id, (ts, seq)) AS start_channel
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN :from AND :to))
ANY LEFT JOIN (
    SELECT conversation_id, count() AS n
    FROM events_local
    WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'message' AND ts BETWEEN :from AND :to
    GROUP BY conversation_id
) USING conversation_id) GROUP BY x))
WHERE n > 0
UNION ALL
SELECT 'MESSAGES' AS metric,
       toInt64(if(slot = -2, -1, ((arrayCount(x -> x <= if(slot < 0, toInt64(:from), toInt64(:anchor) + slot * :grain), :starts) + 0 * slot) - 1))) AS r_bucket,
       CAST(k AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(sum(n)) AS r_count,
       CAST(sum(v) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT if(ts < :from, -2, if(ts < :anchor, -1, intDiv(ts - :anchor, :grain))) AS slot, direction AS k, count() AS n, count() AS v
      FROM (SELECT ts, direction FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'message' AND ts BETWEEN :previousFrom AND :to)
      GROUP BY slot, k)
GROUP BY r_bucket, r_key
UNION ALL
SELECT 'USER_MESSAGE_LENGTH' AS metric,
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
      FROM (SELECT toFloat64(v) AS x, count() AS c FROM (SELECT length AS v FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'message' AND ts BETWEEN :from AND :to AND direction = 'user') GROUP BY x))
WHERE n > 0
UNION ALL
SELECT 'INTENTS' AS metric,
       toInt64(0) AS r_bucket,
       CAST(intent AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT intent FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'intent' AND ts BETWEEN :from AND :to)
GROUP BY r_key
UNION ALL
SELECT 'INTENT_SCORE' AS metric,
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
      FROM (SELECT toFloat64(v) AS x, count() AS c FROM (SELECT score AS v FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'intent' AND ts BETWEEN :from AND :to) GROUP BY x))
WHERE n > 0
UNION ALL
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
    WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'step' AND ts BETWEEN :from AND :to
    GROUP BY step_id
)
ANY LEFT JOIN (
    SELECT assumeNotNull(step_id) AS step_id, argMax(assumeNotNull(step_name), (ts, seq)) AS label
    FROM events_local
    WHERE chatbot_id = :chatbot AND type = 'step' AND step_name IS NOT NULL
    GROUP BY step_id
) USING step_id
UNION ALL
SELECT 'INTERACTIONS' AS metric,
       toInt64(if(slot = -2, -1, ((arrayCount(x -> x <= if(slot < 0, toInt64(:from), toInt64(:anchor) + slot * :grain), :starts) + 0 * slot) - 1))) AS r_bucket,
       CAST(k AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(sum(n)) AS r_count,
       CAST(sum(v) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT if(ts < :from, -2, if(ts < :anchor, -1, intDiv(ts - :anchor, :grain))) AS slot, NULL AS k, count() AS n, count() AS v
      FROM (SELECT ts FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'interaction' AND ts BETWEEN :previousFrom AND :to)
      GROUP BY slot, k)
GROUP BY r_bucket, r_key
UNION ALL
SELECT 'CALL_SECONDS' AS metric,
       toInt64(if(ts < :from, -1, 0)) AS r_bucket,
       CAST(NULL AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(sum(duration) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT ts, assumeNotNull(duration_seconds) AS duration FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'call.ended' AND ts BETWEEN :previousFrom AND :to)
GROUP BY r_bucket, r_key
UNION ALL
SELECT 'CALL_DURATION' AS metric,
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
      FROM (SELECT toFloat64(v) AS x, count() AS c FROM (SELECT duration_seconds AS v FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'call.ended' AND ts BETWEEN :from AND :to) GROUP BY x))
WHERE n > 0
UNION ALL
SELECT 'CALL_USER_INPUTS' AS metric,
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
      FROM (SELECT toFloat64(v) AS x, count() AS c FROM (SELECT user_inputs AS v FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'call.ended' AND ts BETWEEN :from AND :to) GROUP BY x))
WHERE n > 0
UNION ALL
SELECT 'CALL_EXIT_STEPS' AS metric,
       toInt64(0) AS r_bucket,
       CAST(exit_step AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT exit_step FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'call.ended' AND ts BETWEEN :from AND :to)
GROUP BY r_key
UNION ALL
SELECT 'CALL_END_REASONS' AS metric,
       toInt64(0) AS r_bucket,
       CAST(end_reason AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT end_reason FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'call.ended' AND ts BETWEEN :from AND :to)
GROUP BY r_key
UNION ALL
SELECT 'CALL_TRANSFER_TARGETS' AS metric,
       toInt64(0) AS r_bucket,
       CAST(transfer_target AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT transfer_target FROM events_local WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'call.ended' AND ts BETWEEN :from AND :to AND transfer_target IS NOT NULL)
GROUP BY r_key
UNION ALL
SELECT 'CONTAINED_CONVERSATIONS' AS metric,
       toInt64(if(start_ts < :from, -1, 0)) AS r_bucket,
       CAST(NULL AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(toFloat64(countIf(fact = 0)) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT conversation_id, start_ts FROM (SELECT conversation_id, min(ts) AS start_ts, argMin(channel_id, (ts, seq)) AS start_channel
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN :previousFrom AND :to))
ANY LEFT JOIN (SELECT conversation_id, toUInt64(1) AS fact
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'inbox.opened'
GROUP BY conversation_id) USING conversation_id
GROUP BY r_bucket
UNION ALL
SELECT 'HANDED_OVER_CONVERSATIONS' AS metric,
       toInt64(if(start_ts < :from, -1, 0)) AS r_bucket,
       CAST(NULL AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(toFloat64(countIf(fact = 1)) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT conversation_id, start_ts FROM (SELECT conversation_id, min(ts) AS start_ts, argMin(channel_id, (ts, seq)) AS start_channel
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN :previousFrom AND :to))
ANY LEFT JOIN (SELECT conversation_id, toUInt64(1) AS fact
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'inbox.opened'
GROUP BY conversation_id) USING conversation_id
GROUP BY r_bucket
UNION ALL
SELECT 'ABANDONED_CONVERSATIONS' AS metric,
       toInt64(if(start_ts < :from, -1, 0)) AS r_bucket,
       CAST(NULL AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(toFloat64(countIf(fact <= 1)) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT conversation_id, start_ts FROM (SELECT conversation_id, min(ts) AS start_ts, argMin(channel_id, (ts, seq)) AS start_channel
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN :previousFrom AND :to))
ANY LEFT JOIN (SELECT conversation_id, toUInt64(count()) AS fact
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'message' AND direction = 'user'
GROUP BY conversation_id) USING conversation_id
GROUP BY r_bucket
UNION ALL
SELECT 'GOALS_REACHED' AS metric,
       toInt64(if(start_ts < :from, -1, 0)) AS r_bucket,
       CAST(goal AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT conversation_id, start_ts FROM (SELECT conversation_id, min(ts) AS start_ts, argMin(channel_id, (ts, seq)) AS start_channel
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN :previousFrom AND :to))
ALL INNER JOIN (
    SELECT conversation_id, assumeNotNull(goal_id) AS goal
    FROM events_local
    WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'goal'
    GROUP BY conversation_id, goal
) USING conversation_id
GROUP BY r_bucket, r_key
UNION ALL
SELECT 'GOALS_REACHED' AS metric,
       toInt64(if(ts < :from, -1, 0)) AS r_bucket,
       CAST(NULL AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(toFloat64(count()) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT start_ts AS ts FROM (SELECT conversation_id, min(ts) AS start_ts, argMin(channel_id, (ts, seq)) AS start_channel
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN :previousFrom AND :to))
GROUP BY r_bucket, r_key
UNION ALL
SELECT 'UNDERSTOOD_INTENTS' AS metric,
       toInt64(if(ts < :from, -1, 0)) AS r_bucket,
       CAST(NULL AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(toFloat64(countIf((NOT has(CAST(:fallbackIntents AS Array(String)), assumeNotNull(intent)))
                              AND assumeNotNull(score) >= :understoodThreshold)) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'intent' AND ts BETWEEN :previousFrom AND :to
GROUP BY r_bucket
UNION ALL
SELECT 'RATINGS' AS metric,
       toInt64(if(ts < :from, -1, 0)) AS r_bucket,
       CAST(coalesce(toString(rating_score), thumbs) AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(count()) AS r_count,
       CAST(NULL AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM events_local
WHERE chatbot_id = :chatbot AND channel_id = :channel AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id FROM (SELECT conversation_id, argMax(attribute_values[indexOf(attribute_keys, :segment0Key)], (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started' AND has(attribute_keys, :segment0Key)
GROUP BY conversation_id) WHERE v = :segment0) WHERE conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMin(channel_id, (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'conversation.started'
GROUP BY conversation_id) WHERE v = :segment1) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)) WHERE v = :segment2) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal') WHERE v = :segment3) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(goal_id) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'goal')) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, assumeNotNull(intent) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'intent') WHERE v = :segment6) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id, argMax(assumeNotNull(language), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type IN ('conversation.started', 'conversation.language') AND language IS NOT NULL
GROUP BY conversation_id) WHERE v = :segment7) AND conversation_id IN (SELECT conversation_id FROM (SELECT conversation_id,
       argMax(if(rating_score IS NULL, assumeNotNull(thumbs), toString(assumeNotNull(rating_score))), (ts, seq)) AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'rating'
GROUP BY conversation_id) WHERE v = :segment8) AND conversation_id NOT IN (SELECT conversation_id FROM (SELECT conversation_id, 'yes' AS v
FROM events_local
WHERE chatbot_id = :chatbot AND type = 'inbox.opened'))) AND type = 'rating' AND ts BETWEEN :previousFrom AND :to
GROUP BY r_bucket, r_key;

-- bound values
-- :anchor = 1709337600000
-- :channel = 'web'
-- :channelIds = [tg, web]
-- :channelTypes = [telegram, web]
-- :chatbot = 'bot-1'
-- :fallbackIntents = []
-- :from = 1709251200000
-- :grain = 86400000
-- :previousFrom = 1708646400000
-- :segment0 = 'spring:2025' OR 1=1'
-- :segment0Key = 'utm.source'
-- :segment1 = 'web'
-- :segment2 = 'web'
-- :segment3 = 'order'
-- :segment6 = 'refund'
-- :segment7 = 'de'
-- :segment8 = 'up'
-- :starts = [1709251200000, 1709337600000, 1709424000000, 1709510400000, 1709596800000, 1709683200000, 1709769600000]
-- :to = 1709855999999
-- :understoodThreshold = 0.0
