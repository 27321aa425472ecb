-- Sextant's tables on a ClickHouse cluster (18.16 and later). {{db}} and {{cluster}} are the
-- configured database and cluster names (checked to be plain identifiers); every statement is
-- distributed DDL (ON CLUSTER), idempotent (IF NOT EXISTS), and separated from the next by a line
-- holding only ";".
--
-- Two kinds of table:
-- * sharded by chatbot: a ReplicatedMergeTree per shard ({shard} macro) under a Distributed table
--   keyed by cityHash64(chatbot_id), so all of a chatbot's rows live on one shard and reads of the
--   Distributed table see the whole cluster;
-- * on every node: one ReplicatedReplacingMergeTree whose replicas are all nodes (ZooKeeper path
--   .../all/..., replica name {shard}_{replica}), for small tables every node reads locally.
-- Times are epoch milliseconds (UTC) in Int64, as in the DuckDB store: exact at millisecond edges.

CREATE DATABASE IF NOT EXISTS {{db}} ON CLUSTER {{cluster}}
;
-- Every event of every type, one row each; a column a type does not have is NULL. `seq` orders the
-- events of one chatbot by ingestion (per-chatbot counter, kept in ZooKeeper) and breaks ties of
-- the same millisecond ("latest" language and step name, thread order).
-- PARTITION BY tuple(): one partition, so that one insert (one batch of one chatbot) is one part,
-- written whole or not at all. ORDER BY (chatbot_id, event_id): a chatbot's rows are contiguous and
-- the look-up of already stored ids is a primary-key read.
CREATE TABLE IF NOT EXISTS {{db}}.events_local ON CLUSTER {{cluster}} (
    chatbot_id       String,
    event_id         String,
    ts               Int64,
    seq              Int64,
    type             String,
    channel_id       String,
    conversation_id  String,
    language         Nullable(String),
    direction        Nullable(String),
    length           Nullable(Int32),
    agent_id         Nullable(String),
    intent           Nullable(String),
    score            Nullable(Float64),
    step_id          Nullable(String),
    step_name        Nullable(String),
    kind             Nullable(String),
    duration_seconds Nullable(Float64),
    user_inputs      Nullable(Int32),
    end_reason       Nullable(String),
    exit_step        Nullable(String),
    transfer_target  Nullable(String),
    goal_id          Nullable(String),
    value            Nullable(Float64),
    rating_score     Nullable(Int32),
    thumbs           Nullable(String),
    comment_length   Nullable(Int32),
    attribute_keys   Array(String),
    attribute_values Array(String)
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{{db}}/events_local', '{replica}')
PARTITION BY tuple()
ORDER BY (chatbot_id, event_id)
;
CREATE TABLE IF NOT EXISTS {{db}}.events ON CLUSTER {{cluster}} AS {{db}}.events_local
ENGINE = Distributed({{cluster}}, {{db}}, events_local, cityHash64(chatbot_id))
;
-- The ids of a chatbot's events removed for good (erasure, retention), beside events_local on the
-- chatbot's shard: an id once stored stays a duplicate, so a batch sent again cannot bring removed
-- events back. Nothing else of the removed events is kept. The writer's look-up of ids reads both.
CREATE TABLE IF NOT EXISTS {{db}}.erased_event_ids ON CLUSTER {{cluster}} (
    chatbot_id String,
    event_id   String
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{{db}}/erased_event_ids', '{replica}')
PARTITION BY tuple()
ORDER BY (chatbot_id, event_id)
;
-- Channels, on every node; the row with the greatest `version` of a (chatbot, channel) is the
-- channel (read with FINAL or argMax).
CREATE TABLE IF NOT EXISTS {{db}}.channels ON CLUSTER {{cluster}} (
    chatbot_id String,
    channel_id String,
    name       String,
    type       String,
    number     Nullable(String),
    status     Nullable(String),
    created    Int64,
    updated    Int64,
    version    UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{{db}}/channels', '{shard}_{replica}', version)
ORDER BY (chatbot_id, channel_id)
;
-- API keys, on every node, by id; the row with the greatest `version` is the key (a revocation is a
-- new row with revoked_at set). Only the SHA-256 of a secret is kept.
CREATE TABLE IF NOT EXISTS {{db}}.api_keys ON CLUSTER {{cluster}} (
    id          String,
    name        String,
    permissions Array(String),
    resources   Array(String),
    created_at  Int64,
    revoked_at  Nullable(Int64),
    key_hash    String,
    version     UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{{db}}/api_keys', '{shard}_{replica}', version)
ORDER BY id
;
-- Export jobs, on every node, by id; each change is a new row with a greater `version`. `filters`:
-- the job's segment (key:value filters), empty for every conversation.
CREATE TABLE IF NOT EXISTS {{db}}.export_jobs ON CLUSTER {{cluster}} (
    id           String,
    chatbot_id   String,
    kind         String,
    from_ts      Int64,
    to_ts        Int64,
    timezone     Nullable(String),
    status       String,
    progress     Float64,
    created_at   Int64,
    completed_at Nullable(Int64),
    expires_at   Nullable(Int64),
    error        Nullable(String),
    attempts     Int32,
    filters      Array(String),
    version      UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{{db}}/export_jobs', '{shard}_{replica}', version)
ORDER BY id
;
-- Finished export files, on every node, so that any node serves a download: chunks of 1 MiB (base64)
-- under an upload id, then a marker row (chunk 4294967295, data = '<chunks>:<bytes>') naming the
-- complete upload; a download reads only a marked upload. Deleted by ALTER … DELETE.
CREATE TABLE IF NOT EXISTS {{db}}.export_files ON CLUSTER {{cluster}} (
    id     String,
    upload String,
    chunk  UInt32,
    data   String
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/{{db}}/export_files', '{shard}_{replica}')
PARTITION BY tuple()
ORDER BY (id, upload, chunk)
;
-- Per-chatbot settings, on every node; the row with the greatest `version` of a chatbot is its
-- settings (read with FINAL); a chatbot without a row has the defaults.
CREATE TABLE IF NOT EXISTS {{db}}.chatbot_settings ON CLUSTER {{cluster}} (
    chatbot_id           String,
    fallback_intents     Array(String),
    understood_threshold Float64,
    retention_days       Nullable(Int32),
    updated              Int64,
    version              UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{{db}}/chatbot_settings', '{shard}_{replica}', version)
ORDER BY chatbot_id
