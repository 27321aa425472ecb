-- V16: V15's chatbot key in the conversations rollup too (ChatbotKey), last, and first in the
-- table's order: the reports' crossing conversations, segments and the daily export filter
-- conversations by chatbot, and the ids' zone maps (8 bytes) could not skip the row groups of other
-- chatbots with the same prefix. The table is rebuilt in its new order (Clustering), so its tail
-- starts at 0.
CREATE TABLE conversations_v16 (
    chatbot_id       VARCHAR NOT NULL,
    channel_id       VARCHAR NOT NULL,
    conversation_id  VARCHAR NOT NULL,
    start_ts         BIGINT,
    start_seq        BIGINT,
    start_channel    VARCHAR,
    language         VARCHAR,
    language_ts      BIGINT,
    language_seq     BIGINT,
    messages         BIGINT NOT NULL,
    first_message_ts BIGINT,
    last_message_ts  BIGINT,
    fp               BIGINT NOT NULL,
    chatbot_key      BIGINT NOT NULL   -- CAST(md5_number_upper(chatbot_id) >> 1 AS BIGINT)
);

INSERT INTO conversations_v16
SELECT *, CAST(md5_number_upper(chatbot_id) >> 1 AS BIGINT) AS chatbot_key
FROM conversations
ORDER BY chatbot_key, chatbot_id, channel_id, start_ts;

DROP TABLE conversations;

ALTER TABLE conversations_v16 RENAME TO conversations;

UPDATE table_order SET tail = 0 WHERE table_name = 'conversations';
