-- inbox-threads
-- CTEs ending in threads(conversation_id, thread_no, channel_id, opened_at, closed_at,
-- first_response_at, first_responder) of the chatbot bound as :chatbot (see InboxThreadsSql), read
-- from handover_threads, which the ingestion writer keeps (InboxThreads); inbox_threads holds the
-- same threads without their first responses.
-- {{threadFilter}}: a constant condition on opened_at, closed_at and channel_id, never request text;
-- {{segmentFilter}}: empty, or the condition of a segment's conversations (SegmentSql.restrict, with
-- the CTE segment before these).
inbox_all_threads AS (
    SELECT conversation_id, thread_no, channel_id, opened_at, closed_at, first_response_at, first_responder
    FROM handover_threads
    WHERE chatbot_id = :chatbot{{segmentFilter}}
),
inbox_threads AS (
    SELECT conversation_id, thread_no, channel_id, opened_at, closed_at FROM inbox_all_threads WHERE {{threadFilter}}
),
threads AS (
    SELECT * FROM inbox_all_threads WHERE {{threadFilter}}
)
