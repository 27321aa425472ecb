WITH conv AS MATERIALIZED (SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS b FROM (SELECT conversation_id, start_ts AS ts, start_channel AS channel_id, language, messages, first_message_ts, last_message_ts FROM conversations WHERE chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :convLo AND :to)),
bucket_starts AS MATERIALIZED (SELECT unnest(CAST(:starts AS BIGINT[])) AS s, generate_subscripts(CAST(:starts AS BIGINT[]), 1) - 1 AS i),
msg AS MATERIALIZED (SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS b FROM (SELECT ts, direction, length FROM messages WHERE chatbot_id = :chatbot AND ts BETWEEN :msgLo AND :to)),
ix AS MATERIALIZED (SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS b FROM (SELECT ts FROM interactions WHERE chatbot_id = :chatbot AND ts BETWEEN :ixLo AND :to))
SELECT 'CONVERSATIONS' AS part, CASE a.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.i END::BIGINT AS b, a.k::VARCHAR AS key, NULL::VARCHAR AS label, a.n::BIGINT AS n, a.x::DOUBLE AS x FROM (SELECT CASE WHEN b < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS k, count(*) AS n, count(*) AS x FROM conv GROUP BY ALL) a ASOF LEFT JOIN bucket_starts bs ON :anchor + a.slot * :grain >= bs.s
UNION ALL
SELECT 'MESSAGES' AS part, CASE a.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.i END::BIGINT AS b, a.k::VARCHAR AS key, NULL::VARCHAR AS label, a.n::BIGINT AS n, a.x::DOUBLE AS x FROM (SELECT CASE WHEN b < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS k, count(*) AS n, count(*) AS x FROM msg GROUP BY ALL) a ASOF LEFT JOIN bucket_starts bs ON :anchor + a.slot * :grain >= bs.s
UNION ALL
SELECT 'INTERACTIONS' AS part, CASE a.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.i END::BIGINT AS b, a.k::VARCHAR AS key, NULL::VARCHAR AS label, a.n::BIGINT AS n, a.x::DOUBLE AS x FROM (SELECT CASE WHEN b < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS k, count(*) AS n, count(*) AS x FROM ix GROUP BY ALL) a ASOF LEFT JOIN bucket_starts bs ON :anchor + a.slot * :grain >= bs.s;

-- bound values
-- :anchor = 1711843200000
-- :chatbot = 'bot-1'
-- :convLo = 1711839600000
-- :from = 1711839600000
-- :grain = 3600000
-- :ixLo = 1711839600000
-- :msgLo = 1711839600000
-- :rollupChannel = ''
-- :starts = '[1711839600000,1711843200000,1711846800000,1711850400000,1711854000000,1711857600000,1711861200000,1711864800000,1711868400000,1711872000000,1711875600000,1711879200000,1711882800000,1711886400000,1711890000000,1711893600000,1711897200000,1711900800000,1711904400000,1711908000000,1711911600000,1711915200000,1711918800000]'
-- :to = 1711922399999
