-- V14: the conversations rollup's rows counted per start span in event_rollups, so that a report
-- over a month sums a few thousand rows instead of reading a row per conversation. Three metrics,
-- each counting the rows of conversations (one per chatbot, view and conversation: the view is a
-- channel, or '' for all channels, as in conversations) by the start span of the row:
--
--   cv  per UTC hour and day, key = start_channel   (CONVERSATIONS, CONVERSATION_CHANNEL_TYPES)
--   cvl per UTC day,          key = language        (CONVERSATION_LANGUAGES; null: none)
--   cvm per UTC day,          num = messages        (MESSAGES_PER_CONVERSATION: all its messages)
--
-- channel_id is the row's view. Only rows with a start count. The writer keeps them in its
-- transaction (Rollups): a row it appends adds 1 at the row's values; a row it updates takes 1 off
-- at the values before the update and adds 1 at those after, so n can be negative before a span is
-- compacted. Erasure recomputes the days it touches from conversations.

INSERT INTO event_rollups
WITH grains(grain) AS (VALUES (3600000), (86400000)),
rows AS (
    SELECT chatbot_id, channel_id, start_ts AS ts, 'cv' AS metric, start_channel AS key, CAST(NULL AS DOUBLE) AS num
    FROM conversations WHERE start_ts IS NOT NULL
    UNION ALL SELECT chatbot_id, channel_id, start_ts, 'cvl', language, NULL FROM conversations WHERE start_ts IS NOT NULL
    UNION ALL SELECT chatbot_id, channel_id, start_ts, 'cvm', NULL, messages FROM conversations WHERE start_ts IS NOT NULL
)
SELECT chatbot_id, channel_id, grain, ts - ((ts % grain) + grain) % grain AS start_ts, metric, key, num,
       count(*) AS n, CAST(NULL AS DOUBLE) AS total
FROM rows, grains
WHERE grain = 86400000 OR metric = 'cv'
GROUP BY ALL
ORDER BY chatbot_id, metric, channel_id, grain, start_ts;

UPDATE table_order SET tail = tail + (SELECT count(*) FROM event_rollups WHERE metric IN ('cv', 'cvl', 'cvm'))
WHERE table_name = 'event_rollups';
