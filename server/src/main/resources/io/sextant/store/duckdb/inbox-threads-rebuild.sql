-- inbox-threads-rebuild
-- The handover_threads rows of the conversations in stage_inbox_conversations, built from their
-- events as they now stand (see InboxThreads): migration V12's definition, in the column order of
-- the table. Per conversation, inbox.opened and inbox.closed in (ts, seq) order: an open starts a
-- thread when none is open, a close ends the open one, other opens and closes are ignored; the
-- state after any of these events is its own action, so an event counts exactly when it differs
-- from the event before it, and a close needs an open before it. A thread's first response is the
-- least {ts, seq, agent_id} of the conversation's agent messages with opened_at <= ts and, for a
-- closed thread, ts < closed_at. {{from}}: a constant no later than the first inbox.opened of
-- every staged conversation (its earlier inbox events are closes with nothing open, which never
-- count), and so no later than any opened_at of theirs: it only lets the scans skip old rows.
WITH staged AS (
    SELECT DISTINCT chatbot_id, conversation_id FROM stage_inbox_conversations
),
inbox_oc AS (
    SELECT e.chatbot_id, e.conversation_id, e.channel_id, e.ts, e.seq, e.action,
           lag(e.action) OVER (PARTITION BY e.chatbot_id, e.conversation_id ORDER BY e.ts, e.seq) AS prev
    FROM inbox_events e
    SEMI JOIN staged s ON s.chatbot_id = e.chatbot_id AND s.conversation_id = e.conversation_id
    WHERE e.ts >= {{from}} AND e.action IN ('opened', 'closed')
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
    WHERE m.ts >= {{from}}
    GROUP BY t.chatbot_id, t.conversation_id, t.thread_no
)
SELECT t.chatbot_id, t.conversation_id, CAST(t.thread_no AS BIGINT), t.channel_id, t.opened_at, t.closed_at,
       f.first.ts, f.first.seq, f.first.agent_id
FROM inbox_all_threads t
LEFT JOIN inbox_first f ON f.chatbot_id = t.chatbot_id AND f.conversation_id = t.conversation_id AND f.thread_no = t.thread_no
ORDER BY t.chatbot_id, t.opened_at
