WITH conv AS MATERIALIZED (SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS b FROM (SELECT conversation_id, start_ts AS ts, start_channel AS channel_id, language, messages, first_message_ts, last_message_ts FROM conversations WHERE chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :convLo AND :to)),
bucket_starts AS MATERIALIZED (SELECT unnest(CAST(:starts AS BIGINT[])) AS s, generate_subscripts(CAST(:starts AS BIGINT[]), 1) - 1 AS i),
msg AS MATERIALIZED (SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS b FROM (SELECT ts, direction, length FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :msgLo AND :to)),
crossing AS MATERIALIZED (SELECT conversation_id, first_message_ts, last_message_ts FROM conv WHERE b >= 0 AND (first_message_ts < :from OR last_message_ts > :to)),
outside AS MATERIALIZED (SELECT conversation_id, count(*) AS n FROM (SELECT conversation_id FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts < :from AND ts >= (SELECT min(first_message_ts) FROM crossing) AND conversation_id IN (SELECT conversation_id FROM crossing WHERE first_message_ts < :from) UNION ALL SELECT conversation_id FROM messages WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts > :to AND ts <= (SELECT max(last_message_ts) FROM crossing) AND conversation_id IN (SELECT conversation_id FROM crossing WHERE last_message_ts > :to)) GROUP BY conversation_id),
intent_w AS MATERIALIZED (SELECT intent, score FROM intents WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :from AND :to),
ix AS MATERIALIZED (SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS b FROM (SELECT ts FROM interactions WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :ixLo AND :to)),
cl AS MATERIALIZED (SELECT *, CASE WHEN ts < :from THEN -1 ELSE 0 END AS b FROM (SELECT ts, duration_seconds, user_inputs, end_reason, exit_step, transfer_target FROM calls WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :callLo AND :to))
SELECT 'CONVERSATIONS' AS part, CASE a.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.i END::BIGINT AS b, a.k::VARCHAR AS key, NULL::VARCHAR AS label, a.n::BIGINT AS n, a.x::DOUBLE AS x FROM (SELECT CASE WHEN b < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS k, count(*) AS n, count(*) AS x FROM conv GROUP BY ALL) a ASOF LEFT JOIN bucket_starts bs ON :anchor + a.slot * :grain >= bs.s
UNION ALL
SELECT 'CONVERSATION_LANGUAGES' AS part, NULL::BIGINT AS b, language::VARCHAR AS key, NULL::VARCHAR AS label, count(*)::BIGINT AS n, NULL::DOUBLE AS x FROM conv WHERE b >= 0 GROUP BY language
UNION ALL
SELECT 'MESSAGES' AS part, CASE a.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.i END::BIGINT AS b, a.k::VARCHAR AS key, NULL::VARCHAR AS label, a.n::BIGINT AS n, a.x::DOUBLE AS x FROM (SELECT CASE WHEN b < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, direction AS k, count(*) AS n, count(*) AS x FROM msg GROUP BY ALL) a ASOF LEFT JOIN bucket_starts bs ON :anchor + a.slot * :grain >= bs.s
UNION ALL
SELECT 'USER_MESSAGE_LENGTH' AS part, NULL::BIGINT AS b, NULL::VARCHAR AS key, NULL::VARCHAR AS label, m.n::BIGINT AS n, m.x::DOUBLE AS x FROM (SELECT n, lo + (hi - lo) * (pos - floor(pos)) AS x
FROM (SELECT coalesce(max(n), 0) AS n, max(pos) AS pos,
             min(v) FILTER (WHERE upto > floor(pos)) AS lo, min(v) FILTER (WHERE upto > ceil(pos)) AS hi
      FROM (SELECT v, sum(c) OVER (ORDER BY v) AS upto, sum(c) OVER () AS n, CAST(0.5 AS DOUBLE) * (sum(c) OVER () - 1) AS pos
            FROM (SELECT length AS v, count(*) AS c FROM msg WHERE b >= 0 AND direction = 'user' GROUP BY ALL)))) m
UNION ALL
SELECT 'MESSAGES_PER_CONVERSATION' AS part, NULL::BIGINT AS b, NULL::VARCHAR AS key, NULL::VARCHAR AS label, m.n::BIGINT AS n, m.x::DOUBLE AS x FROM (SELECT n, lo + (hi - lo) * (pos - floor(pos)) AS x
FROM (SELECT coalesce(max(n), 0) AS n, max(pos) AS pos,
             min(v) FILTER (WHERE upto > floor(pos)) AS lo, min(v) FILTER (WHERE upto > ceil(pos)) AS hi
      FROM (SELECT v, sum(c) OVER (ORDER BY v) AS upto, sum(c) OVER () AS n, CAST(0.5 AS DOUBLE) * (sum(c) OVER () - 1) AS pos
            FROM (SELECT conv.messages - coalesce(o.n, 0) AS v, count(*) AS c FROM conv LEFT JOIN outside o ON o.conversation_id = conv.conversation_id WHERE conv.b >= 0 GROUP BY ALL)))) m
