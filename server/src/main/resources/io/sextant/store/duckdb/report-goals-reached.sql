-- report-goals-reached
-- Per conversation of kpi_starts (report-kpi-starts) and goal it reached: the period of its start and
-- the goal id, for every goal id of its goal events, sent at any time (on the channel, for a channel
-- report: the goals of its conversations row, V17); once per conversation and goal, however often it
-- was sent.
SELECT period, unnest(goals) AS goal_id
FROM kpi_starts
