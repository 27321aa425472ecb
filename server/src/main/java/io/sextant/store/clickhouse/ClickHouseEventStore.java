package io.sextant.store.clickhouse;

import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import io.sextant.store.EventStore;
import io.sextant.store.PartialAppendException;
import io.sextant.store.StorageFullException;
import io.sextant.store.StoreHealth;
import io.sextant.store.StoreUnavailableException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Ingestion into ClickHouse. The batches of one call are stored per chatbot: a chatbot's batches
 * of the call together, as one insert into {@code events_local} on its shard (one part: whole or
 * nothing). For each chatbot, holding its ZooKeeper lock (the same on every API node):
 * <ol>
 *   <li>pick the replica to write: the first in configuration order that answers and holds every
 *       part registered for its shard (its replication queue has no insert to fetch; else wait a
 *       moment, then the next replica, else 503) — so that the look-up below sees every event ever
 *       acknowledged, even when the replica that took earlier writes has just died;</li>
 *   <li>look up which of the call's ids that replica already has;</li>
 *   <li>reserve {@code seq} numbers for the new events from the chatbot's ZooKeeper counter;</li>
 *   <li>insert the new rows there; the answer comes once the part is committed on that replica and
 *       registered in ZooKeeper for replication (or on {@code insert-quorum} replicas);</li>
 *   <li>register the chatbot's channels that are not known yet (idempotent, so a batch sent again
 *       after a failure here completes them).</li>
 * </ol>
 * A call whose chatbots partly fail throws {@link PartialAppendException}.
 */
final class ClickHouseEventStore implements EventStore {

    /** The look-up's statement may list up to a group's ids (200,000 by default); ClickHouse's default stops at 256 KiB. */
    private static final Map<String, String> LOOKUP_SETTINGS = Map.of("max_query_size", "268435456");
    /** How often (and how far apart) a replica with parts still to fetch is asked again before the next one is tried. */
    private static final int CATCH_UP_TRIES = 5;
    private static final long CATCH_UP_PAUSE_MS = 200;

    private final ClickHouseHttp ch;
    private final Topology topology;
    private final Coordination zk;
    private final ClickHouseChannelStore channels;
    private final ChangeLog changes;
    private final StoreHealth health;
    private final Map<String, String> insertSettings;

    ClickHouseEventStore(ClickHouseHttp ch, Topology topology, Coordination zk, ClickHouseChannelStore channels,
            ChangeLog changes, StoreHealth health, int insertQuorum) {
        this.ch = ch;
        this.topology = topology;
        this.zk = zk;
        this.channels = channels;
        this.changes = changes;
        this.health = health;
        this.insertSettings = insertQuorum > 1
                ? Map.of("insert_quorum", Integer.toString(insertQuorum), "insert_quorum_timeout", "30000")
                : Map.of();
    }

    @Override
    public int[] append(List<EventBatch> batches) {
        Map<String, List<Integer>> byChatbot = new LinkedHashMap<>();
        for (int i = 0; i < batches.size(); i++) {
            byChatbot.computeIfAbsent(batches.get(i).chatbotId(), k -> new ArrayList<>()).add(i);
        }
        int[] accepted = new int[batches.size()];
        Map<Integer, RuntimeException> failed = new TreeMap<>();
        Map<String, ChangeLog.Change> changed = new HashMap<>();
        try {
            byChatbot.forEach((chatbotId, indexes) -> {
                try {
                    int[] counts = appendChatbot(chatbotId, indexes.stream().map(batches::get).toList());
                    int sum = 0;
                    for (int k = 0; k < indexes.size(); k++) {
                        accepted[indexes.get(k)] = counts[k];
                        sum += counts[k];
                    }
                    if (sum > 0) {
                        // ALL is coarser than the earliest affected time, and always right; the cache is
                        // off with this engine anyway (the ChangeLog is declared incomplete)
                        changed.put(chatbotId, ChangeLog.Change.ALL);
                    }
                } catch (RuntimeException e) {
                    indexes.forEach(i -> failed.put(i, e));
                }
            });
        } finally {
            changes.record(changed);
        }
        if (failed.isEmpty()) {
            health.ok();
            return accepted;
        }
        if (failed.values().stream().anyMatch(e -> e instanceof StorageFullException)) {
            health.failed(new StoreHealth.Problem(true, "a ClickHouse node's disk is full"));
        }
        if (failed.size() == batches.size() && new HashSet<>(failed.values()).size() == 1) {
            throw failed.values().iterator().next(); // nothing stored, one reason: the failure itself
        }
        throw new PartialAppendException(accepted, failed);
    }

