-- rollups-update-conversations
-- Folds the staged conversations into the conversations rollup (see Rollups): the start moves
-- only to an earlier time, the language only to a later (or, ingested later, equal) time; message
-- counts (all and the user's) and hand-overs add up, the goals reached are joined (distinct, sorted). Every right-hand side reads the stored row c. It returns the rows as updated: their
-- start dates a language change, their start, start channel, language and messages are counted in
-- event_rollups (V14), and their start, first and last message widen the ConversationReach.
UPDATE conversations AS c SET
    start_seq     = CASE WHEN s.start_ts < coalesce(c.start_ts, 9223372036854775807) THEN s.start_seq ELSE c.start_seq END,
    start_channel = CASE WHEN s.start_ts < coalesce(c.start_ts, 9223372036854775807) THEN s.start_channel ELSE c.start_channel END,
    start_ts      = CASE WHEN s.start_ts < coalesce(c.start_ts, 9223372036854775807) THEN s.start_ts ELSE c.start_ts END,
    language      = CASE WHEN s.language_ts >= coalesce(c.language_ts, -9223372036854775808) THEN s.language ELSE c.language END,
    language_seq  = CASE WHEN s.language_ts >= coalesce(c.language_ts, -9223372036854775808) THEN s.language_seq ELSE c.language_seq END,
    language_ts   = CASE WHEN s.language_ts >= coalesce(c.language_ts, -9223372036854775808) THEN s.language_ts ELSE c.language_ts END,
    messages         = c.messages + s.messages,
    user_messages    = c.user_messages + s.user_messages,
    handovers        = c.handovers + s.handovers,
    goals            = CASE WHEN len(s.goals) = 0 THEN c.goals ELSE list_sort(list_distinct(list_concat(c.goals, s.goals))) END,
    first_message_ts = least(c.first_message_ts, s.first_message_ts),
    last_message_ts  = greatest(c.last_message_ts, s.last_message_ts)
FROM stage_conversations AS s
WHERE c.fp = s.fp AND c.chatbot_id = s.chatbot_id AND c.channel_id = s.channel_id AND c.conversation_id = s.conversation_id
RETURNING c.chatbot_id, c.channel_id, c.conversation_id, c.start_ts, c.language_seq, c.start_channel, c.language, c.messages,
          c.first_message_ts, c.last_message_ts
