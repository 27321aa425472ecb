-- V18: event ids are kept as the 128 bits of their MD5 digest, not as strings.
-- `event_ids` exists only so that an id sent again is known as a duplicate, across restarts and
-- erasures. Its two strings (chatbot id and event id, each appended through a call into DuckDB's
-- library and copied four times more before it is on disk) were the largest share of what a commit
-- group writes. A row is now three numbers: the chatbot's key (ChatbotKey, so ids can be counted
-- and dropped per chatbot) and the digest of `chatbotId/eventId` in two halves, `fp` (the bytes
-- 0..7, little-endian, as V5 computed it; the writer keeps these in memory) and `fp2` (the bytes
-- 8..15). Two different ids of the store are taken for one only if their MD5 digests are equal
-- (docs/foundation.md, "Idempotency"). Keeping the digest rather than the id also keeps the ids
-- of erased events without keeping what an id may say.

CREATE TABLE event_ids_v18 (
    chatbot_key BIGINT NOT NULL,
    fp          BIGINT NOT NULL,
    fp2         BIGINT NOT NULL
);

INSERT INTO event_ids_v18
SELECT CAST(md5_number_upper(chatbot_id) >> 1 AS BIGINT),
       fp,
       CAST(CAST(md5_number(chatbot_id || '/' || event_id) >> 64 AS HUGEINT)
            - CASE WHEN (md5_number(chatbot_id || '/' || event_id) >> 127) & 1 = 1 THEN CAST(18446744073709551616 AS HUGEINT) ELSE 0 END
            AS BIGINT)
FROM event_ids;

DROP TABLE event_ids;

ALTER TABLE event_ids_v18 RENAME TO event_ids;
