-- V13: how many rows were appended to each rollup table since it was last rewritten in chatbot
-- order (Clustering): the writer adds a commit group's appended rows in the group's transaction
-- and sets it to 0 in the transaction of a rewrite, so the count survives a restart. A store made
-- before this version has never been put in order: all its rows count as appended.
CREATE TABLE table_order (
    table_name VARCHAR NOT NULL,
    tail       BIGINT  NOT NULL
);

INSERT INTO table_order SELECT 'event_rollups', count(*) FROM event_rollups;
INSERT INTO table_order SELECT 'conversations', count(*) FROM conversations;
