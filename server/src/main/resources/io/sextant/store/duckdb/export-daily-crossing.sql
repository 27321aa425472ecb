-- export-daily-crossing
-- Where the messages lie that export-daily.sql must count from the events for the median of messages
-- per conversation: per bucket, of the conversations that started in it (per channel, from the
-- conversations rollup) and whose messages on that channel do not all lie in it, the earliest first
-- message before the bucket and the latest last message after it. Only buckets that have such
-- conversations are rows. Slots as in export-daily.sql: {{grid}}, {{segment}}, {{segmentFilter}},
-- {{bucketJoin ts}}, {{inStartSlot c}}.
WITH {{segment}}{{grid}}
SELECT sl.b_start, sl.b_end,
       min(c.first_message_ts) FILTER (WHERE c.first_message_ts < sl.b_start) AS before_from,
       max(c.last_message_ts) FILTER (WHERE c.last_message_ts > sl.b_end) AS after_to
FROM conversations c {{bucketJoin c.start_ts}}
WHERE c.chatbot_key = :chatbotKey AND c.chatbot_id = :chatbot AND c.channel_id <> '' AND c.start_ts BETWEEN :from AND :to{{segmentFilter}}
  -- messages all in the window and in the slot of the start are in its bucket: only the others need the join
  AND NOT {{inStartSlot c}}
  AND (c.first_message_ts < sl.b_start OR c.last_message_ts > sl.b_end)
GROUP BY sl.b_start, sl.b_end
ORDER BY sl.b_start
