package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.report.TimeWindow;
import io.sextant.store.ChangeLog;
import io.sextant.store.Metric;
import io.sextant.store.ReportQuery;
import io.sextant.store.StoreHealth;
import io.sextant.support.RandomEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Putting the rollup tables in chatbot order ({@link Clustering}) moves rows and changes none: two
 * stores take the same commit groups of many chatbots' interleaved events, one never rewriting its
 * tables, the other rewriting them whenever a small tail is due (during commits, when idle, and
 * again after a restart). Their rollups hold the same rows, every report answers the same, and only
 * the rewritten store keeps each table in the order it promises.
 */
class ClusteringTest {

    static final long LO = 1_743_120_000_000L; // 2025-03-28T00:00Z
    static final long HI = 1_743_724_800_000L; // 2025-04-04T00:00Z
    static final List<String> CHANNELS = List.of("web", "voice", "mail");
    private static final int CHATBOTS = 12;

    @TempDir
    Path plainDir;

    @TempDir
    Path orderedDir;

    @Test
    void rewritingInChatbotOrderChangesNoAnswer() throws Exception {
        long seed = Long.getLong("sextant.seed", 20261201L);
        List<List<List<Event>>> perChatbot = new ArrayList<>();
        for (int b = 0; b < CHATBOTS; b++) {
            perChatbot.add(new RandomEvents(seed + b, LO, HI, List.of(LO + 2 * EventRollups.DAY), CHANNELS).batches(60, 24));
        }
        try (Database plain = Database.open(plainDir, "256MB");
                DuckDbEventStore never = new DuckDbEventStore(plain, DuckDbEventStoreTest.CLOCK, new ChangeLog(), new StoreHealth(), Long.MAX_VALUE)) {
            Database ordered = Database.open(orderedDir, "256MB");
            DuckDbEventStore often = new DuckDbEventStore(ordered, DuckDbEventStoreTest.CLOCK, new ChangeLog(), new StoreHealth(), 200);
            try {
                for (int g = 0; g < 24; g++) {
                    if (g == 12) { // a restart half-way: the counts start again from what is stored
                        often.close();
                        ordered.close();
                        ordered = Database.open(orderedDir, "256MB");
                        often = new DuckDbEventStore(ordered, DuckDbEventStoreTest.CLOCK, new ChangeLog(), new StoreHealth(), 200);
                    }
                    List<EventBatch> group = new ArrayList<>(); // every group holds every chatbot: the fleet's interleaving
                    for (int b = 0; b < CHATBOTS; b++) {
                        group.add(new EventBatch("bot-" + (CHATBOTS - b), perChatbot.get(b).get(g)));
                    }
                    never.append(group);
                    often.append(group);
                }
                Thread.sleep(1_100); // idle for a second: the last tail is put in order too
                often.idle();

                JdbcClient a = JdbcClient.create(plain.dataSource());
                JdbcClient b = JdbcClient.create(ordered.dataSource());
                for (Clustering.Table t : Clustering.TABLES) {
                    long plainRows = a.sql("SELECT count(*) FROM " + t.name()).query(Long.class).single();
                    assertThat(outOfOrder(a, t, plainRows)).as("rows of %s out of chatbot order without rewrites", t.name()).isPositive();
                    // what the last rewrite left is in order; only a tail too small to be due may follow it
                    long rows = b.sql("SELECT count(*) FROM " + t.name()).query(Long.class).single();
                    long tail = b.sql("SELECT tail FROM table_order WHERE table_name = ?").param(t.name()).query(Long.class).single();
                    assertThat(tail).as("tail of %s", t.name()).isLessThan(Math.max(200, (rows - tail) / 8));
                    assertThat(outOfOrder(b, t, rows - tail)).as("rows of %s out of order after the rewrites", t.name()).isZero();
                    assertThat(outOfOrder(b, t, rows)).as("rows of %s out of order in all", t.name()).isLessThanOrEqualTo(tail);
                    if (t == Clustering.EVENT_ROLLUPS) { // the rewrites compacted it: what the last one left holds one row per identity
                        assertThat(b.sql("SELECT count(*) FROM (SELECT chatbot_id, channel_id, grain, start_ts, metric, key, num"
                                + " FROM event_rollups WHERE rowid < ? GROUP BY ALL HAVING count(*) > 1)").param(rows - tail)
                                .query(Long.class).single()).as("identities with more than one row in the rewritten part").isZero();
                        // at most one row per identity: how many rows the tail and the plain store hold depends on when
                        // the rewrites ran (they pace themselves by their own duration), so the table's size is no measure
                        long identities = a.sql("SELECT count(*) FROM (SELECT DISTINCT chatbot_id, channel_id, grain, start_ts, metric, key, num"
                                + " FROM event_rollups)").query(Long.class).single();
                        assertThat(rows - tail).as("rows of event_rollups compacted by the rewrites").isLessThanOrEqualTo(identities);
                    }
                }
                String rollups = "SELECT CAST(row(chatbot_id, channel_id, grain, start_ts, metric, key, num, sum(n), round(sum(total), 6)) AS VARCHAR) AS r"
                        + " FROM event_rollups GROUP BY chatbot_id, channel_id, grain, start_ts, metric, key, num"
                        + " HAVING sum(n) <> 0 ORDER BY r"; // conversations rows counted out as often as in leave nothing
                assertThat(b.sql(rollups).query(String.class).list()).hasSizeGreaterThan(1000)
                        .isEqualTo(a.sql(rollups).query(String.class).list());
                String conversations = "SELECT CAST(row(*COLUMNS(*)) AS VARCHAR) AS r FROM conversations ORDER BY r";
                assertThat(b.sql(conversations).query(String.class).list()).hasSizeGreaterThan(1000)
                        .isEqualTo(a.sql(conversations).query(String.class).list());

                DuckDbReportStore fromPlain = new DuckDbReportStore(plain.dataSource(), true);
                DuckDbReportStore fromOrdered = new DuckDbReportStore(ordered.dataSource(), true);
                Random r = new Random(seed);
                for (int i = 0; i < 40; i++) {
                    ReportQuery q = randomQuery(r, CHATBOTS);
                    EventRollupsTest.assertSame(fromOrdered.compute(q), fromPlain.compute(q), "seed " + seed + ", query " + i + ": " + q);
                }
            } finally {
                often.close();
                ordered.close();
            }
        }
    }

