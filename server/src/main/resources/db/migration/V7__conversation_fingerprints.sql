-- V7: the conversations rollup loses its primary-key index and gains a fingerprint, as event_ids did
-- in V5. Merging every commit group's conversations through the index (INSERT … ON CONFLICT DO
-- UPDATE) had become the largest part of the writer's time. The writer holds the fingerprints in
-- memory, appends the rows it starts, and updates only rows whose fingerprint it knows (Rollups).
-- fp is the lower 64 bits of md5(chatbot_id || '/' || channel_id || '/' || conversation_id), as a
-- signed BIGINT (see Fingerprints). The rows keep their order: the backfill's (chatbot, start).

CREATE TABLE conversations_v7 (
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
    fp               BIGINT NOT NULL
);

INSERT INTO conversations_v7
SELECT *,
       CAST(CAST(md5_number(chatbot_id || '/' || channel_id || '/' || conversation_id) & 18446744073709551615 AS HUGEINT)
            - CASE WHEN (md5_number(chatbot_id || '/' || channel_id || '/' || conversation_id) >> 63) & 1 = 1
                   THEN CAST(18446744073709551616 AS HUGEINT) ELSE 0 END
            AS BIGINT)
FROM conversations ORDER BY rowid;

DROP TABLE conversations;

ALTER TABLE conversations_v7 RENAME TO conversations;
