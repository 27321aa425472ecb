-- report-kpi-starts
-- The conversations whose start (their earliest conversation.started, on the channel for a channel
-- report: the conversations rollup) is in the window W or in the previous period P, with the period
-- of their start: -1 for P, 0 for W, and their user messages, hand-overs (inbox.opened) and goals
-- reached, sent at any time (on the channel, for a channel report: V17). What the conversation rates
-- of the quality KPIs count among: containment those without a hand-over, the hand-over rate those
-- with one, the abandonment rate those with at most one user message, goal completion those that
-- reached each goal (report-goals-reached).
-- Values: :chatbot and its :chatbotKey, :rollupChannel ('' for all channels), :kpiFrom (the start of P), :from, :to.
-- {{segmentFilter}}: empty, or the condition of a segment's conversations (SegmentSql.restrict).
SELECT CASE WHEN start_ts < :from THEN -1 ELSE 0 END AS period, user_messages, handovers, goals
FROM conversations
WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :kpiFrom AND :to{{segmentFilter}}
