-- inbox-threads
-- The hand-over threads of the chatbot :chatbot, one row each: conversation_id, thread_no (1, 2, …
-- per conversation), channel_id (of its inbox.opened), opened_at, closed_at (NULL while open),
-- first_response_at and first_responder (NULL without one). See ClickHouseInboxStore.
-- Per conversation, its inbox.opened and inbox.closed events sorted by (ts, seq) are oc, and its
-- agent messages sorted the same way are am. The state after any of these events is its own action,
-- so an event counts exactly when its action differs from the one before it (before the first:
-- closed); effective events alternate open, close, open, …, so the k-th effective open and the k-th
-- effective close are thread k. Its first response is the first agent message with
-- opened_at <= ts and, for a closed thread, ts < closed_at.
-- {{threadFilter}}: a constant condition on opened_at, closed_at, channel_id, thread_no (1 for all);
-- {{segmentFilter}}: empty, or the condition of a segment's conversations (SegmentSql.restrict).
SELECT conversation_id, thread_no, channel_id, opened_at, closed_at,
       if(responded > 0, toNullable(am[responded].1), NULL) AS first_response_at,
       if(responded > 0, toNullable(am[responded].3), NULL) AS first_responder
FROM (
    SELECT conversation_id, am, thread_no,
           oc[opens[thread_no]].1 AS opened_at,
           oc[opens[thread_no]].4 AS channel_id,
           if(thread_no <= length(closes), toNullable(oc[closes[thread_no]].1), NULL) AS closed_at,
           if(thread_no <= length(closes), oc[closes[thread_no]].1, toInt64(9223372036854775807)) AS open_until,
           arrayFirstIndex(m -> m.1 >= opened_at AND m.1 < open_until, am) AS responded
    FROM (
        SELECT conversation_id, oc, am,
               arrayFilter(i -> oc[i].3 != if(i = 1, 0, oc[i - 1].3), arrayEnumerate(oc)) AS effective,
               arrayFilter(i -> oc[i].3 = 1, effective) AS opens,
               arrayFilter(i -> oc[i].3 = 0, effective) AS closes
        FROM (
            SELECT conversation_id,
                   arraySort(groupArrayIf((ts, seq, toUInt8(type = 'inbox.opened'), channel_id), type != 'message')) AS oc,
                   arraySort(groupArrayIf((ts, seq, assumeNotNull(agent_id)), type = 'message')) AS am
            FROM events_local
            WHERE chatbot_id = :chatbot
              AND (type IN ('inbox.opened', 'inbox.closed') OR (type = 'message' AND direction = 'agent')){{segmentFilter}}
            GROUP BY conversation_id
            HAVING countIf(type = 'inbox.opened') > 0
        )
    )
    ARRAY JOIN arrayEnumerate(opens) AS thread_no
)
WHERE {{threadFilter}}
