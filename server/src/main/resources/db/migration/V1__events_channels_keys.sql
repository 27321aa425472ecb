-- V1: the event tables, channels and API keys.
-- Times are epoch milliseconds (UTC) in BIGINT columns: exact at millisecond edges and free of
-- any session time zone. `seq` is the global ingestion order; it breaks ties between events of the
-- same millisecond ("latest" language, step label, inbox thread order).
-- Every event table starts with (chatbot_id, ts): each commit group is appended sorted that way, so
-- DuckDB's per-row-group zone maps let a one-chatbot, one-month report skip the rest.

CREATE TABLE event_ids (
    chatbot_id VARCHAR NOT NULL,
    event_id   VARCHAR NOT NULL,
    PRIMARY KEY (chatbot_id, event_id)
);

-- conversation.started (started = true) and conversation.language (started = false)
CREATE TABLE conversation_events (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    started         BOOLEAN NOT NULL,
    language        VARCHAR
);

CREATE TABLE messages (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    direction       VARCHAR NOT NULL,   -- user | bot | agent
    length          INTEGER NOT NULL,   -- Unicode code points; the text itself is never stored
    agent_id        VARCHAR
);

CREATE TABLE intents (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    intent          VARCHAR NOT NULL,
    score           DOUBLE  NOT NULL
);

CREATE TABLE steps (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    step_id         VARCHAR NOT NULL,
    step_name       VARCHAR
);

CREATE TABLE interactions (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    kind            VARCHAR
);

CREATE TABLE calls (
    chatbot_id       VARCHAR NOT NULL,
    ts               BIGINT  NOT NULL,
    seq              BIGINT  NOT NULL,
    channel_id       VARCHAR NOT NULL,
    conversation_id  VARCHAR NOT NULL,
    duration_seconds DOUBLE  NOT NULL,
    user_inputs      INTEGER NOT NULL,
    end_reason       VARCHAR NOT NULL,
    exit_step        VARCHAR,
    transfer_target  VARCHAR
);

-- inbox.opened / inbox.assigned / inbox.closed
CREATE TABLE inbox_events (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    action          VARCHAR NOT NULL,   -- opened | assigned | closed
    agent_id        VARCHAR
);

CREATE TABLE channels (
    chatbot_id VARCHAR NOT NULL,
    channel_id VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,
    number     VARCHAR,
    status     VARCHAR,
    created    BIGINT  NOT NULL,
    updated    BIGINT  NOT NULL,
    PRIMARY KEY (chatbot_id, channel_id)
);

CREATE TABLE api_keys (
    id          VARCHAR NOT NULL PRIMARY KEY,
    name        VARCHAR NOT NULL,
    key_hash    VARCHAR NOT NULL UNIQUE,   -- SHA-256 of the key, hex
    permissions VARCHAR NOT NULL,            -- space-separated; a grant holds no white space
    resources   VARCHAR NOT NULL,            -- space-separated
    created_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);
