-- V10: the events of issue 16 and the per-chatbot settings.
-- Like every event table: (chatbot_id, ts) first, appended sorted per commit group; `seq` is the
-- ingestion order and breaks ties of one millisecond ("latest" rating and attribute value).

-- goal: a conversation reached a goal; value is optional (e.g. an order's amount).
CREATE TABLE goals (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    goal_id         VARCHAR NOT NULL,
    value           DOUBLE
);

-- rating: exactly one of score (1-5) and thumbs (up | down); of a comment only its length in code
-- points is kept, never the text.
CREATE TABLE ratings (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    score           INTEGER,
    thumbs          VARCHAR,
    comment_length  INTEGER
);

-- The attributes sent on conversation.started: one row per key of one event (ts, seq are the event's).
CREATE TABLE conversation_attributes (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    key             VARCHAR NOT NULL,
    value           VARCHAR NOT NULL
);

-- Per-chatbot settings (ChatbotSettings); a chatbot without a row has the defaults.
CREATE TABLE chatbot_settings (
    chatbot_id           VARCHAR NOT NULL PRIMARY KEY,
    fallback_intents     VARCHAR[] NOT NULL,
    understood_threshold DOUBLE    NOT NULL,
    retention_days       INTEGER,
    updated              BIGINT    NOT NULL
);
