-- V18: every event table (and event_ids) names its chatbot by a number, chatbot_no, in place of the
-- chatbot's id. The numbers are the writer's: it gives a chatbot the next one in the transaction of
-- the first commit group that stores an event of it (ChatbotNumbers), and a number never changes or
-- goes, even when an erasure removes every event of its chatbot. Reports look the number up and
-- filter on it.
--
-- Why: the id was a string in every row the writer appends. A string of 12 bytes or more costs the
-- appender a JNI call and DuckDB a heap copy; a number costs neither (0.54-0.73 us per event, about
-- 5.5 % of the writer: docs/benchmark.md, 2026-12-07 17:30). And the min and max DuckDB keeps of a
-- number per row group are exact, where those of a string keep its first 8 bytes only, so a scan of
-- one chatbot now skips the row groups of every other (demo-cityhall and demo-cityhall-2 included).
-- The rollup tables, the channels and the settings keep the ids: they are few rows per chatbot.
--
-- Each table is rebuilt in (chatbot, time, ingestion order), the order a commit group appends in.
CREATE TABLE chatbots (
    chatbot_no BIGINT  NOT NULL PRIMARY KEY,
    chatbot_id VARCHAR NOT NULL UNIQUE
);

INSERT INTO chatbots
SELECT row_number() OVER (ORDER BY chatbot_id), chatbot_id
FROM (SELECT chatbot_id FROM event_ids
      UNION SELECT chatbot_id FROM conversation_events
      UNION SELECT chatbot_id FROM messages
      UNION SELECT chatbot_id FROM intents
      UNION SELECT chatbot_id FROM steps
      UNION SELECT chatbot_id FROM interactions
      UNION SELECT chatbot_id FROM calls
      UNION SELECT chatbot_id FROM inbox_events
      UNION SELECT chatbot_id FROM goals
      UNION SELECT chatbot_id FROM ratings
      UNION SELECT chatbot_id FROM conversation_attributes
      UNION SELECT chatbot_id FROM agent_messages)
ORDER BY chatbot_id;

CREATE TABLE event_ids_v18 (
    chatbot_no BIGINT NOT NULL,
    event_id VARCHAR NOT NULL,
    fp BIGINT NOT NULL
);

INSERT INTO event_ids_v18
SELECT c.chatbot_no, e.event_id, e.fp
FROM event_ids e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.rowid;

DROP TABLE event_ids;

ALTER TABLE event_ids_v18 RENAME TO event_ids;

CREATE TABLE conversation_events_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    started BOOLEAN NOT NULL,
    language VARCHAR
);

INSERT INTO conversation_events_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.started, e.language
FROM conversation_events e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE conversation_events;

ALTER TABLE conversation_events_v18 RENAME TO conversation_events;

CREATE TABLE messages_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,
    length INTEGER NOT NULL,
    agent_id VARCHAR
);

INSERT INTO messages_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.direction, e.length, e.agent_id
FROM messages e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE messages;

ALTER TABLE messages_v18 RENAME TO messages;

CREATE TABLE intents_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    intent VARCHAR NOT NULL,
    score DOUBLE NOT NULL
);

INSERT INTO intents_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.intent, e.score
FROM intents e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE intents;

ALTER TABLE intents_v18 RENAME TO intents;

CREATE TABLE steps_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    step_id VARCHAR NOT NULL,
    step_name VARCHAR
);

INSERT INTO steps_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.step_id, e.step_name
FROM steps e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE steps;

ALTER TABLE steps_v18 RENAME TO steps;

CREATE TABLE interactions_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    kind VARCHAR
);

INSERT INTO interactions_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.kind
FROM interactions e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE interactions;

ALTER TABLE interactions_v18 RENAME TO interactions;

CREATE TABLE calls_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    duration_seconds DOUBLE NOT NULL,
    user_inputs INTEGER NOT NULL,
    end_reason VARCHAR NOT NULL,
    exit_step VARCHAR,
    transfer_target VARCHAR
);

INSERT INTO calls_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.duration_seconds, e.user_inputs, e.end_reason, e.exit_step, e.transfer_target
FROM calls e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE calls;

ALTER TABLE calls_v18 RENAME TO calls;

CREATE TABLE inbox_events_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    agent_id VARCHAR
);

INSERT INTO inbox_events_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.action, e.agent_id
FROM inbox_events e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE inbox_events;

ALTER TABLE inbox_events_v18 RENAME TO inbox_events;

CREATE TABLE goals_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    goal_id VARCHAR NOT NULL,
    value DOUBLE
);

INSERT INTO goals_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.goal_id, e.value
FROM goals e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE goals;

ALTER TABLE goals_v18 RENAME TO goals;

CREATE TABLE ratings_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    score INTEGER,
    thumbs VARCHAR,
    comment_length INTEGER
);

INSERT INTO ratings_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.score, e.thumbs, e.comment_length
FROM ratings e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE ratings;

ALTER TABLE ratings_v18 RENAME TO ratings;

CREATE TABLE conversation_attributes_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    value VARCHAR NOT NULL
);

INSERT INTO conversation_attributes_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.key, e.value
FROM conversation_attributes e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE conversation_attributes;

ALTER TABLE conversation_attributes_v18 RENAME TO conversation_attributes;

CREATE TABLE agent_messages_v18 (
    chatbot_no BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    agent_id VARCHAR
);

INSERT INTO agent_messages_v18
SELECT c.chatbot_no, e.ts, e.seq, e.channel_id, e.conversation_id, e.agent_id
FROM agent_messages e JOIN chatbots c ON c.chatbot_id = e.chatbot_id
ORDER BY c.chatbot_no, e.ts, e.seq;

DROP TABLE agent_messages;

ALTER TABLE agent_messages_v18 RENAME TO agent_messages;
