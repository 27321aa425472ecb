package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import io.sextant.store.InboxStore;
import io.sextant.store.Segment;
import io.sextant.store.ThreadTally;
import io.sextant.support.EventLog;
import io.sextant.support.InboxModel;
import io.sextant.support.LoggedEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hand-over threads the writer keeps ({@code handover_threads}) and its copy of the agent
 * messages ({@code agent_messages}) equal, after every few commit groups, a brute-force
 * recomputation from the events ({@link InboxModel}: the definition's words, walked per
 * conversation) and migration V12's backfill over the same events: over inbox-heavy random traffic
 * with several opens and closes per conversation, many events in the same millisecond (ingestion
 * order decides), events arriving late and out of order across groups (a close before its open, an
 * agent message before the open it answers, an open that splits a thread in two), and ids sent again
 * with another payload (the first version wins); then after erasures and a retention cut, after a
 * restart of the writer with more traffic, and after the migration's backfill on a database that
 * had the events but not the tables. At each of those points the inbox statistics DuckDB adds up
 * from the kept threads equal the Java fold of the same threads.
 */
class InboxThreadsTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final List<String> CHANNELS = List.of("web", "wa", "voice");
    private static final List<String> AGENTS = List.of("anna", "bert", "cora", "dave", "emil", "fay");

    @TempDir
    Path dataDir;

    @Test
    void theKeptThreadsEqualTheDefinitionAndTheBackfillThroughLateEventsErasureAndRestart() throws Exception {
        long seed = Long.getLong("sextant.seed", 20261213L);
        Random r = new Random(seed);
        EventLog log = new EventLog();
        List<List<Event>> first = batches(r, "a", 160, 30);
        List<List<Event>> later = batches(r, "b", 160, 10); // the same conversations, new ids: more traffic after the restart
        try (Database db = Database.open(dataDir, "256MB")) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            try (DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
                for (int i = 0; i < first.size(); i++) {
                    List<EventBatch> group = List.of(new EventBatch("bot", first.get(i)), new EventBatch("other", first.get((i + 7) % first.size())));
                    store.append(group);
                    for (EventBatch b : group) {
                        log.accept(b.chatbotId(), b.events());
                    }
                    if (i % 6 == 5) {
                        assertKept(jdbc, log, "after group " + i);
                    }
                }
                assertKept(jdbc, log, "after the first traffic");
                assertThat(threadRows(jdbc, "bot").size()).as("threads").isGreaterThan(150);
                assertThat(jdbc.sql("SELECT count(*) FROM handover_threads WHERE chatbot_id = 'bot' AND thread_no > 1")
                        .query(Long.class).single()).as("conversations with several threads").isGreaterThan(20);
                assertThat(jdbc.sql("SELECT count(*) FROM handover_threads WHERE chatbot_id = 'bot' AND first_response_at IS NOT NULL")
                        .query(Long.class).single()).as("threads with a first response").isGreaterThan(50);

                // erasure: whole conversations, then every event before a cut (threads lose their opens, closes, messages)
                List<String> conversations = new ArrayList<>(log.model("bot").byConversation().keySet());
                Collections.sort(conversations);
                Set<String> erased = new TreeSet<>();
                while (erased.size() < conversations.size() / 6) {
                    erased.add(conversations.get(r.nextInt(conversations.size())));
                }
                for (String c : erased) {
                    assertThat(store.eraseConversation("bot", c)).isPositive();
                }
                assertThat(jdbc.sql("SELECT count(*) FROM handover_threads WHERE chatbot_id = 'bot' AND conversation_id IN ("
                        + String.join(",", erased.stream().map(c -> "'" + c + "'").toList()) + ")").query(Long.class).single())
                        .as("no thread of an erased conversation").isZero();
                assertThat(jdbc.sql("SELECT count(*) FROM agent_messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = 'bot') AND conversation_id IN ("
                        + String.join(",", erased.stream().map(c -> "'" + c + "'").toList()) + ")").query(Long.class).single())
                        .as("no agent message of an erased conversation").isZero();
                long cut = T0 + 5 * 3_600_000L + 17;
                assertThat(store.dropBefore("bot", cut)).isPositive();
                log = remaining(log, erased, cut);
                assertKept(jdbc, log, "after erasure and retention");
            }
            // a new writer on the same file keeps on from what is stored
            try (DuckDbEventStore again = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
                for (List<Event> batch : later) {
                    again.append(List.of(new EventBatch("bot", batch)));
                    log.accept("bot", batch);
                }
                assertKept(jdbc, log, "after the restart and more traffic");
            }
            // the migration's backfill on a database that has the events but not the tables
            jdbc.sql("DROP TABLE handover_threads").update();
            jdbc.sql("DROP TABLE agent_messages").update();
            // and the later migrations' work undone, since they run again after V12
            jdbc.sql("DROP TABLE table_order").update(); // V13
            jdbc.sql("DELETE FROM event_rollups WHERE metric IN ('cv', 'cvl', 'cvm')").update(); // V14
            jdbc.sql("ALTER TABLE event_rollups DROP COLUMN chatbot_key").update(); // V15
            jdbc.sql("DELETE FROM conversations WHERE NOT (" + RollupsTest.V4_ROW + ")").update(); // V17
            jdbc.sql("ALTER TABLE conversations DROP COLUMN user_messages").update();
            jdbc.sql("ALTER TABLE conversations DROP COLUMN handovers").update();
            jdbc.sql("ALTER TABLE conversations DROP COLUMN goals").update();
            jdbc.sql("ALTER TABLE conversations DROP COLUMN chatbot_key").update(); // V16
            MigrationSql.undoNumbers(jdbc, java.util.Set.of("agent_messages")); // V18
            jdbc.sql("DELETE FROM schema_version WHERE version >= 12").update();
        }
        try (Database db = Database.open(dataDir, "256MB")) {
            assertKept(JdbcClient.create(db.dataSource()), log, "after the migration's backfill");
        }
    }

    /** Inbox-heavy conversations (event ids starting with {@code ids}), shuffled into batches, with ids sent again (altered) in later batches. */
    private static List<List<Event>> batches(Random r, String ids, int conversations, int batchCount) {
        List<Event> all = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            String conversation = "conv-" + c;
            String home = CHANNELS.get(r.nextInt(CHANNELS.size()));
            long start = T0 + r.nextLong(24 * 3_600_000L);
            // few distinct instants per conversation: many events share a millisecond
            long[] instants = new long[2 + r.nextInt(6)];
            for (int i = 0; i < instants.length; i++) {
                instants[i] = start + (r.nextInt(3) == 0 ? 0 : r.nextLong(4 * 3_600_000L)) - (r.nextInt(5) == 0 ? 3_600_000L : 0);
            }
            int events = r.nextInt(14);
            for (int i = 0; i < events; i++) {
                long ts = instants[r.nextInt(instants.length)];
                String channel = r.nextInt(8) == 0 ? CHANNELS.get(r.nextInt(CHANNELS.size())) : home;
                String agent = AGENTS.get(r.nextInt(AGENTS.size()));
                String id = "ev-" + ids + "-" + c + "-" + i;
                all.add(switch (r.nextInt(9)) {
                    case 0, 1, 2 -> new Event.InboxOpened(id, ts, channel, conversation);
                    case 3, 4 -> new Event.InboxClosed(id, ts, channel, conversation, r.nextBoolean() ? agent : null);
                    case 5 -> new Event.InboxAssigned(id, ts, channel, conversation, agent);
                    case 6, 7 -> new Event.Message(id, ts, channel, conversation, Direction.AGENT, 1 + r.nextInt(80), agent);
                    default -> new Event.Message(id, ts, channel, conversation, Direction.USER, 1 + r.nextInt(80), null);
                });
            }
        }
        Collections.shuffle(all, r);
        List<List<Event>> batches = new ArrayList<>();
        for (int b = 0; b < batchCount; b++) {
            batches.add(new ArrayList<>(all.subList(all.size() * b / batchCount, all.size() * (b + 1) / batchCount)));
        }
        for (int b = 1; b < batchCount; b++) {
            for (int i = 0; i < 3; i++) {
                List<Event> source = batches.get(r.nextInt(b));
                if (!source.isEmpty()) {
                    Event e = source.get(r.nextInt(source.size()));
                    batches.get(b).add(altered(e, r)); // the first version wins: this one must change nothing
                }
            }
        }
        return batches;
    }

    /** The same id, another time and kind. */
    private static Event altered(Event e, Random r) {
        long ts = e.ts() + r.nextInt(3) - 1;
        return r.nextBoolean()
                ? new Event.InboxOpened(e.id(), ts, e.channelId(), e.conversationId())
                : new Event.Message(e.id(), ts, e.channelId(), e.conversationId(), Direction.AGENT, 5, "zed");
    }

    /** The log without the erased conversations and the events before the cut. */
    private static EventLog remaining(EventLog log, Set<String> erased, long cut) {
        EventLog left = new EventLog();
        for (LoggedEvent e : log.events()) {
            boolean gone = e.chatbotId().equals("bot") && (erased.contains(e.conversationId()) || e.ts() < cut);
            if (!gone) {
                left.accept(e.chatbotId(), List.of(e.event()));
            }
        }
        return left;
    }

    private static void assertKept(JdbcClient jdbc, EventLog log, String when) {
        for (String chatbot : List.of("bot", "other")) {
            List<String> expected = expected(log, chatbot);
            assertThat(threadRows(jdbc, chatbot)).as(chatbot + ", " + when).isEqualTo(expected);
            assertStatistics(jdbc, chatbot, when);
            List<String> agentMessages = log.model(chatbot).events().stream()
                    .filter(e -> e.event() instanceof Event.Message m && m.direction() == Direction.AGENT)
                    .map(e -> String.join("|", e.conversationId(), e.channelId(), Long.toString(e.ts()), e.agentId()))
                    .sorted().toList();
            assertThat(jdbc.sql("SELECT concat_ws('|', conversation_id, channel_id, ts, agent_id) AS r FROM agent_messages"
                    + " WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :c) ORDER BY r").param("c", chatbot).query(String.class).list())
                    .as(chatbot + ", agent messages, " + when).isEqualTo(agentMessages);
        }
        // the migration's backfill over the same events makes the same rows, seqs included
        String backfill = MigrationSql.backfill(12, "handover_threads");
        String all = "SELECT CAST(row(*COLUMNS(*)) AS VARCHAR) AS r FROM (%s) ORDER BY r";
        assertThat(jdbc.sql(all.formatted("SELECT * FROM handover_threads")).query(String.class).list())
                .as("the writer's rows equal the backfill's, " + when)
                .isEqualTo(jdbc.sql(all.formatted(backfill)).query(String.class).list());
    }

    /**
     * The statistics DuckDB computes where the threads are equal, to the last bit, the reference's
     * fold of the same threads streamed ({@link ThreadTally}), of all channels and of each, over
     * windows whose edges fall on the threads' own instants, a millisecond either side, and wide.
     */
    private static void assertStatistics(JdbcClient jdbc, String chatbot, String when) {
        DuckDbInboxStore store = new DuckDbInboxStore(jdbc);
        List<Long> instants = jdbc.sql("""
                SELECT DISTINCT unnest([opened_at, closed_at, first_response_at]) AS t FROM handover_threads
                WHERE chatbot_id = :c ORDER BY t""").param("c", chatbot).query(Long.class).list().stream()
                .filter(java.util.Objects::nonNull).toList();
        Random r = new Random(instants.size());
        List<long[]> windows = new ArrayList<>(List.of(new long[] {T0 - 86_400_000L, T0 + 3 * 86_400_000L}));
        for (int i = 0; i < 6 && instants.size() > 1; i++) {
            long a = instants.get(r.nextInt(instants.size())) + r.nextInt(3) - 1;
            long b = instants.get(r.nextInt(instants.size())) + r.nextInt(3) - 1;
            windows.add(new long[] {Math.min(a, b), Math.max(a, b)});
        }
        List<String> channels = new ArrayList<>(CHANNELS);
        channels.add(null);
        int withResponses = 0;
        for (long[] w : windows) {
            for (String channel : channels) {
                ThreadTally tally = new ThreadTally(w[0], w[1]);
                store.threads(chatbot, channel, w[0], w[1], Segment.ALL, tally::add);
                InboxStore.ThreadStatistics expected = tally.statistics();
                assertThat(store.threadStatistics(chatbot, channel, w[0], w[1], Segment.ALL))
                        .as("%s, %s, channel %s, window %d..%d", chatbot, when, channel, w[0], w[1]).isEqualTo(expected);
                withResponses += expected.firstResponse().samples() > 1 ? 1 : 0;
            }
        }
        assertThat(withResponses).as("windows with several first responses, " + when).isPositive();
    }

    /** The model's threads of the chatbot, as rows of {@link #threadRows}. */
    private static List<String> expected(EventLog log, String chatbot) {
        Map<String, Integer> numbers = new HashMap<>();
        List<String> rows = new ArrayList<>();
        List<InboxModel.Thread> threads = new ArrayList<>(new InboxModel(log.model(chatbot)).threads);
        threads.sort(java.util.Comparator.comparing(InboxModel.Thread::conversationId)); // stable: each conversation's in order
        for (InboxModel.Thread t : threads) {
            int no = numbers.merge(t.conversationId(), 1, Integer::sum);
            LoggedEvent f = t.firstResponse();
            rows.add(String.join("|", t.conversationId(), Integer.toString(no), t.channelId(), Long.toString(t.openedAt()),
                    String.valueOf(t.closedAt()), f == null ? "null" : Long.toString(f.ts()), f == null ? "null" : f.agentId()));
        }
        Collections.sort(rows);
        return rows;
    }

    private static List<String> threadRows(JdbcClient jdbc, String chatbot) {
        return jdbc.sql("""
                SELECT concat_ws('|', conversation_id, thread_no, channel_id, opened_at, coalesce(CAST(closed_at AS VARCHAR), 'null'),
                                 coalesce(CAST(first_response_at AS VARCHAR), 'null'), coalesce(first_responder, 'null')) AS r
                FROM handover_threads WHERE chatbot_id = :c ORDER BY r""").param("c", chatbot).query(String.class).list();
    }
}
