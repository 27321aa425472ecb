package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import io.sextant.store.ReportQuery;
import io.sextant.store.StoreException;
import io.sextant.support.RandomEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A commit group written in rounds ({@link DuckDbEventStore#append(List, java.util.function.Supplier)}:
 * the batches that arrive while a group is written join it) stores exactly what the same batches
 * store in one call. Two stores take the same groups of several chatbots' random events (late ones,
 * ids repeated within a batch, across the batches of a group and from earlier groups, inbox
 * threads, attributes): one store takes each group in one call, the other takes it split at random
 * into rounds. Each batch's answer, every table's rows and every report must agree. A group that
 * fails after its first round leaves nothing of any round behind.
 */
class CommitRoundsTest {

    private static final int CHATBOTS = 4;
    private static final int GROUPS = 16;

    @TempDir
    Path oneCallDir;

    @TempDir
    Path roundsDir;

    @Test
    void aGroupWrittenInRoundsStoresWhatOneCallStores() {
        long seed = Long.getLong("sextant.seed", 20261207L);
        List<List<List<Event>>> perChatbot = new ArrayList<>();
        for (int b = 0; b < CHATBOTS; b++) {
            perChatbot.add(new RandomEvents(seed + b, ClusteringTest.LO, ClusteringTest.HI,
                    List.of(ClusteringTest.LO + 2 * EventRollups.DAY), ClusteringTest.CHANNELS).batches(40, GROUPS));
        }
        Random r = new Random(seed);
        int groupsInRounds = 0;
        int laterDuplicates = 0; // batches of a later round with an id the group or the store had already
        try (Database oneCallDb = Database.open(oneCallDir, "256MB");
                DuckDbEventStore oneCall = new DuckDbEventStore(oneCallDb, DuckDbEventStoreTest.CLOCK, new ChangeLog());
                Database roundsDb = Database.open(roundsDir, "256MB");
                DuckDbEventStore inRounds = new DuckDbEventStore(roundsDb, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            for (int g = 0; g < GROUPS; g++) {
                List<EventBatch> group = new ArrayList<>();
                for (int b = 0; b < CHATBOTS; b++) {
                    List<Event> events = perChatbot.get(b).get(g);
                    int cut = r.nextInt(events.size() + 1); // a chatbot's events in one batch or two
                    group.add(new EventBatch("bot-" + (b + 1), events.subList(0, cut)));
                    if (cut < events.size()) {
                        group.add(new EventBatch("bot-" + (b + 1), events.subList(cut, events.size())));
                    }
                }
                Collections.shuffle(group, r);
                List<List<EventBatch>> rounds = rounds(group, r);
                groupsInRounds += rounds.size() > 1 ? 1 : 0;

                int[] expected = oneCall.append(group);
                Iterator<List<EventBatch>> more = rounds.subList(1, rounds.size()).iterator();
                int[] actual = inRounds.append(rounds.getFirst(), () -> more.hasNext() ? more.next() : List.of());

                assertThat(actual).as("seed %d, group %d in %d rounds", seed, g, rounds.size()).containsExactly(expected);
                for (int i = rounds.getFirst().size(); i < group.size(); i++) {
                    laterDuplicates += actual[i] < group.get(i).events().size() ? 1 : 0;
                }
            }
            assertThat(groupsInRounds).as("groups written in more than one round").isGreaterThan(GROUPS / 2);
            assertThat(laterDuplicates).as("batches of later rounds with ids stored or taken before").isPositive();

            JdbcClient a = JdbcClient.create(oneCallDb.dataSource());
            JdbcClient b = JdbcClient.create(roundsDb.dataSource());
            for (String table : List.of("conversation_events", "messages", "intents", "steps", "interactions", "calls",
                    "inbox_events", "goals", "ratings", "conversation_attributes", "agent_messages", "event_ids",
                    "conversations", "handover_threads", "channels", "step_labels")) {
                String rows = "SELECT CAST(row(*COLUMNS(*)) AS VARCHAR) AS r FROM " + table + " ORDER BY r";
                List<String> want = a.sql(rows).query(String.class).list();
                assertThat(want).as("rows of %s", table).isNotEmpty();
                assertThat(b.sql(rows).query(String.class).list()).as("rows of %s", table).isEqualTo(want);
            }
            String rollups = "SELECT CAST(row(chatbot_id, channel_id, grain, start_ts, metric, key, num, sum(n), round(sum(total), 6)) AS VARCHAR) AS r"
                    + " FROM event_rollups GROUP BY chatbot_id, channel_id, grain, start_ts, metric, key, num"
                    + " HAVING sum(n) <> 0 ORDER BY r";
            assertThat(b.sql(rollups).query(String.class).list()).hasSizeGreaterThan(500)
                    .isEqualTo(a.sql(rollups).query(String.class).list());

            DuckDbReportStore fromOneCall = new DuckDbReportStore(oneCallDb.dataSource(), true);
            DuckDbReportStore fromRounds = new DuckDbReportStore(roundsDb.dataSource(), true);
            for (int i = 0; i < 30; i++) {
                ReportQuery q = ClusteringTest.randomQuery(r, CHATBOTS);
                EventRollupsTest.assertSame(fromRounds.compute(q), fromOneCall.compute(q), "seed " + seed + ", query " + i + ": " + q);
            }
        }
    }

    /** The group's batches in order, cut into one to four rounds, none of them empty. */
    private static List<List<EventBatch>> rounds(List<EventBatch> group, Random r) {
        List<List<EventBatch>> rounds = new ArrayList<>();
        int from = 0;
        while (from < group.size()) {
            int to = rounds.size() == 3 ? group.size() : from + 1 + r.nextInt(group.size() - from);
            rounds.add(group.subList(from, to));
            from = to;
        }
        return rounds;
    }

    @Test
    void aGroupThatFailsAfterItsFirstRoundLeavesNothingBehind() {
        DuckDbEventStoreTest.FailingClock clock = new DuckDbEventStoreTest.FailingClock();
        try (Database db = Database.open(roundsDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, clock, new ChangeLog())) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            var first = new EventBatch("bot", List.of(DuckDbEventStoreTest.message("m1", "web", Direction.USER, 3),
                    DuckDbEventStoreTest.message("m2", "web", Direction.BOT, 4)));
            var second = new EventBatch("bot", List.of(DuckDbEventStoreTest.message("m3", "voice", Direction.USER, 1)));
            Iterator<List<EventBatch>> more = List.of(List.of(second)).iterator();
            int[] asked = {0};

            // the writer reads the clock to register the new channels, once every round is appended
            clock.failing = true;
            assertThatThrownBy(() -> store.append(List.of(first), () -> {
                asked[0]++;
                return more.hasNext() ? more.next() : List.of();
            })).isInstanceOf(StoreException.class);
            clock.failing = false;
            assertThat(asked[0]).as("rounds asked for before the failure").isEqualTo(2);
            for (String table : List.of("event_ids", "messages", "conversations", "event_rollups", "channels")) {
                assertThat(DuckDbEventStoreTest.count(jdbc, "SELECT count(*) FROM " + table)).as(table).isZero();
            }

            // no id was burnt, and the writer works on
            Iterator<List<EventBatch>> again = List.of(List.of(second)).iterator();
            assertThat(store.append(List.of(first), () -> again.hasNext() ? again.next() : List.of())).containsExactly(2, 1);
            assertThat(jdbc.sql("SELECT c.chatbot_id || ':' || seq || ':' || length FROM messages JOIN chatbots c USING (chatbot_no) ORDER BY seq").query(String.class).list())
                    .containsExactly("bot:1:3", "bot:2:4", "bot:3:1");
        }
    }
}
