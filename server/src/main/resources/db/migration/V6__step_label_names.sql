-- V6: step_labels keeps the names alone. The time and ingestion order of each latest label live in
-- the writer's memory, rebuilt from the steps table at start (StepLabels), so that a commit group
-- writes a label only when its name changes, not every time a later step event repeats it.

CREATE TABLE step_labels_v6 (
    chatbot_id VARCHAR NOT NULL,
    channel_id VARCHAR NOT NULL,
    step_id    VARCHAR NOT NULL,
    step_name  VARCHAR NOT NULL,
    PRIMARY KEY (chatbot_id, channel_id, step_id)
);

INSERT INTO step_labels_v6 SELECT chatbot_id, channel_id, step_id, step_name FROM step_labels;

DROP TABLE step_labels;

ALTER TABLE step_labels_v6 RENAME TO step_labels;
