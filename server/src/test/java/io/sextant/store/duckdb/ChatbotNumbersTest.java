package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.store.ChangeLog;
import io.sextant.event.EventBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The chatbots' numbers in the event tables (migration V18, {@link ChatbotNumbers}): given once,
 * kept across restarts, looked up by readers, and a store made before V18 migrated row for row.
 */
class ChatbotNumbersTest {

    @TempDir
    Path dataDir;

    private static List<Event> events(String prefix, long ts) {
        return List.of(
                new Event.ConversationStarted(prefix + "-s", ts, "web", prefix + "-c", "de", Map.of("plan", "gold")),
                new Event.Message(prefix + "-m1", ts + 1, "web", prefix + "-c", Direction.USER, 5, null),
                new Event.Message(prefix + "-m2", ts + 2, "web", prefix + "-c", Direction.AGENT, 7, "anna"),
                new Event.Intent(prefix + "-i", ts + 3, "web", prefix + "-c", "greet", 0.9),
                new Event.Step(prefix + "-p", ts + 4, "web", prefix + "-c", "start", "Start"),
                new Event.Goal(prefix + "-g", ts + 5, "web", prefix + "-c", "order", 12.5),
                new Event.InboxOpened(prefix + "-o", ts + 6, "web", prefix + "-c"));
    }

    /** Every event table's rows with the chatbot's id in place of its number, in one order. */
    private static Map<String, List<String>> rowsWithIds(JdbcClient jdbc) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (String t : MigrationSql.EVENT_TABLES) {
            rows.put(t, jdbc.sql("SELECT CAST(row(*COLUMNS(*)) AS VARCHAR) AS r FROM (SELECT c.chatbot_id, e.* EXCLUDE (chatbot_no) FROM " + t
                    + " e JOIN chatbots c ON c.chatbot_no = e.chatbot_no) ORDER BY r").query(String.class).list());
        }
        return rows;
    }

    private static Map<String, Long> numbers(JdbcClient jdbc) {
        Map<String, Long> numbers = new TreeMap<>();
        jdbc.sql("SELECT chatbot_id, chatbot_no FROM chatbots").query(rs -> {
            numbers.put(rs.getString(1), rs.getLong(2));
        });
        return numbers;
    }

    @Test
    void aChatbotKeepsTheNumberItGotAndANewOneGetsTheNext() {
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            ChatbotNumbers.Lookup lookup = new ChatbotNumbers.Lookup();
            assertThat(lookup.of("bot-b", jdbc)).isEqualTo(ChatbotNumbers.NONE);
            // two new chatbots in one group, then one of them again with a third
            store.append(List.of(new EventBatch("bot-b", events("b1", 1_000)), new EventBatch("bot-a", events("a1", 1_000))));
            store.append(List.of(new EventBatch("bot-c", events("c1", 2_000)), new EventBatch("bot-b", events("b2", 2_000))));
            assertThat(numbers(jdbc)).isEqualTo(Map.of("bot-b", 1L, "bot-a", 2L, "bot-c", 3L));
            assertThat(lookup.of("bot-b", jdbc)).as("looked up again: a chatbot without a number was not kept as none").isEqualTo(1);
            assertThat(lookup.of("bot-c", jdbc)).isEqualTo(3);
            assertThat(jdbc.sql("SELECT DISTINCT chatbot_no FROM messages ORDER BY 1").query(Long.class).list()).containsExactly(1L, 2L, 3L);
            assertThat(jdbc.sql("SELECT count(*) FROM event_ids WHERE chatbot_no = 1").query(Long.class).single()).isEqualTo(14);
        }
        // a new writer keeps the numbers, and gives the next one
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(store.append(List.of(new EventBatch("bot-d", events("d1", 3_000)), new EventBatch("bot-a", events("a1", 1_000)))))
                    .as("bot-a's events were stored under its number: sent again, they are duplicates").containsExactly(7, 0);
            assertThat(numbers(jdbc)).isEqualTo(Map.of("bot-b", 1L, "bot-a", 2L, "bot-c", 3L, "bot-d", 4L));
            // an erasure of every event of a chatbot keeps its number
            assertThat(store.eraseConversation("bot-c", "c1-c")).isEqualTo(7);
            store.append(List.of(new EventBatch("bot-c", events("c2", 4_000))));
            assertThat(numbers(jdbc)).containsEntry("bot-c", 3L).hasSize(4);
        }
    }

    @Test
    void aStoreMadeBeforeTheNumbersIsMigratedRowForRow() {
        Map<String, List<String>> before;
        Map<String, Long> numbered;
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            List<EventBatch> batches = new ArrayList<>();
            for (String bot : List.of("demo-cityhall-2", "demo-cityhall", "z", "ä-bot")) {
                batches.add(new EventBatch(bot, events(bot + "-x", 5_000 + bot.length())));
            }
            store.append(batches);
            store.append(List.of(new EventBatch("demo-cityhall", events("later", 1_000))));
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            before = rowsWithIds(jdbc);
            assertThat(before.get("messages")).hasSize(10);
            // the layout before V18: the chatbot's id in every event row
            MigrationSql.undoNumbers(jdbc, Set.of());
            jdbc.sql("DELETE FROM schema_version WHERE version >= 18").update();
            assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE chatbot_id = 'demo-cityhall'").query(Long.class).single()).isEqualTo(4);
        }
        try (Database db = Database.open(dataDir, "256MB")) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(rowsWithIds(jdbc)).isEqualTo(before);
            numbered = numbers(jdbc);
            assertThat(numbered).containsOnlyKeys("demo-cityhall", "demo-cityhall-2", "z", "ä-bot");
            assertThat(Set.copyOf(numbered.values())).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
            for (String t : MigrationSql.EVENT_TABLES) {
                assertThat(jdbc.sql("SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position LIMIT 1")
                        .param(t).query(String.class).single()).as(t).isEqualTo("chatbot_no");
            }
            // each table is in (chatbot, time, ingestion order), as a group appends
            assertThat(jdbc.sql("SELECT chatbot_no, ts, seq FROM messages").query((rs, i) -> rs.getLong(1) + "/" + rs.getLong(2)).list())
                    .isSortedAccordingTo((a, b) -> {
                        String[] x = a.split("/");
                        String[] y = b.split("/");
                        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
                        return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
                    });
        }
        // the writer goes on from the migrated numbers: what was stored stays a duplicate, a new chatbot gets the next
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            assertThat(store.append(List.of(new EventBatch("z", events("z-x", 5_001)), new EventBatch("new", events("n", 9_000)))))
                    .containsExactly(0, 7);
            assertThat(numbers(JdbcClient.create(db.dataSource()))).containsAllEntriesOf(numbered).containsEntry("new", 5L);
        }
    }
}
