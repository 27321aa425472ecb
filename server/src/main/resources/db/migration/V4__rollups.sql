-- V4: rollups maintained by the ingestion writer in the same transaction as the events they sum up,
-- so a report never reads a rollup that disagrees with the events. They hold what a report would
-- otherwise have to find by grouping a chatbot's whole history on every request.
--
-- channel_id = '' is the row over all channels (the overview's view); every other row is the view
-- of that one channel (the channel report's). Channel ids are never empty, so the two never mix.

-- Per conversation: its start (earliest conversation.started; ties: first ingested), its latest
-- language (latest conversation.started/.language that has one; ties: last ingested), and its
-- message events: how many, the first and the last time.
CREATE TABLE conversations (
    chatbot_id       VARCHAR NOT NULL,
    channel_id       VARCHAR NOT NULL,
    conversation_id  VARCHAR NOT NULL,
    start_ts         BIGINT,             -- null until a conversation.started arrives
    start_seq        BIGINT,
    start_channel    VARCHAR,            -- the channel of the start event
    language         VARCHAR,
    language_ts      BIGINT,
    language_seq     BIGINT,
    messages         BIGINT NOT NULL,
    first_message_ts BIGINT,             -- null while messages = 0
    last_message_ts  BIGINT,
    PRIMARY KEY (chatbot_id, channel_id, conversation_id)
);

CREATE TEMP TABLE conversation_rollup AS
WITH c AS (
    SELECT chatbot_id, channel_id, channel_id AS event_channel, conversation_id, ts, seq, started, language FROM conversation_events
    UNION ALL
    SELECT chatbot_id, '', channel_id, conversation_id, ts, seq, started, language FROM conversation_events
), m AS (
    SELECT chatbot_id, channel_id, conversation_id, ts FROM messages
    UNION ALL
    SELECT chatbot_id, '', conversation_id, ts FROM messages
), cs AS (
    SELECT chatbot_id, channel_id, conversation_id,
           min(ts) FILTER (WHERE started) AS start_ts,
           arg_min(seq, (ts, seq)) FILTER (WHERE started) AS start_seq,
           arg_min(event_channel, (ts, seq)) FILTER (WHERE started) AS start_channel,
           arg_max(language, (ts, seq)) FILTER (WHERE language IS NOT NULL) AS language,
           max(ts) FILTER (WHERE language IS NOT NULL) AS language_ts,
           arg_max(seq, (ts, seq)) FILTER (WHERE language IS NOT NULL) AS language_seq
    FROM c GROUP BY chatbot_id, channel_id, conversation_id
), ms AS (
    SELECT chatbot_id, channel_id, conversation_id, count(*) AS messages, min(ts) AS first_ts, max(ts) AS last_ts
    FROM m GROUP BY ALL
)
SELECT chatbot_id, channel_id, conversation_id, cs.start_ts, cs.start_seq, cs.start_channel, cs.language,
       cs.language_ts, cs.language_seq, coalesce(ms.messages, 0), ms.first_ts, ms.last_ts
FROM cs FULL OUTER JOIN ms USING (chatbot_id, channel_id, conversation_id);

-- Backfilled in (chatbot, start) order, as the writer would have appended them.
INSERT INTO conversations SELECT * FROM conversation_rollup ORDER BY chatbot_id, start_ts;

DROP TABLE conversation_rollup;

-- Per step id: the name of the latest step event with that id that has one (ties: last ingested).
CREATE TABLE step_labels (
    chatbot_id VARCHAR NOT NULL,
    channel_id VARCHAR NOT NULL,
    step_id    VARCHAR NOT NULL,
    step_name  VARCHAR NOT NULL,
    ts         BIGINT  NOT NULL,
    seq        BIGINT  NOT NULL,
    PRIMARY KEY (chatbot_id, channel_id, step_id)
);

INSERT INTO step_labels
SELECT chatbot_id, channel_id, step_id, arg_max(step_name, (ts, seq)), max(ts), arg_max(seq, (ts, seq))
FROM steps WHERE step_name IS NOT NULL GROUP BY chatbot_id, channel_id, step_id;

INSERT INTO step_labels
SELECT chatbot_id, '', step_id, arg_max(step_name, (ts, seq)), max(ts), arg_max(seq, (ts, seq))
FROM steps WHERE step_name IS NOT NULL GROUP BY chatbot_id, step_id;
