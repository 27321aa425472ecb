package io.sextant.store.clickhouse;

import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import io.sextant.store.ErasureStore;
import io.sextant.store.EventStore;
import io.sextant.store.PartialAppendException;
import io.sextant.store.StorageFullException;
import io.sextant.store.StoreHealth;
import io.sextant.store.StoreUnavailableException;
import java.net.URI;
import java.time.Duration;
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
 *   <li>read the chatbot's state in ZooKeeper: last seq, acknowledged event count, events of an
 *       insert in doubt;</li>
 *   <li>pick the replica to write: the first in configuration order that answers and holds every
 *       acknowledged event of the chatbot (see {@link #writer}), so that the look-up below is
 *       complete even when the replica that took earlier writes has just died;</li>
 *   <li>look up which of the call's ids that replica already has (same statement);</li>
 *   <li>mark the new events in doubt and reserve their {@code seq} numbers (one ZooKeeper write);</li>
 *   <li>insert the new rows there; the answer comes once the part is committed on that replica and
 *       registered in ZooKeeper for replication (or on {@code insert-quorum} replicas); then mark
 *       them acknowledged;</li>
 *   <li>register the chatbot's channels that are not known yet (idempotent, so a batch sent again
 *       after a failure here completes them).</li>
 * </ol>
 * A call whose chatbots partly fail throws {@link PartialAppendException}.
 *
 * <p>Erasure ({@link ErasureStore}), under the same lock: the removed events' ids go to
 * {@code erased_event_ids} (the look-up reads it too, so they stay duplicates), then one
 * {@code ALTER TABLE events_local DELETE} on the shard removes the events (a mutation: ClickHouse
 * applies it on every replica, asynchronously). The acknowledged count in ZooKeeper drops by the
 * removed events once a replica has applied it; until then the state says an erasure is in progress
 * ({@link Coordination.SeqState#erasing()}) and the statement is kept in ZooKeeper, so that whichever
 * node next writes the chatbot completes it first (see {@link #settle}).
 */
final class ClickHouseEventStore implements EventStore, ErasureStore {

    /** The look-up's statement may list up to a group's ids (200,000 by default); ClickHouse's default stops at 256 KiB. */
    private static final Map<String, String> LOOKUP_SETTINGS = Map.of("max_query_size", "268435456");
    /** How often (and how far apart) the replicas are asked again before the chatbot is refused. */
    private static final int CATCH_UP_TRIES = 5;
    private static final long CATCH_UP_PAUSE_MS = 200;
    /** How long an erasure waits by default for every replica of the shard to have applied it before it answers 503. */
    static final Duration ERASURE_WAIT = Duration.ofSeconds(60);

    private final ClickHouseHttp ch;
    private final Topology topology;
    private final Coordination zk;
    private final ClickHouseChannelStore channels;
    private final ChangeLog changes;
    private final StoreHealth health;
    private final Map<String, String> insertSettings;
    private final Duration erasureWait;

    ClickHouseEventStore(ClickHouseHttp ch, Topology topology, Coordination zk, ClickHouseChannelStore channels,
            ChangeLog changes, StoreHealth health, int insertQuorum) {
        this(ch, topology, zk, channels, changes, health, insertQuorum, ERASURE_WAIT);
    }

    /** With {@code erasureWait}: how long an erasure waits for the replicas to apply it before it answers 503. */
    ClickHouseEventStore(ClickHouseHttp ch, Topology topology, Coordination zk, ClickHouseChannelStore channels,
            ChangeLog changes, StoreHealth health, int insertQuorum, Duration erasureWait) {
        this.erasureWait = erasureWait;
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
            Coordination.SeqState state = zk.seq(chatbotId, () -> stored(chatbotId));
            if (state.erasing() > 0) {
                state = settle(chatbotId, shard, state, false); // an erasure first: its events must not count
            }
            Writer writer = writer(shard, chatbotId, batchOfId.keySet(), state);
            if (!writer.state().equals(state)) {
                zk.setSeq(chatbotId, state, writer.state()); // the doubt about an earlier insert is settled
                state = writer.state();
            }
            int[] counts = new int[batches.size()];
            List<Event> fresh = new ArrayList<>();
            batchOfId.forEach((id, b) -> {
                if (!writer.stored().contains(id)) {
                    fresh.add(firstOfId.get(id));
                    counts[b]++;
                }
            });
            if (!fresh.isEmpty()) {
                long seq = state.reserved() + 1;
                List<Map<String, Object>> rows = new ArrayList<>(fresh.size());
                for (Event e : fresh) {
                    rows.add(EventRows.row(chatbotId, e, seq++));
                }
                // in doubt until acknowledged: should the answer be lost, the next write of the
                // chatbot first finds out whether these rows were stored
                Coordination.SeqState inDoubt = new Coordination.SeqState(seq - 1, state.rows(), fresh.size());
                zk.setSeq(chatbotId, state, inDoubt);
                writer.node().insert("events_local", rows, insertSettings);
                zk.setSeq(chatbotId, inDoubt, new Coordination.SeqState(seq - 1, state.rows() + fresh.size(), 0));
            }
            channels.registerUnknown(chatbotId, channelIds);
            return counts;
        });
    }

    /** The replica that takes a chatbot's write, which of the ids it holds, and the chatbot's state with any doubt settled. */
    private record Writer(ClickHouseHttp node, Set<String> stored, Coordination.SeqState state) {}

    /**
     * The replica to write the chatbot's events to: the first in configuration order that answers
     * and holds every acknowledged event of the chatbot (its count of the chatbot's rows is the
     * acknowledged count), so that the look-up of ids, read in the same statement, is complete.
     *
     * <p>When an earlier insert is in doubt: a replica that holds it too (count = acknowledged +
     * pending) settles it as stored; when every replica of the shard answers and none holds it, it
     * was not stored. While a replica that does not answer may hold events the others lack (the
     * chatbot's latest acknowledged events, not fetched yet by the others when it died, or an insert
     * in doubt), writing would risk counting a re-sent event twice: the chatbot is refused (503)
     * until that replica is back. Other chatbots of the shard go on.
     */
    private Writer writer(int shard, String chatbotId, Set<String> ids, Coordination.SeqState state) {
        List<URI> replicas = topology.nodesOf(shard);
        String why = null;
        for (int attempt = 0; attempt < CATCH_UP_TRIES; attempt++) {
            int answered = 0;
            Writer lacking = null;
            for (URI replica : replicas) {
                ClickHouseHttp node = ch.onNodes(List.of(replica));
                Set<String> stored = new HashSet<>();
                long[] count = {-1};
                try {
                    // erased ids count as stored: an id once stored stays a duplicate (ErasureStore)
                    node.query(Sql.of("""
                            SELECT event_id, toUInt64(0) AS n FROM events_local WHERE chatbot_id = ? AND event_id IN ?
                            UNION ALL
                            SELECT event_id, toUInt64(0) AS n FROM erased_event_ids WHERE chatbot_id = ? AND event_id IN ?
                            UNION ALL
                            SELECT '' AS event_id, count() AS n FROM events_local WHERE chatbot_id = ?""",
                            chatbotId, ids, chatbotId, ids, chatbotId), LOOKUP_SETTINGS, r -> {
                                if (r.get("event_id").asString().isEmpty()) {
                                    count[0] = r.get("n").asLong();
                                } else {
                                    stored.add(r.get("event_id").asString());
                                }
                            });
                } catch (StoreUnavailableException down) {
                    why = replica + " does not answer";
                    continue;
                }
                answered++;
                long acknowledged = state.rows();
                if (count[0] == acknowledged + state.pending()) {
                    // everything, including an insert in doubt: it was stored
                    return new Writer(node, stored, new Coordination.SeqState(state.reserved(), acknowledged + state.pending(), 0));
                }
                if (count[0] == acknowledged && lacking == null) {
                    lacking = new Writer(node, stored, new Coordination.SeqState(state.reserved(), acknowledged, 0));
                }
                why = replica + " holds " + count[0] + " of the chatbot's " + acknowledged + " acknowledged events"
                        + (state.pending() > 0 ? " (+" + state.pending() + " in doubt)" : "");
            }
            if (lacking != null && (state.pending() == 0 || answered == replicas.size())) {
                return lacking; // no insert in doubt, or every replica says it was not stored
            }
            sleep();
        }
        throw new StoreUnavailableException("chatbot " + chatbotId + " cannot be written on shard " + shard + " now (" + why
                + "): a replica that is down may hold events of it the others have not fetched; nothing was stored;"
                + " send the batch again later", null);
    }

    @Override
    public long eraseConversation(String chatbotId, String conversationId) {
        return remove(chatbotId, Sql.of("conversation_id = ?", conversationId));
    }

    @Override
    public long dropBefore(String chatbotId, long cutoffMillis) {
        return remove(chatbotId, Sql.of("ts < ?", cutoffMillis));
    }

    /**
     * An erasure recorded in ZooKeeper while it is in progress: the condition of its
     * {@code DELETE} (bounded by the chatbot's seq at the time, so that submitting it again never
     * removes a later event), the count of {@code erased_event_ids} every replica must reach, and
     * whether the {@code DELETE} was submitted (if not, or not known, it is submitted again).
     * Only columns that are never NULL may be in the condition: 18.16 also removes the rows for
     * which a {@code DELETE}'s condition is NULL.
     */
    record Erasure(String where, long erasedIds, boolean submitted) {
        String text() {
            return (submitted ? "1" : "0") + "\n" + erasedIds + "\n" + where;
        }

        static Erasure parse(String text) {
            String[] p = text.split("\n", 3);
            return new Erasure(p[2], Long.parseLong(p[1]), p[0].equals("1"));
        }

        Erasure asSubmitted() {
            return new Erasure(where, erasedIds, true);
        }
    }

    /**
     * Removes the chatbot's events that meet {@code condition}, under its lock:
     * <ol>
     *   <li>complete an earlier erasure still in progress ({@link #settle});</li>
     *   <li>pick the replica that holds every acknowledged event ({@link #writer}) and count there
     *       the events to remove (none: go to the last step);</li>
     *   <li>copy their ids into {@code erased_event_ids} there, and record the erasure in ZooKeeper
     *       (the statement, and the state's {@code erasing});</li>
     *   <li>submit {@code ALTER TABLE events_local DELETE WHERE …} there, and wait until a replica has
     *       applied it: then the acknowledged count drops by the removed events;</li>
     *   <li>wait until every replica of the shard has applied it (and every earlier one), so that a
     *       read on any of them no longer sees the events; after {@link #ERASURE_WAIT} (by default) a
     *       {@link StoreUnavailableException}: sending the request again finishes it.</li>
     * </ol>
     */
    private long remove(String chatbotId, Sql condition) {
        int shard = topology.shardOf(chatbotId);
        long removed = zk.underChatbotLock(chatbotId, () -> {
            Coordination.SeqState state = zk.seq(chatbotId, () -> stored(chatbotId));
            if (state.erasing() > 0) {
                state = settle(chatbotId, shard, state, true);
            }
            Writer writer = writer(shard, chatbotId, Set.of(), state);
            if (!writer.state().equals(state)) {
                zk.setSeq(chatbotId, state, writer.state());
                state = writer.state();
            }
            String where = Sql.of("chatbot_id = ? AND seq <= ?", chatbotId, state.reserved()).text() + " AND (" + condition.text() + ")";
            long n = count(writer.node(), new Sql("SELECT toString(count()) AS n FROM events_local WHERE " + where));
            if (n > 0) {
                writer.node().execute(new Sql("INSERT INTO erased_event_ids SELECT chatbot_id, event_id FROM events_local WHERE " + where),
                        insertSettings);
                Erasure erasure = new Erasure(where, erasedIds(writer.node(), chatbotId), false);
                zk.recordErasure(chatbotId, erasure.text());
                Coordination.SeqState erasing = new Coordination.SeqState(state.reserved(), state.rows(), 0, n);
                zk.setSeq(chatbotId, state, erasing);
                writer.node().execute(new Sql("ALTER TABLE events_local DELETE WHERE " + where));
                zk.recordErasure(chatbotId, erasure.asSubmitted().text());
                state = settle(chatbotId, shard, erasing, true);
            }
            awaitReplicas(chatbotId, shard, state.rows(), erasedIds(writer.node(), chatbotId), true);
            return n;
        });
        if (removed > 0) {
            health.ok();
        }
        return removed;
    }

    /**
     * Completes the chatbot's erasure in progress ({@code state.erasing() > 0}; call it under the
     * chatbot's lock): submits its {@code DELETE} again unless it is known to be submitted, then waits
     * (for at most the erasure wait; with {@code wait} false not at all, unless it submitted the
     * {@code DELETE} just now) until a replica of the shard has applied it, whereupon the acknowledged
     * count drops by its events and the record is cleared. Until a replica has applied it, the
     * chatbot is not written: a 503.
     *
     * @return the chatbot's state afterwards
     */
    private Coordination.SeqState settle(String chatbotId, int shard, Coordination.SeqState state, boolean wait) {
        Erasure erasure = zk.erasure(chatbotId).map(Erasure::parse).orElseThrow(() -> new IllegalStateException(
                "the state of chatbot " + chatbotId + " in ZooKeeper says an erasure is in progress, but none is recorded"));
        boolean submittedNow = false;
        if (!erasure.submitted()) {
            topology.replicasOf(chatbotId).execute(new Sql("ALTER TABLE events_local DELETE WHERE " + erasure.where()));
            zk.recordErasure(chatbotId, erasure.asSubmitted().text());
            submittedNow = true;
        }
        long rowsAfter = state.rows() - state.erasing();
        awaitReplicas(chatbotId, shard, rowsAfter, erasure.erasedIds(), false, wait || submittedNow);
        Coordination.SeqState done = new Coordination.SeqState(state.reserved(), rowsAfter, state.pending(), 0);
        zk.setSeq(chatbotId, state, done);
        zk.clearErasure(chatbotId);
        changes.record(Map.of(chatbotId, ChangeLog.Change.ALL));
        return done;
    }

    private void awaitReplicas(String chatbotId, int shard, long rows, long erasedIds, boolean every) {
        awaitReplicas(chatbotId, shard, rows, erasedIds, every, true);
    }

    /**
     * Waits until {@code every} replica of the shard (or, with {@code every} false, one) has applied
     * every mutation of {@code events_local}, holds {@code rows} events of the chatbot and at least
     * {@code erasedIds} erased ids of it; with {@code wait} false it looks once.
     *
     * @throws StoreUnavailableException when that does not happen in time
     */
    private void awaitReplicas(String chatbotId, int shard, long rows, long erasedIds, boolean every, boolean wait) {
        long deadline = System.nanoTime() + erasureWait.toNanos();
        while (true) {
            String lacking = null;
            int applied = 0;
            List<URI> replicas = topology.nodesOf(shard);
            for (URI replica : replicas) {
                try {
                    JsonNode r = ch.onNodes(List.of(replica)).rows(Sql.of("""
                            SELECT toString((SELECT count() FROM events_local WHERE chatbot_id = ?)) AS events,
                                   toString((SELECT count() FROM erased_event_ids WHERE chatbot_id = ?)) AS erased,
                                   toString((SELECT count() FROM system.mutations
                                             WHERE database = currentDatabase() AND table = 'events_local' AND is_done = 0)) AS mutating""",
                            chatbotId, chatbotId)).getFirst();
                    long events = Long.parseLong(r.get("events").asString());
                    long erased = Long.parseLong(r.get("erased").asString());
                    long mutating = Long.parseLong(r.get("mutating").asString());
                    if (mutating == 0 && events == rows && erased >= erasedIds) {
                        applied++;
                    } else {
                        lacking = replica + " has not applied it yet (" + mutating + " mutations to do, " + events + " of "
                                + rows + " events, " + erased + " of " + erasedIds + " erased ids)";
                    }
                } catch (StoreUnavailableException down) {
                    lacking = replica + " does not answer";
                }
            }
            if (every ? applied == replicas.size() : applied > 0) {
                return;
            }
            if (!wait || System.nanoTime() > deadline) {
                throw new StoreUnavailableException("an erasure of events of chatbot " + chatbotId + " is submitted but not yet applied"
                        + (every ? " on every replica" : " on any replica") + " of shard " + shard + " (" + lacking + "); ClickHouse"
                        + " completes it by itself; send the request again later", null);
            }
            sleep();
        }
    }

    private static long count(ClickHouseHttp node, Sql sql) {
        return Long.parseLong(node.rows(sql).getFirst().get("n").asString());
    }

    private static long erasedIds(ClickHouseHttp node, String chatbotId) {
        return count(node, Sql.of("SELECT toString(count()) AS n FROM erased_event_ids WHERE chatbot_id = ?", chatbotId));
    }

    /**
     * What the store holds of a chatbot (for a state that ZooKeeper does not have yet): its greatest
     * seq and its count, read on its own shard (an up-to-date replica first), so that the first
     * write of a chatbot does not wait for the other shards.
     */
    private Coordination.SeqState stored(String chatbotId) {
        JsonNode r = topology.replicasOf(chatbotId).rows(Sql.of(
                "SELECT toString(max(seq)) AS s, toString(count()) AS n FROM events_local WHERE chatbot_id = ?", chatbotId)).getFirst();
        return new Coordination.SeqState(Long.parseLong(r.get("s").asString()), Long.parseLong(r.get("n").asString()), 0);
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
