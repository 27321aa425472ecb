-- report-messages-per-conversation
-- Per conversation started in W: the number of its message events in W (on the channel, for a
-- channel report), 0 when none: the samples v of report-median.
-- {{starts}}: report-conversation-starts over W; {{channelFilter}}: as there.
SELECT n AS v
FROM (SELECT conversation_id FROM ({{starts}}))
ANY LEFT JOIN (
    SELECT conversation_id, count() AS n
    FROM events_local
    WHERE chatbot_id = :chatbot {{channelFilter}} AND type = 'message' AND ts BETWEEN :from AND :to
    GROUP BY conversation_id
) USING conversation_id
