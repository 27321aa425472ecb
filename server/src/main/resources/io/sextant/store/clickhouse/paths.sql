-- paths
-- The flow paths report of :chatbot over W = [:from, :to], in one scan of its rows (18.16: no window
-- functions, so paths are arrays): its step events in W and its goal events of any time. Per
-- conversation, `whole` is its step ids in W sorted by (ts, seq), `reached` 1 when it has any goal
-- event (whenever sent, on any channel);
-- `cut` is where its path starts: {{cut}} (1 for the whole path, or indexOf(whole, :fromStep), 0 when
-- it never visits :fromStep and so has no path). Each path becomes items (kind, a, b):
-- (0, '', '') once; (1, step, '') per visit; (2, last step, '') once; (3, step, next step) per transition;
-- grouped, count() is paths (0), visits (1), endings (2) or transitions (3), uniqExact the
-- conversations, and drop_offs the items of conversations without a goal (for endings: drop-offs). Labels: the step_name of the chatbot's latest step event with that id that has
-- one, on any channel (by ts, then seq); '' when none, read as null.
-- {{channelFilter}}: empty, or AND channel_id = :channel (the step events of the paths only).
-- {{segmentFilter}}: empty, or the condition of a segment's conversations (SegmentSql.restrict): only
-- they have paths.
SELECT kind, a, b, n, conversations, drop_offs, CAST(nullIf(label, '') AS Nullable(String)) AS label
FROM (
    SELECT item.1 AS kind, item.2 AS a, item.3 AS b, count() AS n, uniqExact(conversation_id) AS conversations,
           countIf(reached = 0) AS drop_offs
    FROM (
        SELECT conversation_id, reached,
               arrayConcat([(toUInt8(0), '', '')],
                            arrayMap(s -> (toUInt8(1), s, ''), path),
                            [(toUInt8(2), path[length(path)], '')],
                            arrayMap(i -> (toUInt8(3), path[i], path[i + 1]), arrayEnumerate(arrayPopBack(path)))) AS items
        FROM (
            SELECT conversation_id, reached, arraySlice(whole, cut) AS path
            FROM (
                SELECT conversation_id, reached, whole, {{cut}} AS cut
                FROM (
                    SELECT conversation_id,
                           arrayMap(x -> x.3, arraySort(groupArrayIf((ts, seq, assumeNotNull(step_id)), type = 'step'))) AS whole,
                           toUInt8(countIf(type = 'goal') > 0) AS reached
                    FROM events_local
                    WHERE chatbot_id = :chatbot{{segmentFilter}}
                      AND ((type = 'step' AND ts BETWEEN :from AND :to {{channelFilter}}) OR type = 'goal')
                    GROUP BY conversation_id
                )
                WHERE length(whole) > 0
            )
            WHERE cut > 0
        )
    )
    ARRAY JOIN items AS item
    GROUP BY kind, a, b
)
ANY LEFT JOIN (
    SELECT assumeNotNull(step_id) AS a, argMax(assumeNotNull(step_name), (ts, seq)) AS label
    FROM events_local
    WHERE chatbot_id = :chatbot AND type = 'step' AND step_name IS NOT NULL
    GROUP BY a
) USING a
