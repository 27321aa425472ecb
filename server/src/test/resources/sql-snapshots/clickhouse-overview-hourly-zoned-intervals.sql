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
WHERE chatbot_id = :chatbot  AND type = 'conversation.started'
GROUP BY conversation_id
HAVING start_ts BETWEEN :from AND :to))
      GROUP BY slot, k)
GROUP BY r_bucket, r_key
UNION ALL
SELECT 'MESSAGES' AS metric,
       toInt64(if(slot = -2, -1, ((arrayCount(x -> x <= if(slot < 0, toInt64(:from), toInt64(:anchor) + slot * :grain), :starts) + 0 * slot) - 1))) AS r_bucket,
       CAST(k AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(sum(n)) AS r_count,
       CAST(sum(v) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT if(ts < :from, -2, if(ts < :anchor, -1, intDiv(ts - :anchor, :grain))) AS slot, direction AS k, count() AS n, count() AS v
      FROM (SELECT ts, direction FROM events_local WHERE chatbot_id = :chatbot AND type = 'message' AND ts BETWEEN :from AND :to)
      GROUP BY slot, k)
GROUP BY r_bucket, r_key
UNION ALL
SELECT 'INTERACTIONS' AS metric,
       toInt64(if(slot = -2, -1, ((arrayCount(x -> x <= if(slot < 0, toInt64(:from), toInt64(:anchor) + slot * :grain), :starts) + 0 * slot) - 1))) AS r_bucket,
       CAST(k AS Nullable(String)) AS r_key,
       CAST(NULL AS Nullable(String)) AS r_label,
       toUInt64(sum(n)) AS r_count,
       CAST(sum(v) AS Nullable(Float64)) AS r_value,
       CAST(NULL AS Nullable(Float64)) AS r_value2
FROM (SELECT if(ts < :from, -2, if(ts < :anchor, -1, intDiv(ts - :anchor, :grain))) AS slot, NULL AS k, count() AS n, count() AS v
      FROM (SELECT ts FROM events_local WHERE chatbot_id = :chatbot AND type = 'interaction' AND ts BETWEEN :from AND :to)
      GROUP BY slot, k)
GROUP BY r_bucket, r_key;

-- bound values
-- :anchor = 1711843200000
-- :chatbot = 'bot-1'
-- :from = 1711839600000
-- :grain = 3600000
-- :starts = [1711839600000, 1711843200000, 1711846800000, 1711850400000, 1711854000000, 1711857600000, 1711861200000, 1711864800000, 1711868400000, 1711872000000, 1711875600000, 1711879200000, 1711882800000, 1711886400000, 1711890000000, 1711893600000, 1711897200000, 1711900800000, 1711904400000, 1711908000000, 1711911600000, 1711915200000, 1711918800000]
-- :to = 1711922399999
