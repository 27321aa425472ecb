-- V3: export jobs. A job outlives the process: one that is pending or running at a start is run again.
-- Times are epoch milliseconds; progress is the fraction of rows written, 0..1.
CREATE TABLE export_jobs (
    id           VARCHAR NOT NULL PRIMARY KEY,
    chatbot_id   VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,   -- daily | conversations
    from_ts      BIGINT  NOT NULL,
    to_ts        BIGINT  NOT NULL,
    timezone     VARCHAR,            -- IANA zone of the daily buckets; null for fixed 24 h buckets
    status       VARCHAR NOT NULL,   -- pending | running | completed | failed | expired
    progress     DOUBLE  NOT NULL,
    created_at   BIGINT  NOT NULL,
    completed_at BIGINT,
    expires_at   BIGINT,
    error        VARCHAR,
    attempts     INTEGER NOT NULL DEFAULT 0   -- runs started; a job interrupted too often fails
);
