-- V9: mergeable aggregates of the event tables per UTC day (and for the series msg, ia and call per
-- UTC hour too: their buckets and previous period need them), kept by the ingestion
-- writer in the same transaction as the events (EventRollups), so a report over a long window reads
-- a few rows per hour instead of every event. A report uses a span only when the whole span lies in
-- one of its periods and buckets; edges and spans cut by a bucket start come from the events.
--
-- One row per (chatbot, channel, grain, start, metric, key, num) once compacted; before that, a
-- commit group's rows for a span sit beside earlier groups' rows: every column but n and total is
-- the identity of the row, n and total add up.
--
-- metric: msg (key = direction), len (num = length of a user message), int (key = intent),
-- isc (num = score), stp (key = step id), ia (interactions), call (total = sum of durationSeconds),
-- cdur (num = durationSeconds), cin (num = userInputs), cexit (key = exitStep, null: none),
-- cend (key = endReason), ctr (key = transferTarget; calls without one have no row).

CREATE TABLE event_rollups (
    chatbot_id VARCHAR NOT NULL,
    channel_id VARCHAR NOT NULL,
    grain      BIGINT  NOT NULL,   -- 3600000 (UTC hour) or 86400000 (UTC day)
    start_ts   BIGINT  NOT NULL,   -- the span's first millisecond, a multiple of grain
    metric     VARCHAR NOT NULL,
    key        VARCHAR,
    num        DOUBLE,
    n          BIGINT  NOT NULL,   -- events
    total      DOUBLE              -- sum of durationSeconds (call), else null
);

INSERT INTO event_rollups
WITH grains(grain) AS (VALUES (3600000), (86400000)),
rows AS (
    SELECT chatbot_id, channel_id, ts, 'msg' AS metric, direction AS key, CAST(NULL AS DOUBLE) AS num, CAST(NULL AS DOUBLE) AS v FROM messages
    UNION ALL SELECT chatbot_id, channel_id, ts, 'len', NULL, length, NULL FROM messages WHERE direction = 'user'
    UNION ALL SELECT chatbot_id, channel_id, ts, 'int', intent, NULL, NULL FROM intents
    UNION ALL SELECT chatbot_id, channel_id, ts, 'isc', NULL, score, NULL FROM intents
    UNION ALL SELECT chatbot_id, channel_id, ts, 'stp', step_id, NULL, NULL FROM steps
    UNION ALL SELECT chatbot_id, channel_id, ts, 'ia', NULL, NULL, NULL FROM interactions
    UNION ALL SELECT chatbot_id, channel_id, ts, 'call', NULL, NULL, duration_seconds FROM calls
    UNION ALL SELECT chatbot_id, channel_id, ts, 'cdur', NULL, duration_seconds, NULL FROM calls
    UNION ALL SELECT chatbot_id, channel_id, ts, 'cin', NULL, user_inputs, NULL FROM calls
    UNION ALL SELECT chatbot_id, channel_id, ts, 'cexit', exit_step, NULL, NULL FROM calls
    UNION ALL SELECT chatbot_id, channel_id, ts, 'cend', end_reason, NULL, NULL FROM calls
    UNION ALL SELECT chatbot_id, channel_id, ts, 'ctr', transfer_target, NULL, NULL FROM calls WHERE transfer_target IS NOT NULL
)
SELECT chatbot_id, channel_id, grain, ts - ((ts % grain) + grain) % grain AS start_ts, metric, key, num,
       count(*) AS n, sum(v) AS total
FROM rows, grains
WHERE grain = 86400000 OR metric IN ('msg', 'ia', 'call')
GROUP BY ALL
ORDER BY chatbot_id, grain, start_ts;
