-- report-user-messages
-- Per conversation of kpi_starts (report-kpi-starts): the period of its start and the number of its
-- user messages, sent at any time (on the channel, for a channel report); 0 when none. Those
-- messages lie between :kpiMessagesFrom and :kpiMessagesTo, constants that bound the scan: the
-- conversations' reach, which the statement checks against its kpi_reach row (DuckDbReportStore).
-- {{channelFilter}}: empty, or AND channel_id = :channel.
SELECT s.period, coalesce(m.n, 0) AS user_messages
FROM kpi_starts s
LEFT JOIN (SELECT conversation_id, count(*) AS n FROM messages
           WHERE chatbot_id = :chatbot{{channelFilter}} AND direction = 'user' AND ts BETWEEN :kpiMessagesFrom AND :kpiMessagesTo
             AND conversation_id IN (SELECT conversation_id FROM kpi_starts)
           GROUP BY conversation_id) m
       ON m.conversation_id = s.conversation_id
