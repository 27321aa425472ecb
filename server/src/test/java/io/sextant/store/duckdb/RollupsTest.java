package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import io.sextant.support.RandomEvents;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The rollups the writer keeps commit group by commit group (late events, duplicates, ties in
 * shuffled batches) are exactly what migration V4 computes from all events at once (and V17, the
 * user messages, hand-overs and goals), so a database upgraded to them and one that grew with them hold the
 * same rollups; and the step labels it keeps, in memory and in {@code step_labels}, are those rebuilt
 * from all step events at the next start.
 */
class RollupsTest {

    @TempDir
    Path dataDir;

    @Test
    void theWritersRollupsEqualTheMigrationsBackfillOverTheSameEvents() throws java.sql.SQLException {
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            RandomEvents random = new RandomEvents(4711, 1_735_689_600_000L, 1_736_294_400_000L,
                    List.of(1_735_689_600_000L, 1_735_776_000_000L), List.of("web", "voice", "mail"));
            List<List<Event>> batches = random.batches(300, 12);
            for (int i = 0; i < batches.size(); i += 2) { // two batches per commit group, as the writer groups them
                store.append(batches.subList(i, Math.min(i + 2, batches.size())).stream().map(b -> new EventBatch("bot", b)).toList());
            }
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            List<String> conversations = rows(jdbc, "(SELECT * EXCLUDE (fp, chatbot_key, user_messages, handovers, goals) FROM conversations"
                    + " WHERE " + V4_ROW + ")");
            List<String> labels = rows(jdbc, "step_labels");
            assertThat(conversations).hasSizeGreaterThan(300);
            assertThat(labels).isNotEmpty();

            // the labels the writer kept, commit by commit, in memory and in the table, are those rebuilt from all steps
            StepLabels rebuilt;
            try (var c = db.newConnection(); var st = c.createStatement()) {
                rebuilt = StepLabels.load(st);
            }
            assertThat(store.stepLabels().snapshot()).isEqualTo(rebuilt.snapshot());
            assertThat(jdbc.sql("SELECT concat_ws('|', chatbot_id, channel_id, step_id, step_name) FROM step_labels").query(String.class).list())
                    .containsExactlyInAnyOrderElementsOf(rebuilt.snapshot().entrySet().stream()
                            .map(en -> String.join("|", en.getKey().chatbotId(), en.getKey().channelId(), en.getKey().id(), en.getValue().name()))
                            .toList());

            // every row carries its key's fingerprint and its chatbot's key, as the writer computes them
            Fingerprints fingerprints = new Fingerprints(0);
            jdbc.sql("SELECT chatbot_id, channel_id, conversation_id, fp, chatbot_key FROM conversations").query((rs, n) -> {
                assertThat(rs.getLong(4)).isEqualTo(fingerprints.of(rs.getString(1), rs.getString(2), rs.getString(3)));
                assertThat(rs.getLong(5)).isEqualTo(ChatbotKey.compute(rs.getString(1)));
                return n;
            }).list();

            // on one connection: the script's table is temporary
            JdbcClient one = JdbcClient.create(new SingleConnectionDataSource(db.newConnection(), true));
            one.sql(MigrationSql.statement(4, "CREATE TEMP TABLE conversation_rollup")).update();
            assertThat(rows(one, "conversation_rollup")).containsExactlyElementsOf(conversations);

            // the user messages, hand-overs and goals the writer kept, group by group, are those V17 finds in all events,
            // and so are the rows it added for conversations with hand-overs or goals only
            assertThat(jdbc.sql("SELECT count(*) FROM conversations WHERE user_messages > 1").query(Long.class).single()).isPositive();
            assertThat(jdbc.sql("SELECT count(*) FROM conversations WHERE handovers > 0 AND start_ts IS NOT NULL").query(Long.class).single())
                    .isPositive();
            assertThat(jdbc.sql("SELECT count(*) FROM conversations WHERE len(goals) > 1 AND start_ts IS NOT NULL").query(Long.class).single())
                    .isPositive();
            assertThat(jdbc.sql("SELECT count(*) FROM conversations WHERE NOT (" + V4_ROW + ")").query(Long.class).single()).isPositive();
            assertThat(rows(jdbc, recountedFacts())).containsExactlyElementsOf(rows(jdbc, "conversations"));
        }
    }

    /**
     * The goal ids of a row the writer appends are in the order DuckDB's {@code list_sort} gives
     * the rows it updates and the ones V17 and erasure write: by code point, where Java's
     * {@code String} order puts a character beyond the Basic Multilingual Plane (a surrogate pair)
     * before U+E000–U+FFFF.
     */
    @Test
    void goalIdsAreKeptInDuckDbsOrder() throws java.sql.SQLException {
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            long t = 1_735_689_600_000L;
            List<String> goals = List.of("\uFB00", "\uD83D\uDE00", "a", "\u00E9");
            assertThat(goals.get(1).compareTo(goals.get(0))).as("String order differs from code point order here").isNegative();
            List<Event> events = new java.util.ArrayList<>(List.of(new Event.ConversationStarted("s", t, "web", "c", "de", java.util.Map.of())));
            for (int i = 0; i < goals.size(); i++) {
                events.add(new Event.Goal("g" + i, t + i, "web", "c", goals.get(i), null));
            }
            store.append(List.of(new EventBatch("bot", events)));
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("SELECT CAST(goals AS VARCHAR) = CAST(list_sort(goals) AS VARCHAR) FROM conversations").query(Boolean.class).list())
                    .hasSize(2).containsOnly(true);
            assertThat(jdbc.sql("SELECT len(goals) FROM conversations").query(Integer.class).list()).containsOnly(4);
        }
    }

    /** The condition of a {@code conversations} row that V4 defines: one with a start, a language or messages. */
    static final String V4_ROW = "start_ts IS NOT NULL OR language_ts IS NOT NULL OR messages > 0";

    /**
     * The {@code conversations} rows as migration V17 makes them of the rows V4 defines ({@link
     * #V4_ROW}) as stored: their user messages, hand-overs and goals found again in the events, and
     * a row for each conversation and channel with hand-overs or goals only. The rows as stored, when the
     * writer (or an erasure) kept them.
     */
    static String recountedFacts() {
        String select = MigrationSql.backfill(17, "conversations_v17");
        String stored = "SELECT * FROM conversations\n";
        assertThat(select).containsOnlyOnce(stored);
        return select.replace(stored, "SELECT * EXCLUDE (user_messages, handovers, goals) FROM conversations WHERE " + V4_ROW + "\n");
    }

    private static List<String> rows(JdbcClient jdbc, String table) {
        // values only, in column order: the backfill names its columns differently
        return jdbc.sql("SELECT CAST(row(*COLUMNS(*)) AS VARCHAR) AS r FROM " + table + " ORDER BY r").query(String.class).list();
    }
}
