-- V12: the inbox's hand-over threads and agent messages, kept by the ingestion writer in the same
-- transaction as the events (InboxThreads), so the inbox statistics and the exports read a few
-- rows per thread instead of numbering every inbox event of the chatbot's whole history and
-- joining every agent message on each request.
--
-- agent_messages: a copy of the messages with direction 'agent' (a part of those events, like
-- conversation_attributes; erased with them). The inbox statistics count them per agent, and a
-- thread's first response is looked up among them, instead of in all messages.
CREATE TABLE agent_messages (
    chatbot_id      VARCHAR NOT NULL,
    ts              BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    channel_id      VARCHAR NOT NULL,
    conversation_id VARCHAR NOT NULL,
    agent_id        VARCHAR
);

INSERT INTO agent_messages
SELECT chatbot_id, ts, seq, channel_id, conversation_id, agent_id FROM messages WHERE direction = 'agent'
ORDER BY chatbot_id, ts, seq;

-- handover_threads: every thread of every conversation, as docs/inbox-and-exports.md "Threads"
-- defines them (per conversation, inbox.opened and inbox.closed in (ts, seq) order: an open starts a
-- thread when none is open, a close ends the open one, other opens and closes are ignored), with
-- the channel of its open and its first response: the conversation's first agent message by
-- (ts, seq) with opened_at <= ts and, for a closed thread, ts < closed_at.
CREATE TABLE handover_threads (
    chatbot_id         VARCHAR NOT NULL,
    conversation_id    VARCHAR NOT NULL,
    thread_no          BIGINT  NOT NULL,   -- 1, 2, … in the conversation's time order
    channel_id         VARCHAR NOT NULL,   -- of the inbox.opened that started it
    opened_at          BIGINT  NOT NULL,
    closed_at          BIGINT,             -- null while open
    first_response_at  BIGINT,             -- null without a first response
    first_response_seq BIGINT,
    first_responder    VARCHAR
);

INSERT INTO handover_threads
WITH inbox_oc AS (
    SELECT chatbot_id, conversation_id, channel_id, ts, seq, action,
           lag(action) OVER (PARTITION BY chatbot_id, conversation_id ORDER BY ts, seq) AS prev
    FROM inbox_events
    WHERE action IN ('opened', 'closed')
),
inbox_edges AS (
    SELECT chatbot_id, conversation_id, channel_id, ts, action,
           sum(CASE WHEN action = 'opened' THEN 1 ELSE 0 END)
               OVER (PARTITION BY chatbot_id, conversation_id ORDER BY ts, seq ROWS UNBOUNDED PRECEDING) AS thread_no
    FROM inbox_oc
    WHERE action IS DISTINCT FROM prev AND NOT (action = 'closed' AND prev IS NULL)
),
inbox_all_threads AS (
    SELECT chatbot_id, conversation_id, thread_no,
           max(channel_id) FILTER (WHERE action = 'opened') AS channel_id,
           max(ts) FILTER (WHERE action = 'opened') AS opened_at,
           max(ts) FILTER (WHERE action = 'closed') AS closed_at
    FROM inbox_edges
    GROUP BY chatbot_id, conversation_id, thread_no
),
inbox_first AS (
    SELECT t.chatbot_id, t.conversation_id, t.thread_no,
           min({'ts': m.ts, 'seq': m.seq, 'agent_id': m.agent_id}) AS first
    FROM inbox_all_threads t
    JOIN agent_messages m
      ON m.chatbot_id = t.chatbot_id AND m.conversation_id = t.conversation_id
     AND m.ts >= t.opened_at AND (t.closed_at IS NULL OR m.ts < t.closed_at)
    GROUP BY t.chatbot_id, t.conversation_id, t.thread_no
)
SELECT t.chatbot_id, t.conversation_id, CAST(t.thread_no AS BIGINT), t.channel_id, t.opened_at, t.closed_at,
       f.first.ts, f.first.seq, f.first.agent_id
FROM inbox_all_threads t
LEFT JOIN inbox_first f ON f.chatbot_id = t.chatbot_id AND f.conversation_id = t.conversation_id AND f.thread_no = t.thread_no
ORDER BY t.chatbot_id, t.opened_at;