    /** A chatbot's batches of one call: all stored, or (on an exception) none. */
    private int[] appendChatbot(String chatbotId, List<EventBatch> batches) {
        int shard = topology.shardOf(chatbotId);
        return zk.underChatbotLock(chatbotId, () -> {
            Map<String, Integer> batchOfId = new LinkedHashMap<>(); // the first version of an id in the call wins
            Map<String, Event> firstOfId = new HashMap<>();
            Set<String> channelIds = new LinkedHashSet<>();
            for (int b = 0; b < batches.size(); b++) {
                for (Event e : batches.get(b).events()) {
                    if (batchOfId.putIfAbsent(e.id(), b) == null) {
                        firstOfId.put(e.id(), e);
                    }
                    channelIds.add(e.channelId());
                }
            }
            Writer writer = writer(shard, chatbotId, batchOfId.keySet());
            int[] counts = new int[batches.size()];
            List<Event> fresh = new ArrayList<>();
            batchOfId.forEach((id, b) -> {
                if (!writer.stored().contains(id)) {
                    fresh.add(firstOfId.get(id));
                    counts[b]++;
                }
            });
            if (!fresh.isEmpty()) {
                long seq = zk.reserveSeq(chatbotId, fresh.size(), () -> maxSeq(writer.node(), chatbotId));
                List<Map<String, Object>> rows = new ArrayList<>(fresh.size());
                for (Event e : fresh) {
                    rows.add(EventRows.row(chatbotId, e, seq++));
                }
                writer.node().insert("events_local", rows, insertSettings);
            }
            channels.registerUnknown(chatbotId, channelIds);
            return counts;
        });
    }

    /** The replica that takes a chatbot's write, and which of {@code ids} it already holds. */
    private record Writer(ClickHouseHttp node, Set<String> stored) {}

    /**
     * The first replica of the shard, in configuration order, that answers and has fetched every
     * part registered for the shard, with the ids of {@code ids} it holds (both read in one
     * statement, so from the same replica).
     */
    private Writer writer(int shard, String chatbotId, Set<String> ids) {
        List<URI> replicas = topology.nodesOf(shard);
        String behind = null;
        for (int attempt = 0; attempt < CATCH_UP_TRIES; attempt++) {
            for (URI replica : replicas) {
                ClickHouseHttp node = ch.onNodes(List.of(replica));
                Set<String> stored = new HashSet<>();
                long[] missing = {-1};
                try {
                    node.query(Sql.of("""
                            SELECT event_id, toUInt64(0) AS missing FROM events_local WHERE chatbot_id = ? AND event_id IN ?
                            UNION ALL
                            SELECT '' AS event_id, toUInt64(inserts_in_queue + is_readonly + is_session_expired) AS missing
                            FROM system.replicas WHERE database = currentDatabase() AND table = 'events_local'""",
                            chatbotId, ids), LOOKUP_SETTINGS, r -> {
                                if (r.get("event_id").asString().isEmpty()) {
                                    missing[0] = r.get("missing").asLong();
                                } else {
                                    stored.add(r.get("event_id").asString());
                                }
                            });
                } catch (StoreUnavailableException down) {
                    behind = replica + " does not answer";
                    continue;
                }
                if (missing[0] == 0) {
                    return new Writer(node, stored);
                }
                behind = replica + (missing[0] < 0 ? " lacks events_local" : " has " + missing[0] + " parts to fetch or no ZooKeeper");
            }
            sleep();
        }
        throw new StoreUnavailableException("no replica of shard " + shard + " can take the write now (" + behind
                + "); a replica that is down may hold acknowledged events the others have not fetched yet; nothing was stored;"
                + " send the batch again later", null);
    }

    private static long maxSeq(ClickHouseHttp node, String chatbotId) {
        List<JsonNode> rows = node.rows(Sql.of("SELECT toString(max(seq)) AS s FROM events_local WHERE chatbot_id = ?", chatbotId));
        return rows.isEmpty() ? 0 : Long.parseLong(rows.getFirst().get("s").asString());
    }

    private static void sleep() {
        try {
            Thread.sleep(CATCH_UP_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted", e);
        }
    }
}
