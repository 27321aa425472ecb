-- segment-channel-type
-- Segments (SegmentSql): (conversation_id, v) of every conversation of the chatbot that started, v
-- the type of the channel of its start ('unknown' for a channel not among the chatbot's). The
-- chatbot's channels are bound as :channelIds and :channelTypes, in the same order, as in
-- report-conversation-channel-types.sql (indexOf 0: element 0, '').
SELECT conversation_id, if(t = '', 'unknown', t) AS v
FROM (SELECT conversation_id,
             CAST(:channelTypes AS Array(String))[indexOf(CAST(:channelIds AS Array(String)), argMin(channel_id, (ts, seq)))] AS t
      FROM events_local
      WHERE chatbot_id = :chatbot AND type = 'conversation.started'
      GROUP BY conversation_id)
