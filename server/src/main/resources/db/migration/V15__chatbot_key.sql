-- V15: a numeric key of the chatbot first in event_rollups (ChatbotKey). DuckDB keeps only the first
-- 8 bytes of a string in a row group's min and max, so the zone maps of chatbot_id cannot tell apart
-- chatbots whose ids share a prefix (demo-cityhall, demo-cityhall-2 …): a report of one of them read
-- the row groups of all. chatbot_key is 63 bits of the MD5 of the id, exact in the zone maps; the
-- reports filter on it and on chatbot_id. The table is rebuilt in its new order (Clustering), so its
-- tail starts at 0.
CREATE TABLE event_rollups_keyed (
    chatbot_key BIGINT  NOT NULL,  -- CAST(md5_number_upper(chatbot_id) >> 1 AS BIGINT)
    chatbot_id  VARCHAR NOT NULL,
    channel_id  VARCHAR NOT NULL,
    grain       BIGINT  NOT NULL,
    start_ts    BIGINT  NOT NULL,
    metric      VARCHAR NOT NULL,
    key         VARCHAR,
    num         DOUBLE,
    n           BIGINT  NOT NULL,
    total       DOUBLE
);

INSERT INTO event_rollups_keyed
SELECT CAST(md5_number_upper(chatbot_id) >> 1 AS BIGINT), chatbot_id, channel_id, grain, start_ts, metric, key, num, n, total
FROM event_rollups
ORDER BY 1, chatbot_id, metric, channel_id, grain, start_ts;

DROP TABLE event_rollups;

ALTER TABLE event_rollups_keyed RENAME TO event_rollups;

UPDATE table_order SET tail = 0 WHERE table_name = 'event_rollups';
