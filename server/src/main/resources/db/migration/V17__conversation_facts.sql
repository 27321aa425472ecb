-- V17: each conversations row keeps the facts the quality KPIs read whenever they were sent, last:
-- the number of its user messages (user_messages), of its hand-overs (handovers: its inbox.opened
-- events) and the goals it reached (goals: the distinct goal ids of its goal events, sorted). So the
-- containment, hand-over, abandonment and goal completion rates are counts over the conversations
-- started in the window and its previous period, instead of joins of them with every message,
-- hand-over and goal of the chatbot. The row of a channel holds the events on that channel, the row
-- of all channels ('') every event of the conversation, as messages does. A conversation with
-- hand-overs or goals on a channel but neither conversation events nor messages there gets a row for
-- them (no start, no messages: in no report until a start comes). The writer keeps the facts in its
-- transaction (Rollups), erasure recomputes them with the rest of the row (Erasure). The table is
-- rebuilt in its order (Clustering), so its tail starts at 0.
CREATE TABLE conversations_v17 (
    chatbot_id       VARCHAR NOT NULL,
    channel_id       VARCHAR NOT NULL,
    conversation_id  VARCHAR NOT NULL,
    start_ts         BIGINT,
    start_seq        BIGINT,
    start_channel    VARCHAR,
    language         VARCHAR,
    language_ts      BIGINT,
    language_seq     BIGINT,
    messages         BIGINT NOT NULL,
    first_message_ts BIGINT,
    last_message_ts  BIGINT,
    fp               BIGINT NOT NULL,
    chatbot_key      BIGINT NOT NULL,
    user_messages    BIGINT NOT NULL,
    handovers        BIGINT NOT NULL,
    goals            VARCHAR[] NOT NULL
);

INSERT INTO conversations_v17
WITH stored AS (
    SELECT * FROM conversations
), user_messages AS (
    SELECT chatbot_id, channel_id, conversation_id, count(*) AS n
    FROM messages WHERE direction = 'user' GROUP BY chatbot_id, channel_id, conversation_id
    UNION ALL
    SELECT chatbot_id, '', conversation_id, count(*)
    FROM messages WHERE direction = 'user' GROUP BY chatbot_id, conversation_id
), handovers AS (
    SELECT chatbot_id, channel_id, conversation_id, count(*) AS n
    FROM inbox_events WHERE action = 'opened' GROUP BY chatbot_id, channel_id, conversation_id
    UNION ALL
    SELECT chatbot_id, '', conversation_id, count(*)
    FROM inbox_events WHERE action = 'opened' GROUP BY chatbot_id, conversation_id
), goals_reached AS (
    SELECT chatbot_id, channel_id, conversation_id, list_sort(list_distinct(list(goal_id))) AS goals
    FROM goals GROUP BY chatbot_id, channel_id, conversation_id
    UNION ALL
    SELECT chatbot_id, '', conversation_id, list_sort(list_distinct(list(goal_id)))
    FROM goals GROUP BY chatbot_id, conversation_id
), facts_only AS (
    SELECT chatbot_id, channel_id, conversation_id
    FROM (SELECT chatbot_id, channel_id, conversation_id FROM handovers
          UNION
          SELECT chatbot_id, channel_id, conversation_id FROM goals_reached)
    EXCEPT
    SELECT chatbot_id, channel_id, conversation_id FROM stored
), all_rows AS (
    SELECT c.* FROM stored c
    UNION ALL
    SELECT f.chatbot_id, f.channel_id, f.conversation_id, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL,
           -- V7's fingerprint and V16's chatbot key
           CAST(CAST(md5_number(f.chatbot_id || '/' || f.channel_id || '/' || f.conversation_id) & 18446744073709551615 AS HUGEINT)
                - CASE WHEN (md5_number(f.chatbot_id || '/' || f.channel_id || '/' || f.conversation_id) >> 63) & 1 = 1
                       THEN CAST(18446744073709551616 AS HUGEINT) ELSE 0 END
                AS BIGINT),
           CAST(md5_number_upper(f.chatbot_id) >> 1 AS BIGINT)
    FROM facts_only f
)
SELECT c.*, coalesce(u.n, 0) AS user_messages, coalesce(h.n, 0) AS handovers, coalesce(g.goals, CAST([] AS VARCHAR[])) AS goals
FROM all_rows c
LEFT JOIN user_messages u
       ON u.chatbot_id = c.chatbot_id AND u.channel_id = c.channel_id AND u.conversation_id = c.conversation_id
LEFT JOIN handovers h
       ON h.chatbot_id = c.chatbot_id AND h.channel_id = c.channel_id AND h.conversation_id = c.conversation_id
LEFT JOIN goals_reached g
       ON g.chatbot_id = c.chatbot_id AND g.channel_id = c.channel_id AND g.conversation_id = c.conversation_id
ORDER BY c.chatbot_key, c.chatbot_id, c.channel_id, c.start_ts;

DROP TABLE conversations;

ALTER TABLE conversations_v17 RENAME TO conversations;

UPDATE table_order SET tail = 0 WHERE table_name = 'conversations';
