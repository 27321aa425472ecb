-- report-handovers
-- Per conversation of kpi_starts (report-kpi-starts): the period of its start and whether it has an
-- inbox.opened event, sent at any time (on the channel, for a channel report).
-- {{channelFilter}}: empty, or AND channel_id = :channel.
SELECT s.period, o.conversation_id IS NOT NULL AS handed_over
FROM kpi_starts s
LEFT JOIN (SELECT DISTINCT conversation_id FROM inbox_events
           WHERE chatbot_id = :chatbot{{channelFilter}} AND action = 'opened'
             AND conversation_id IN (SELECT conversation_id FROM kpi_starts)) o
       ON o.conversation_id = s.conversation_id
