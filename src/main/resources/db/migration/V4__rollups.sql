-- V4: rollups maintained by the ingestion writer in the same transaction as the events they sum up,
-- so a report never reads a rollup that disagrees with the events. They hold what a report would
-- otherwise have to find by grouping a chatbot's whole history on every request.
--
-- channel_id = '' is the row over all channels (the overview's view); every other row is the view
-- of that one channel (the channel report's). Channel ids are never empty, so the two never mix.

-- Per conversation: its start (earliest conversation.started; ties: first ingested) and its latest
-- language (latest conversation.started/.language that has one; ties: last ingested).
CREATE TABLE conversations (
    chatbot_id      VARCHAR NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    start_ts        BIGINT,             -- null until a conversation.started arrives
    start_seq       BIGINT,
    start_channel   VARCHAR,            -- the channel of the start event
    language        VARCHAR,
    language_ts     BIGINT,
    language_seq    BIGINT,
    PRIMARY KEY (chatbot_id, channel_id, conversation_id)
);

INSERT INTO conversations
SELECT chatbot_id, channel_id, conversation_id,
       min(ts) FILTER (WHERE started),
       arg_min(seq, (ts, seq)) FILTER (WHERE started),
       arg_min(channel_id, (ts, seq)) FILTER (WHERE started),
       arg_max(language, (ts, seq)) FILTER (WHERE language IS NOT NULL),
       max(ts) FILTER (WHERE language IS NOT NULL),
       arg_max(seq, (ts, seq)) FILTER (WHERE language IS NOT NULL)
FROM conversation_events GROUP BY chatbot_id, channel_id, conversation_id;

INSERT INTO conversations
SELECT chatbot_id, '', conversation_id,
       min(ts) FILTER (WHERE started),
       arg_min(seq, (ts, seq)) FILTER (WHERE started),
       arg_min(channel_id, (ts, seq)) FILTER (WHERE started),
       arg_max(language, (ts, seq)) FILTER (WHERE language IS NOT NULL),
       max(ts) FILTER (WHERE language IS NOT NULL),
       arg_max(seq, (ts, seq)) FILTER (WHERE language IS NOT NULL)
FROM conversation_events GROUP BY chatbot_id, conversation_id;

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
