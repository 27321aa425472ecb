-- report-goals-reached
-- Per conversation of kpi_starts (report-kpi-starts) and goal it reached: the period of its start and
-- the goal id, for every goal id of its goal events, sent at any time (on the channel, for a channel
-- report); once per conversation and goal, however often it was sent.
-- {{channelFilter}}: empty, or AND channel_id = :channel.
SELECT s.period, g.goal_id
FROM kpi_starts s
JOIN (SELECT DISTINCT conversation_id, goal_id FROM goals
      WHERE chatbot_id = :chatbot{{channelFilter}}
        AND conversation_id IN (SELECT conversation_id FROM kpi_starts)) g
  ON g.conversation_id = s.conversation_id
