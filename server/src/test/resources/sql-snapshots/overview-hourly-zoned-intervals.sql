-- the rollup rows (kept between reports): hours up to 2024-03-31T21:59:59.999Z, days up to none
SELECT metric, CAST(slot AS BIGINT) AS bucket, CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,
       CAST(sum(n) AS BIGINT) AS count, CAST(sum(v) AS DOUBLE) AS value, CAST(num AS DOUBLE) AS num
FROM (
    SELECT metric, CASE WHEN start_ts < :from THEN -2 WHEN start_ts < :anchor THEN -1 ELSE (start_ts - :anchor) // :grain END AS slot, key, num, n, CASE WHEN metric = 'call' THEN total ELSE n END AS v
    FROM event_rollups
    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND start_ts BETWEEN :series_rollups_from AND :series_rollups_to
      AND ((metric = 'cv' AND channel_id = :rollupChannel AND ((grain = 3600000 AND (start_ts BETWEEN :cv_hours_lo0 AND :cv_hours_hi0))))
        OR (metric = 'msg' AND ((grain = 3600000 AND (start_ts BETWEEN :msg_hours_lo0 AND :msg_hours_hi0))))
        OR (metric = 'ia' AND ((grain = 3600000 AND (start_ts BETWEEN :ia_hours_lo0 AND :ia_hours_hi0)))))
)
GROUP BY ALL;

-- bound values
-- :anchor = 1711843200000
-- :chatbot = 'bot-1'
-- :chatbotKey = 2638810034233364057
-- :cv_hours_hi0 = 1711922399999
-- :cv_hours_lo0 = 1711839600000
-- :from = 1711839600000
-- :grain = 3600000
-- :ia_hours_hi0 = 1711922399999
-- :ia_hours_lo0 = 1711839600000
-- :msg_hours_hi0 = 1711922399999
-- :msg_hours_lo0 = 1711839600000
-- :rollupChannel = ''
-- :series_rollups_from = 1711839600000
-- :series_rollups_to = 1711922399999

-- the rest
