SELECT g.metric, g.bucket, CAST(g.key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label, g.count, g.value, CAST(g.num AS DOUBLE) AS num
FROM (SELECT metric, CAST(coalesce(slot, CASE WHEN metric IN ('cv', 'msg', 'ia') THEN CASE WHEN ts < :from THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END END) AS BIGINT) AS bucket, key, num,
             CAST(sum(n) AS BIGINT) AS count, CAST(sum(v) AS DOUBLE) AS value
      FROM (
        SELECT metric, start_ts AS ts, NULL AS slot, key, num, n, CASE WHEN metric = 'call' THEN total ELSE n END AS v
        FROM event_rollups
        WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND start_ts BETWEEN :rollupsFrom AND :rollupsTo
          AND ((metric = 'cv' AND channel_id = :rollupChannel AND ((grain = 3600000 AND (start_ts BETWEEN :cv_hours_lo0 AND :cv_hours_hi0))))
            OR (metric = 'msg' AND ((grain = 3600000 AND (start_ts BETWEEN :msg_hours_lo0 AND :msg_hours_hi0))))
            OR (metric = 'ia' AND ((grain = 3600000 AND (start_ts BETWEEN :ia_hours_lo0 AND :ia_hours_hi0)))))
      )
      GROUP BY ALL) g;

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
-- :rollupsFrom = 1711839600000
-- :rollupsTo = 1711922399999
-- :to = 1711922399999
