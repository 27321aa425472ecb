package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import io.sextant.store.StoreException;
import io.sextant.support.EventLog;
import io.sextant.support.LoggedEvent;
import io.sextant.support.RandomEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Erasure and retention on the DuckDB writer leave exactly what the events that remain make: the
 * {@code conversations} rollup equals migration V4's backfill over them (its user messages, hand-overs, goals and
 * rows of conversations with hand-overs or goals only V17's), {@code event_rollups}
 * equals V9's and V14's, and the step labels (in memory and in {@code step_labels}) equal those rebuilt from
 * the remaining step events, including a label whose latest name was erased; no event of an erased
 * conversation is left, other chatbots keep every event, erased ids stay duplicates, and all of it
 * holds across a restart.
 */
class ErasureTest {

    private static final long LO = 1_735_689_600_000L; // 2025-01-01T00:00Z
    private static final long HI = 1_736_294_400_000L; // 2025-01-08T00:00Z
    private static final List<String> CHANNELS = List.of("web", "voice", "mail");

    @TempDir
    Path dataDir;

    @Test
    void whatRemainsEqualsTheBackfillsOverTheRemainingEvents() throws Exception {
        long seed = Long.getLong("sextant.seed", 20261207L);
        EventLog log = new EventLog();
        List<Map<String, ChangeLog.Change>> recorded = new CopyOnWriteArrayList<>();
        ChangeLog changes = new ChangeLog();
        changes.addListener(recorded::add);
        RandomEvents random = new RandomEvents(seed, LO, HI, List.of(LO + 86_400_000L, LO + 2 * 86_400_000L), CHANNELS);
        List<List<Event>> batches = random.batches(300, 12);
        long sentAgain;
        try (Database db = Database.open(dataDir, "256MB")) {
            try (DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, changes)) {
                for (List<Event> batch : batches) {
                    store.append(List.of(new EventBatch("bot", batch), new EventBatch("other", batch)));
                    log.accept("bot", batch);
                    log.accept("other", batch);
                }
                JdbcClient jdbc = JdbcClient.create(db.dataSource());
                long otherEvents = eventRows(jdbc, "other");
                List<String> otherRollups = rows(jdbc, "(SELECT * FROM event_rollups WHERE chatbot_id = 'other')");

                // the tail conversation holds the latest name of every step id: erasing it makes each label fall back
                String tail = "conv-" + seed + "-tail";
                Set<String> erased = new TreeSet<>(List.of(tail));
                Random r = new Random(seed);
                List<String> all = log.model("bot").byConversation().keySet().stream().sorted().toList();
                while (erased.size() < all.size() / 5) {
                    erased.add(all.get(r.nextInt(all.size())));
                }
                Map<String, String> labelsBefore = labels(jdbc);
                recorded.clear();
                for (String conversation : erased) {
                    long expected = log.model("bot").where(e -> e.conversationId().equals(conversation)).events().size();
                    assertThat(store.eraseConversation("bot", conversation)).as(conversation).isEqualTo(expected);
                    assertThat(store.eraseConversation("bot", conversation)).as("again: nothing left").isZero();
                }
                assertThat(recorded).as("one change per erasure that removed something")
                        .hasSize(erased.size()).allMatch(c -> c.equals(Map.of("bot", ChangeLog.Change.ALL)));
                assertThat(labels(jdbc)).as("labels fell back").isNotEqualTo(labelsBefore);

                long cutoff = LO + 3 * 86_400_000L + 12_345;
                long older = remaining(log, erased).stream().filter(e -> e.ts() < cutoff).count();
                assertThat(older).isPositive();
                assertThat(store.dropBefore("bot", cutoff)).isEqualTo(older);
                assertThat(store.dropBefore("bot", cutoff)).isZero();

                List<LoggedEvent> left = remaining(log, erased).stream().filter(e -> e.ts() >= cutoff).toList();
                assertThat(eventRows(jdbc, "bot")).isEqualTo(left.size());
                long attributes = left.stream().mapToLong(e -> e.event() instanceof Event.ConversationStarted s ? s.attributes().size() : 0).sum();
                assertThat(attributes).as("the traffic has attributes").isPositive();
                assertThat(count(jdbc, "SELECT count(*) FROM conversation_attributes WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = 'bot')"))
                        .as("one row per attribute of a remaining conversation.started").isEqualTo(attributes);
                assertThat(left.stream().filter(e -> e.event() instanceof Event.Goal || e.event() instanceof Event.Rating).count())
                        .as("goals and ratings remain, others were erased").isPositive();
                for (String conversation : erased) {
                    assertThat(count(jdbc, "SELECT count(*) FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = 'bot') AND conversation_id = '" + conversation
                            + "'")).isZero();
                }
                assertThat(eventRows(jdbc, "other")).as("another chatbot keeps every event").isEqualTo(otherEvents);
                assertThat(rows(jdbc, "(SELECT * FROM event_rollups WHERE chatbot_id = 'other')")).isEqualTo(otherRollups);
                assertEqualsBackfills(db, jdbc, store);

                // erased ids stay known; new events of an erased conversation are new (their rows come back)
                for (List<Event> batch : batches) {
                    assertThat(store.append(List.of(new EventBatch("bot", batch)))).containsExactly(0);
                }
                List<Event> fresh = new ArrayList<>();
                for (Event e : batches.getFirst()) {
                    if (erased.contains(e.conversationId()) || e.ts() < cutoff) {
                        fresh.add(renamed(e));
                    }
                }
                long distinct = fresh.stream().map(Event::id).distinct().count(); // a batch may repeat an id of its own
                assertThat(distinct).isPositive();
                assertThat(store.append(List.of(new EventBatch("bot", fresh)))).containsExactly((int) distinct);
                assertEqualsBackfills(db, jdbc, store);
                sentAgain = fresh.stream().filter(e -> e.conversationId().equals(tail)).map(Event::id).distinct().count();
            }
            // a new writer on the same file: its memory, rebuilt from the tables, agrees
            try (DuckDbEventStore again = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
                assertEqualsBackfills(db, JdbcClient.create(db.dataSource()), again);
                assertThat(again.eraseConversation("bot", "conv-" + seed + "-tail")).isEqualTo(sentAgain);
                assertEqualsBackfills(db, JdbcClient.create(db.dataSource()), again);
            }
        }
    }

    @Test
    void anErasureThatFailsHalfWayLeavesEverythingAsItWasAndTheNextOneWorks() throws Exception {
        RandomEvents random = new RandomEvents(99, LO, HI, List.of(LO + 86_400_000L), CHANNELS);
        EventLog log = new EventLog();
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            for (List<Event> batch : random.batches(60, 3)) {
                store.append(List.of(new EventBatch("bot", batch)));
                log.accept("bot", batch);
            }
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            String tail = "conv-99-tail";
            long events = eventRows(jdbc, "bot");
            List<String> conversations = rows(jdbc, "conversations");
            List<String> labels = rows(jdbc, "step_labels");
            var memory = store.stepLabels().snapshot();

            // the rollups' table is away: the erasure fails after its deletes, in the same transaction
            jdbc.sql("ALTER TABLE event_rollups RENAME TO event_rollups_away").update();
            assertThatThrownBy(() -> store.eraseConversation("bot", tail)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("nothing was erased");
            jdbc.sql("ALTER TABLE event_rollups_away RENAME TO event_rollups").update();
            assertThat(eventRows(jdbc, "bot")).isEqualTo(events);
            assertThat(rows(jdbc, "conversations")).isEqualTo(conversations);
            assertThat(rows(jdbc, "step_labels")).isEqualTo(labels);
            assertThat(store.stepLabels().snapshot()).isEqualTo(memory);

            long stored = log.model("bot").where(e -> e.conversationId().equals(tail)).events().size();
            assertThat(store.eraseConversation("bot", tail)).isEqualTo(stored);
            assertEqualsBackfills(db, jdbc, store);
        }
    }

    /** The rollups and labels equal what the migrations' backfills and a fresh load make of the events in the tables. */
    private static void assertEqualsBackfills(Database db, JdbcClient jdbc, DuckDbEventStore store) throws Exception {
        StepLabels rebuilt;
        try (var c = db.newConnection(); var st = c.createStatement()) {
            rebuilt = StepLabels.load(st);
        }
        assertThat(store.stepLabels().snapshot()).isEqualTo(rebuilt.snapshot());
        assertThat(jdbc.sql("SELECT concat_ws('|', chatbot_id, channel_id, step_id, step_name) FROM step_labels").query(String.class).list())
                .containsExactlyInAnyOrderElementsOf(rebuilt.snapshot().entrySet().stream()
                        .map(en -> String.join("|", en.getKey().chatbotId(), en.getKey().channelId(), en.getKey().id(), en.getValue().name()))
                        .toList());

        Fingerprints fingerprints = new Fingerprints(0);
        jdbc.sql("SELECT chatbot_id, channel_id, conversation_id, fp, chatbot_key FROM conversations").query((rs, n) -> {
            assertThat(rs.getLong(4)).isEqualTo(fingerprints.of(rs.getString(1), rs.getString(2), rs.getString(3)));
            assertThat(rs.getLong(5)).isEqualTo(ChatbotKey.compute(rs.getString(1)));
            return n;
        }).list();
        List<String> conversations = rows(jdbc, "(SELECT * EXCLUDE (fp, chatbot_key, user_messages, handovers, goals) FROM conversations"
                + " WHERE " + RollupsTest.V4_ROW + ")");
        assertThat(rows(jdbc, RollupsTest.recountedFacts())).isEqualTo(rows(jdbc, "conversations"));
        try (var c = db.newConnection()) {
            JdbcClient one = JdbcClient.create(new SingleConnectionDataSource(c, true));
            one.sql("DROP TABLE IF EXISTS conversation_rollup").update();
            one.sql(MigrationSql.statement(4, "CREATE TEMP TABLE conversation_rollup")).update();
            assertThat(rows(one, "conversation_rollup")).isEqualTo(conversations);
        }

        assertThat(rows(jdbc, EventRollupsTest.summed("event_rollups"))).isEqualTo(rows(jdbc, EventRollupsTest.summed(EventRollupsTest.backfilled())));
    }

    private static List<LoggedEvent> remaining(EventLog log, Set<String> erased) {
        return log.model("bot").where(e -> !erased.contains(e.conversationId())).events();
    }

    /** The same event under a new id. */
    private static Event renamed(Event e) {
        String id = e.id() + "-again";
        return switch (e) {
            case Event.ConversationStarted s -> new Event.ConversationStarted(id, s.ts(), s.channelId(), s.conversationId(), s.language(),
                    s.attributes());
            case Event.ConversationLanguage l -> new Event.ConversationLanguage(id, l.ts(), l.channelId(), l.conversationId(), l.language());
            case Event.Message m -> new Event.Message(id, m.ts(), m.channelId(), m.conversationId(), m.direction(), m.length(), m.agentId());
            case Event.Intent i -> new Event.Intent(id, i.ts(), i.channelId(), i.conversationId(), i.intent(), i.score());
            case Event.Step s -> new Event.Step(id, s.ts(), s.channelId(), s.conversationId(), s.stepId(), s.stepName());
            case Event.Interaction i -> new Event.Interaction(id, i.ts(), i.channelId(), i.conversationId(), i.kind());
            case Event.CallEnded c -> new Event.CallEnded(id, c.ts(), c.channelId(), c.conversationId(), c.durationSeconds(),
                    c.userInputs(), c.endReason(), c.exitStep(), c.transferTarget());
            case Event.InboxOpened o -> new Event.InboxOpened(id, o.ts(), o.channelId(), o.conversationId());
            case Event.InboxAssigned a -> new Event.InboxAssigned(id, a.ts(), a.channelId(), a.conversationId(), a.agentId());
            case Event.InboxClosed c -> new Event.InboxClosed(id, c.ts(), c.channelId(), c.conversationId(), c.agentId());
            case Event.Goal g -> new Event.Goal(id, g.ts(), g.channelId(), g.conversationId(), g.goalId(), g.value());
            case Event.Rating t -> new Event.Rating(id, t.ts(), t.channelId(), t.conversationId(), t.score(), t.thumbs(), t.commentLength());
        };
    }

    private static Map<String, String> labels(JdbcClient jdbc) {
        Map<String, String> out = new java.util.TreeMap<>();
        jdbc.sql("SELECT step_id, step_name FROM step_labels WHERE chatbot_id = 'bot'").query((rs, n) -> out.put(rs.getString(1), rs.getString(2)))
                .list();
        return out;
    }

    private static long eventRows(JdbcClient jdbc, String chatbot) {
        long n = 0;
        for (String table : Erasure.EVENT_TABLES) {
            n += count(jdbc, "SELECT count(*) FROM " + table + " WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = '" + chatbot + "')");
        }
        return n;
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static List<String> rows(JdbcClient jdbc, String table) {
        return jdbc.sql("SELECT CAST(row(*COLUMNS(*)) AS VARCHAR) AS r FROM " + table + " ORDER BY r").query(String.class).list();
    }
}
