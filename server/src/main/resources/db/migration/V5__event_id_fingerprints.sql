-- V5: event ids lose their primary-key index and gain a fingerprint.
-- Keeping an ART index of every event id was the most expensive part of ingestion (an insert into
-- an index of tens of millions of string keys per event). The writer now holds the fingerprints in
-- memory and looks an id up in this table only when its fingerprint is known (see
-- DuckDbEventStore). The fingerprint is the lower 64 bits of md5(chatbot_id || '/' || event_id),
-- as a signed BIGINT: the bytes 0..7 of the digest, little-endian, as Java's IdFingerprints reads them.

CREATE TABLE event_ids_v5 (
    chatbot_id VARCHAR NOT NULL,
    event_id   VARCHAR NOT NULL,
    fp         BIGINT  NOT NULL
);

INSERT INTO event_ids_v5
SELECT chatbot_id, event_id,
       CAST(CAST(md5_number(chatbot_id || '/' || event_id) & 18446744073709551615 AS HUGEINT)
            - CASE WHEN (md5_number(chatbot_id || '/' || event_id) >> 63) & 1 = 1 THEN CAST(18446744073709551616 AS HUGEINT) ELSE 0 END
            AS BIGINT)
FROM event_ids;

DROP TABLE event_ids;

ALTER TABLE event_ids_v5 RENAME TO event_ids;