    @TempDir
    Path oneChatbotDir;

    /**
     * Of one chatbot, the conversations rows after its own do not count as tail (they arrive in the
     * order of their starts), but every event_rollups row does: a commit group's rows interleave
     * the metrics that the table's order puts first.
     */
    @Test
    void theConversationsOfOneChatbotAfterItsOwnDoNotCountAsTailItsEventRollupsDo() throws Exception {
        List<List<Event>> batches = new RandomEvents(7, LO, HI, List.of(LO + 2 * EventRollups.DAY), CHANNELS).batches(200, 30);
        try (Database db = Database.open(oneChatbotDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog(), new StoreHealth(), Long.MAX_VALUE)) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource()); // never rewritten: the tail is the count alone
            String tail = "SELECT tail FROM table_order WHERE table_name = ?";
            store.append(List.of(new EventBatch("solo", batches.getFirst())));
            store.saveTails(); // the tails a commit group counts reach table_order at most once a second
            long afterFirst = jdbc.sql(tail).param("conversations").query(Long.class).single(); // the first group after a start counts
            long rollupsAfterFirst = jdbc.sql(tail).param("event_rollups").query(Long.class).single();
            assertThat(afterFirst).isPositive();
            for (List<Event> batch : batches.subList(1, batches.size())) {
                store.append(List.of(new EventBatch("solo", batch)));
            }
            store.saveTails();
            assertThat(jdbc.sql("SELECT count(*) FROM event_rollups").query(Long.class).single()).isGreaterThan(1000);
            assertThat(jdbc.sql(tail).param("conversations").query(Long.class).single()).isEqualTo(afterFirst);
            assertThat(jdbc.sql(tail).param("event_rollups").query(Long.class).single()).isGreaterThan(rollupsAfterFirst + 1000);
            // a group of another chatbot interleaves: its rows count
            store.append(List.of(new EventBatch("other", batches.getFirst())));
            store.saveTails();
            assertThat(jdbc.sql(tail).param("conversations").query(Long.class).single()).isGreaterThan(afterFirst);
            // unasked, a commit group saves the tails once they were last saved a second before
            long saved = jdbc.sql(tail).param("event_rollups").query(Long.class).single();
            Thread.sleep(Clustering.SAVE_EVERY_NANOS / 1_000_000 + 100);
            store.append(List.of(new EventBatch("third", batches.get(2))));
            assertThat(jdbc.sql(tail).param("event_rollups").query(Long.class).single()).isGreaterThan(saved);
        }
    }

    @TempDir
    Path updatedDir;

    /**
     * DuckDB carries out the writer's {@code UPDATE … RETURNING} of conversations rows (a table with
     * a {@code LIST} column, V17's goals) as a delete and an insert: the rows a group updates move to
     * the end of the table. They count in the tail as appended rows do, so the part before the tail
     * stays in order; so do the rows an erasure writes anew. (Found by the test above, which met it
     * only when no rewrite came after the last updates.)
     */
    @Test
    void conversationRowsThatAnUpdateMovesCountInTheTail() throws Exception {
        // a least tail of 100 rows: the first group's 120 rows are put in order at its commit, the
        // 60 rows the second group updates are not due for a rewrite, during commits or idle
        try (Database db = Database.open(updatedDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog(), new StoreHealth(), 100)) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            List<EventBatch> starts = new ArrayList<>();
            List<EventBatch> replies = new ArrayList<>();
            for (int b = 1; b <= 3; b++) {
                List<Event> started = new ArrayList<>();
                List<Event> replied = new ArrayList<>();
                for (int c = 0; c < 20; c++) {
                    String conversation = "conv-" + c;
                    started.add(new Event.ConversationStarted("start-" + c, LO + c, "web", conversation, "en", Map.of()));
                    if (c % 2 == 0) {
                        replied.add(new Event.Message("reply-" + c, LO + 60_000 + c, "web", conversation, io.sextant.event.Direction.BOT, 5, null));
                    }
                }
                starts.add(new EventBatch("bot-" + b, started));
                replies.add(new EventBatch("bot-" + b, replied));
            }
            Clustering.Table t = Clustering.CONVERSATIONS;
            String tail = "SELECT tail FROM table_order WHERE table_name = 'conversations'";
            String count = "SELECT count(*) FROM conversations";
            store.append(starts);
            long rows = jdbc.sql(count).query(Long.class).single();
            assertThat(rows).isEqualTo(3 * 20 * 2); // each conversation's row on its channel and on all
            assertThat(jdbc.sql(tail).query(Long.class).single()).as("put in order at the commit").isZero();
            assertThat(outOfOrder(jdbc, t, rows)).isZero();

            store.append(replies); // 60 rows updated, none appended
            Thread.sleep(1_100); // idle for a second: 60 rows are under the least tail, so no rewrite comes
            store.idle(); // saves the tails
            assertThat(jdbc.sql(count).query(Long.class).single()).isEqualTo(rows);
            assertThat(jdbc.sql("SELECT count(*) FROM conversations WHERE messages = 1").query(Long.class).single()).isEqualTo(rows / 2);
            assertThat(outOfOrder(jdbc, t, rows)).as("the updated rows lie out of order").isPositive();
            long counted = jdbc.sql(tail).query(Long.class).single();
            assertThat(counted).isEqualTo(rows / 2);
            assertThat(outOfOrder(jdbc, t, rows - counted)).as("out of order before the tail").isZero();

            // an erasure writes the rows of the conversations it touches anew, at the end: they count too
            assertThat(store.dropBefore("bot-1", LO + 10)).isEqualTo(10); // the starts of conv-0 … conv-9
            store.saveTails();
            long left = jdbc.sql(count).query(Long.class).single();
            assertThat(left).isEqualTo(rows - 10); // conv-1, -3 … -9 are gone; conv-0, -2 … -8 keep a row without a start
            assertThat(jdbc.sql(tail).query(Long.class).single()).isEqualTo(counted + 10);
            assertThat(outOfOrder(jdbc, t, left - counted - 10)).isZero();
        }
    }

    /**
     * Of the first {@code rows} rows in storage order, those whose predecessor comes after them in
     * the table's order (by chatbot, then the next column).
     */
    private static long outOfOrder(JdbcClient jdbc, Clustering.Table t, long rows) {
        String[] cols = t.order().split(", ");
        String key = "(" + cols[0] + ", " + cols[1] + ")";
        return jdbc.sql("SELECT count(*) FROM (SELECT " + key + " AS k, lag(" + key + ") OVER (ORDER BY rowid) AS p,"
                + " row_number() OVER (ORDER BY rowid) AS i FROM " + t.name() + ") WHERE p > k AND i <= ?")
                .param(rows).query(Long.class).single();
    }

    /** A report of every metric, hourly or daily, over up to five days, of one of the chatbots {@code bot-1} … {@code bot-<chatbots>}. */
    static ReportQuery randomQuery(Random r, int chatbots) {
        long from = LO + r.nextLong(HI - LO);
        long to = Math.min(HI, from + r.nextLong(5 * EventRollups.DAY));
        TimeWindow.Interval interval = TimeWindow.Interval.parse(r.nextBoolean() ? "3600" : "86400");
        TimeWindow w = TimeWindow.of(from, to, interval, java.util.Optional.empty(), interval.maxBuckets());
        Map<Metric, Set<Metric.Part>> metrics = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            metrics.put(m, m.kind() == Metric.Kind.SERIES ? EnumSet.allOf(Metric.Part.class) : Set.of());
        }
        String channel = r.nextInt(3) == 0 ? null : CHANNELS.get(r.nextInt(CHANNELS.size()));
        return new ReportQuery("bot-" + (1 + r.nextInt(chatbots)), channel, w.from(), w.to(), w.previousFrom(),
                w.buckets().stream().map(TimeWindow.Bucket::start).toList(), metrics);
    }
}
