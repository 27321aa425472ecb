-- inbox-threads
-- CTEs ending in threads(conversation_id, thread_no, channel_id, opened_at, closed_at,
-- first_response_at, first_responder) of the chatbot bound as :chatbot (see InboxThreadsSql).
-- {{threadFilter}}: a constant condition on opened_at, closed_at and channel_id, never request text;
-- {{segmentFilter}}: empty, or the condition of a segment's conversations (SegmentSql.restrict, with
-- the CTE segment before these).
inbox_oc AS (
    SELECT conversation_id, channel_id, ts, seq, action,
           lag(action) OVER (PARTITION BY conversation_id ORDER BY ts, seq) AS prev
    FROM inbox_events
    WHERE chatbot_id = :chatbot AND action IN ('opened', 'closed'){{segmentFilter}}
),
inbox_edges AS (
    SELECT conversation_id, channel_id, ts, action,
           sum(CASE WHEN action = 'opened' THEN 1 ELSE 0 END)
               OVER (PARTITION BY conversation_id ORDER BY ts, seq ROWS UNBOUNDED PRECEDING) AS thread_no
    FROM inbox_oc
    WHERE action IS DISTINCT FROM prev AND NOT (action = 'closed' AND prev IS NULL)
),
inbox_all_threads AS (
    SELECT conversation_id, thread_no,
           max(channel_id) FILTER (WHERE action = 'opened') AS channel_id,
           max(ts) FILTER (WHERE action = 'opened') AS opened_at,
           max(ts) FILTER (WHERE action = 'closed') AS closed_at
    FROM inbox_edges
    GROUP BY conversation_id, thread_no
),
inbox_threads AS (
    SELECT * FROM inbox_all_threads WHERE {{threadFilter}}
),
inbox_first AS (
    SELECT t.conversation_id, t.thread_no,
           min({'ts': m.ts, 'seq': m.seq, 'agent_id': m.agent_id}) AS first
    FROM inbox_threads t
    JOIN messages m
      ON m.chatbot_id = :chatbot AND m.direction = 'agent' AND m.conversation_id = t.conversation_id
     AND m.ts >= t.opened_at AND (t.closed_at IS NULL OR m.ts < t.closed_at)
    GROUP BY t.conversation_id, t.thread_no
),
threads AS (
    SELECT t.conversation_id, t.thread_no, t.channel_id, t.opened_at, t.closed_at,
           f.first.ts AS first_response_at, f.first.agent_id AS first_responder
    FROM inbox_threads t
    LEFT JOIN inbox_first f ON f.conversation_id = t.conversation_id AND f.thread_no = t.thread_no
)
