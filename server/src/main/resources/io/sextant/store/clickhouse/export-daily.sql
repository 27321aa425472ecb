-- export-daily
-- The daily export: buckets × channels of the chatbot over [:from, :to], zeros included, ordered by
-- bucket, then channel (see ClickHouseExportDataStore). Events reach their bucket by their slot on
-- the bucket grid ({{slotOf ts}}, {{bucketStartOfSlot s}}, {{bucketStartOf ts}}: BucketSlots).
-- Each median comes as its samples' count and the two middle samples (…_n, …_lo, …_hi), which the
-- store interpolates with io.sextant.stats.Percentile.
-- The chatbot's channels are bound: :channelIds, :channelNames and :channelTypes, in the same order.
-- {{inboxThreads}}: inbox-threads.sql, threads opened or closed in the window.
-- {{segmentFilter}}: empty, or the condition of a segment's conversations that every read of events
-- adds (SegmentSql.restrict).
SELECT b_start, b_end, channel_id, name, channel_type,
       conversations, messages, user_messages, bot_messages, agent_messages, interactions, steps, intent_hits,
       length(scores) AS score_n, scores[intDiv(score_n - 1, 2) + 1] AS score_lo, scores[intDiv(score_n, 2) + 1] AS score_hi,
       length(per_conversation) AS per_conversation_n, per_conversation[intDiv(per_conversation_n - 1, 2) + 1] AS per_conversation_lo,
       per_conversation[intDiv(per_conversation_n, 2) + 1] AS per_conversation_hi,
       length(lengths) AS length_n, lengths[intDiv(length_n - 1, 2) + 1] AS length_lo, lengths[intDiv(length_n, 2) + 1] AS length_hi,
       calls, duration,
       length(durations) AS duration_n, durations[intDiv(duration_n - 1, 2) + 1] AS duration_lo, durations[intDiv(duration_n, 2) + 1] AS duration_hi,
       inbox_opened, inbox_closed
FROM (
    SELECT * FROM (
        SELECT * FROM (
            -- the grid: every bucket × every channel of the chatbot (bound, cast as an empty array
            -- has no type on 18.16; 18.16 allows one ARRAY JOIN a SELECT, so the channels come from
            -- an arrayJoin below it)
            SELECT b_start, b_end, channel_id, name, channel_type
            FROM (SELECT arrayJoin(arrayEnumerate(CAST(:channelIds AS Array(String)))) AS c,
                         CAST(:channelIds AS Array(String))[c] AS channel_id,
                         CAST(:channelNames AS Array(String))[c] AS name,
                         CAST(:channelTypes AS Array(String))[c] AS channel_type)
            ARRAY JOIN :starts AS b_start, :ends AS b_end
        ) ANY LEFT JOIN (
            -- counts, sums and sorted samples per bucket and channel, gathered per slot first
            SELECT {{bucketStartOfSlot slot}} AS b_start, channel_id,
                   sum(n_messages) AS messages, sum(n_user) AS user_messages, sum(n_bot) AS bot_messages,
                   sum(n_agent) AS agent_messages, sum(n_interactions) AS interactions, sum(n_steps) AS steps,
                   sum(n_intents) AS intent_hits, sum(n_calls) AS calls, sum(s_duration) AS duration,
                   arraySort(groupArrayArray(a_scores)) AS scores, arraySort(groupArrayArray(a_lengths)) AS lengths,
                   arraySort(groupArrayArray(a_durations)) AS durations
            FROM (
                SELECT {{slotOf ts}} AS slot, channel_id,
                       countIf(type = 'message') AS n_messages,
                       countIf(type = 'message' AND ifNull(direction, '') = 'user') AS n_user,
                       countIf(type = 'message' AND ifNull(direction, '') = 'bot') AS n_bot,
                       countIf(type = 'message' AND ifNull(direction, '') = 'agent') AS n_agent,
                       countIf(type = 'interaction') AS n_interactions,
                       countIf(type = 'step') AS n_steps,
                       countIf(type = 'intent') AS n_intents,
                       countIf(type = 'call.ended') AS n_calls,
                       sumIf(ifNull(duration_seconds, 0), type = 'call.ended') AS s_duration,
                       groupArrayIf(ifNull(score, 0), type = 'intent') AS a_scores,
                       groupArrayIf(toFloat64(ifNull(length, 0)), type = 'message' AND ifNull(direction, '') = 'user') AS a_lengths,
                       groupArrayIf(ifNull(duration_seconds, 0), type = 'call.ended') AS a_durations
                FROM events_local
                WHERE chatbot_id = :chatbot AND ts BETWEEN :from AND :to{{segmentFilter}}
                GROUP BY slot, channel_id
            )
            GROUP BY b_start, channel_id
        ) USING b_start, channel_id
    ) ANY LEFT JOIN (
        -- conversations by the bucket of their start on a channel (their earliest conversation.started
        -- there), and per conversation its messages on that channel in that bucket (0 counts)
        SELECT b_start, channel_id, count() AS conversations, arraySort(groupArray(toFloat64(n))) AS per_conversation
        FROM (
            SELECT conversation_id, channel_id, {{bucketStartOf start_ts}} AS b_start
            FROM (SELECT conversation_id, channel_id, min(ts) AS start_ts
                  FROM events_local
                  WHERE chatbot_id = :chatbot AND type = 'conversation.started'{{segmentFilter}}
                  GROUP BY conversation_id, channel_id
                  HAVING start_ts BETWEEN :from AND :to)
        ) ANY LEFT JOIN (
            SELECT conversation_id, channel_id, {{bucketStartOfSlot slot}} AS b_start, sum(c) AS n
            FROM (SELECT conversation_id, channel_id, {{slotOf ts}} AS slot, count() AS c
                  FROM events_local
                  WHERE chatbot_id = :chatbot AND type = 'message' AND ts BETWEEN :from AND :to{{segmentFilter}}
                  GROUP BY conversation_id, channel_id, slot)
            GROUP BY conversation_id, channel_id, b_start
        ) USING conversation_id, channel_id, b_start
        GROUP BY b_start, channel_id
    ) USING b_start, channel_id
) ANY LEFT JOIN (
    -- threads opened, and closed, per bucket and the channel of their inbox.opened
    SELECT b_start, channel_id, sum(o) AS inbox_opened, sum(c) AS inbox_closed
    FROM (
        SELECT {{bucketStartOf opened_at}} AS b_start, channel_id, toUInt64(1) AS o, toUInt64(0) AS c
        FROM ({{inboxThreads}}) WHERE opened_at BETWEEN :from AND :to
        UNION ALL
        SELECT {{bucketStartOf assumeNotNull(closed_at)}} AS b_start, channel_id, toUInt64(0) AS o, toUInt64(1) AS c
        FROM ({{inboxThreads}}) WHERE closed_at IS NOT NULL AND closed_at BETWEEN :from AND :to
    )
    GROUP BY b_start, channel_id
) USING b_start, channel_id
ORDER BY b_start, channel_id