UNION ALL
SELECT 'INTENTS' AS part, NULL::BIGINT AS b, intent::VARCHAR AS key, NULL::VARCHAR AS label, count(*)::BIGINT AS n, NULL::DOUBLE AS x FROM intent_w GROUP BY intent
UNION ALL
SELECT 'INTENT_SCORE' AS part, NULL::BIGINT AS b, NULL::VARCHAR AS key, NULL::VARCHAR AS label, m.n::BIGINT AS n, m.x::DOUBLE AS x FROM (SELECT n, lo + (hi - lo) * (pos - floor(pos)) AS x
FROM (SELECT coalesce(max(n), 0) AS n, max(pos) AS pos,
             min(v) FILTER (WHERE upto > floor(pos)) AS lo, min(v) FILTER (WHERE upto > ceil(pos)) AS hi
      FROM (SELECT v, sum(c) OVER (ORDER BY v) AS upto, sum(c) OVER () AS n, CAST(0.5 AS DOUBLE) * (sum(c) OVER () - 1) AS pos
            FROM (SELECT score AS v, count(*) AS c FROM intent_w GROUP BY ALL)))) m
UNION ALL
SELECT 'STEPS' AS part, NULL::BIGINT AS b, h.step_id::VARCHAR AS key, lb.step_name::VARCHAR AS label, h.n::BIGINT AS n, NULL::DOUBLE AS x FROM (SELECT step_id, count(*) AS n FROM steps WHERE chatbot_id = :chatbot AND channel_id = :channel AND ts BETWEEN :from AND :to GROUP BY step_id) h LEFT JOIN step_labels lb ON lb.chatbot_id = :chatbot AND lb.channel_id = '' AND lb.step_id = h.step_id
UNION ALL
SELECT 'INTERACTIONS' AS part, CASE a.slot WHEN -2 THEN -1 WHEN -1 THEN 0 ELSE bs.i END::BIGINT AS b, a.k::VARCHAR AS key, NULL::VARCHAR AS label, a.n::BIGINT AS n, a.x::DOUBLE AS x FROM (SELECT CASE WHEN b < 0 THEN -2 WHEN ts < :anchor THEN -1 ELSE (ts - :anchor) // :grain END AS slot, NULL AS k, count(*) AS n, count(*) AS x FROM ix GROUP BY ALL) a ASOF LEFT JOIN bucket_starts bs ON :anchor + a.slot * :grain >= bs.s
UNION ALL
SELECT 'CALL_SECONDS' AS part, b::BIGINT AS b, NULL::VARCHAR AS key, NULL::VARCHAR AS label, count(*)::BIGINT AS n, sum(duration_seconds)::DOUBLE AS x FROM cl GROUP BY ALL
UNION ALL
SELECT 'CALL_DURATION' AS part, NULL::BIGINT AS b, NULL::VARCHAR AS key, NULL::VARCHAR AS label, m.n::BIGINT AS n, m.x::DOUBLE AS x FROM (SELECT n, lo + (hi - lo) * (pos - floor(pos)) AS x
FROM (SELECT coalesce(max(n), 0) AS n, max(pos) AS pos,
             min(v) FILTER (WHERE upto > floor(pos)) AS lo, min(v) FILTER (WHERE upto > ceil(pos)) AS hi
      FROM (SELECT v, sum(c) OVER (ORDER BY v) AS upto, sum(c) OVER () AS n, CAST(0.5 AS DOUBLE) * (sum(c) OVER () - 1) AS pos
            FROM (SELECT duration_seconds AS v, count(*) AS c FROM cl WHERE b >= 0 GROUP BY ALL)))) m
UNION ALL
SELECT 'CALL_USER_INPUTS' AS part, NULL::BIGINT AS b, NULL::VARCHAR AS key, NULL::VARCHAR AS label, m.n::BIGINT AS n, m.x::DOUBLE AS x FROM (SELECT n, lo + (hi - lo) * (pos - floor(pos)) AS x
FROM (SELECT coalesce(max(n), 0) AS n, max(pos) AS pos,
             min(v) FILTER (WHERE upto > floor(pos)) AS lo, min(v) FILTER (WHERE upto > ceil(pos)) AS hi
      FROM (SELECT v, sum(c) OVER (ORDER BY v) AS upto, sum(c) OVER () AS n, CAST(0.5 AS DOUBLE) * (sum(c) OVER () - 1) AS pos
            FROM (SELECT user_inputs AS v, count(*) AS c FROM cl WHERE b >= 0 GROUP BY ALL)))) m
UNION ALL
SELECT 'CALL_EXIT_STEPS' AS part, NULL::BIGINT AS b, exit_step::VARCHAR AS key, NULL::VARCHAR AS label, count(*)::BIGINT AS n, NULL::DOUBLE AS x FROM cl WHERE b >= 0 GROUP BY exit_step
UNION ALL
SELECT 'CALL_END_REASONS' AS part, NULL::BIGINT AS b, end_reason::VARCHAR AS key, NULL::VARCHAR AS label, count(*)::BIGINT AS n, NULL::DOUBLE AS x FROM cl WHERE b >= 0 GROUP BY end_reason
UNION ALL
SELECT 'CALL_TRANSFER_TARGETS' AS part, NULL::BIGINT AS b, transfer_target::VARCHAR AS key, NULL::VARCHAR AS label, count(*)::BIGINT AS n, NULL::DOUBLE AS x FROM cl WHERE b >= 0 AND transfer_target IS NOT NULL GROUP BY transfer_target;

-- bound values
-- :anchor = 1709337600000
-- :callLo = 1708646400000
-- :channel = 'web'
-- :chatbot = 'bot-1'
-- :convLo = 1708646400000
-- :from = 1709251200000
-- :grain = 86400000
-- :ixLo = 1708646400000
-- :msgLo = 1708646400000
-- :rollupChannel = 'web'
-- :starts = '[1709251200000,1709337600000,1709424000000,1709510400000,1709596800000,1709683200000,1709769600000]'
-- :to = 1709855999999
