package io.sextant.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import io.sextant.store.StoreHealth;
import io.sextant.store.StoreUnavailableException;
import io.sextant.testkit.ClickHouseCluster;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure on a real 2 × 2 cluster when it is interrupted: by a node that recorded it in ZooKeeper
 * and stopped before submitting its {@code DELETE} (another node's next write completes it), and by
 * a replica that is down (the erasure answers 503, the chatbot's ingestion goes on on the other
 * replica, and once the replica is back the erasure confirms). Throughout, the acknowledged count
 * in ZooKeeper follows what the replicas hold, erased ids stay duplicates, and every replica ends
 * with the same rows.
 */
class ClickHouseErasureTest {

    static final String DB = "erasure_test";
    static ClickHouseCluster cluster;
    static Node a;
    static Node b;

    /** What one API node has (the stores an erasure needs). */
    record Node(ClickHouseHttp ch, Coordination zk, Topology topology, ClickHouseEventStore events) {
        static Node start() {
            ClickHouseHttp ch = new ClickHouseHttp(cluster.urls().stream().map(URI::create).toList(), "default", "", DB, Duration.ofSeconds(30));
            ClickHouseSchema.ensure(ch, "sextant");
            Coordination zk = new Coordination(cluster.env().get("SEXTANT_CLICKHOUSE_ZOOKEEPER"), DB, Duration.ofSeconds(10));
            Topology topology = new Topology(ch, "sextant");
            ChangeLog changes = new ChangeLog();
            ClickHouseChannelStore channels = new ClickHouseChannelStore(ch, zk, changes, Clock.systemUTC());
            return new Node(ch, zk, topology, new ClickHouseEventStore(ch, topology, zk, channels, changes, new StoreHealth(), 0,
                    Duration.ofSeconds(20)));
        }
    }

    @BeforeAll
    static void start() {
        cluster = ClickHouseCluster.shared();
        a = Node.start();
        b = Node.start();
    }

    @AfterAll
    static void stop() {
        cluster.restartStopped();
        a.zk().close();
        b.zk().close();
    }

    /**
     * {@code conversations} conversations of two events each, ids {@code prefix}0, …: those of prefix
     * {@code e} are c0, c1, …, the others {@code prefix}c0, ….
     */
    static List<Event> events(String prefix, int conversations) {
        List<Event> out = new ArrayList<>();
        String conversation = prefix.equals("e") ? "c" : prefix + "c";
        for (int i = 0; i < conversations; i++) {
            out.add(new Event.ConversationStarted(prefix + (2 * i), 1_700_000_000_000L + i, "web", conversation + i, "de"));
            out.add(new Event.Message(prefix + (2 * i + 1), 1_700_000_000_000L + i, "web", conversation + i, Direction.USER, 5, null));
        }
        return out;
    }

    /** The chatbot's rows and rows of conversation c0 on one replica. */
    static long[] onReplica(URI replica, String chatbotId) {
        var r = a.ch().onNodes(List.of(replica)).rows(Sql.of("""
                SELECT toString(count()) AS n, toString(countIf(conversation_id = 'c0')) AS c0 FROM events_local WHERE chatbot_id = ?""",
                chatbotId)).getFirst();
        return new long[] {Long.parseLong(r.get("n").asString()), Long.parseLong(r.get("c0").asString())};
    }

    /** Waits until every replica of the chatbot's shard holds {@code rows} rows of it and none of c0. */
    static void awaitReplicas(String chatbotId, long rows) throws InterruptedException {
        List<URI> replicas = a.topology().nodesOf(a.topology().shardOf(chatbotId));
        assertThat(replicas).hasSize(2);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (URI replica : replicas) {
            while (!java.util.Arrays.equals(onReplica(replica, chatbotId), new long[] {rows, 0}) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(onReplica(replica, chatbotId)).as("%s: rows of the chatbot, of c0", replica).containsExactly(rows, 0);
        }
    }

    @Test
    void anErasureRecordedButNeverSubmittedIsCompletedByAnotherNodesNextWrite() throws Exception {
        String bot = "half-way";
        assertThat(a.events().append(List.of(new EventBatch(bot, events("e", 10))))).containsExactly(20);

        // node a records the erasure of c0 (ids copied, state "erasing 2") and stops before its DELETE
        Coordination.SeqState state = a.zk().seq(bot, () -> {
            throw new AssertionError("the chatbot has a state");
        });
        String where = Sql.of("chatbot_id = ? AND seq <= ? AND (conversation_id = ?)", bot, state.reserved(), "c0").text();
        ClickHouseHttp writer = a.topology().replicasOf(bot);
        writer.execute(new Sql("INSERT INTO erased_event_ids SELECT chatbot_id, event_id FROM events_local WHERE " + where));
        long erasedIds = Long.parseLong(writer.rows(Sql.of("SELECT toString(count()) AS n FROM erased_event_ids WHERE chatbot_id = ?", bot))
                .getFirst().get("n").asString());
        a.zk().recordErasure(bot, new ClickHouseEventStore.Erasure(where, erasedIds, false).text());
        a.zk().setSeq(bot, state, new Coordination.SeqState(state.reserved(), state.rows(), 0, 2));

        // node b's next write submits it, waits until it is applied, and then stores its own events
        assertThat(b.events().append(List.of(new EventBatch(bot, events("f", 3))))).containsExactly(6);
        Coordination.SeqState after = b.zk().seq(bot, () -> {
            throw new AssertionError("the chatbot has a state");
        });
        assertThat(after.erasing()).isZero();
        assertThat(after.rows()).as("20 − 2 erased + 6").isEqualTo(24);
        assertThat(b.zk().erasure(bot)).as("the record is gone once complete").isEmpty();
        awaitReplicas(bot, 24);

        // the erased ids stay duplicates; the conversation's events cannot come back
        assertThat(a.events().append(List.of(new EventBatch(bot, events("e", 10))))).containsExactly(0);
        assertThat(a.events().eraseConversation(bot, "c0")).as("nothing left of c0").isZero();
        assertThat(a.events().eraseConversation(bot, "c1")).isEqualTo(2);
        awaitReplicas(bot, 22);
    }

    @Test
    void aReplicaDownMakesTheErasureAnswer503WhileIngestionGoesOnAndItConfirmsOnceTheReplicaIsBack() throws Exception {
        String bot = "replica-down";
        assertThat(a.events().append(List.of(new EventBatch(bot, events("e", 10))))).containsExactly(20);
        int shard = a.topology().shardOf(bot);
        List<URI> replicas = a.topology().nodesOf(shard);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (onReplica(replicas.get(1), bot)[0] < 20 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // the shard's second replica in configuration order (nodes 2s-1, 2s hold shard s): not the one written
        kill("clickhouse-" + (2 * shard));
        try {
            assertThatThrownBy(() -> a.events().eraseConversation(bot, "c0")).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("not yet applied on");

            // once the live replica has applied it (should the dead one have led the shard, ClickHouse first makes the
            // live one leader: up to its ZooKeeper session timeout), the acknowledged count follows and the chatbot is
            // written on, the erased ids staying duplicates
            assertThat(retrying(() -> b.events().append(List.of(new EventBatch(bot, events("f", 3)))))).containsExactly(6);
            Coordination.SeqState state = a.zk().seq(bot, () -> {
                throw new AssertionError("the chatbot has a state");
            });
            assertThat(state.rows()).as("20 − 2 erased + 6").isEqualTo(24);
            assertThat(state.erasing()).isZero();
            assertThat(b.events().append(List.of(new EventBatch(bot, events("e", 10))))).containsExactly(0);
        } finally {
            cluster.restartStopped();
        }
        // once the replica is back, sending the erasure again confirms it: nothing is left to erase anywhere
        assertThat(retrying(() -> a.events().eraseConversation(bot, "c0"))).isZero();
        awaitReplicas(bot, 24);
    }

    /** The answer of {@code call}, asked again while the store is unavailable, for two minutes at most. */
    static <T> T retrying(java.util.concurrent.Callable<T> call) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                return call.call();
            } catch (StoreUnavailableException notYet) {
                if (System.nanoTime() > until) {
                    throw notYet;
                }
                Thread.sleep(500);
            }
        }
    }

    static void kill(String server) throws Exception {
        long pid = cluster.pid(server);
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
    }
}
