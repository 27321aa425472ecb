package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import io.sextant.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The event store on a real DuckDB file: atomic groups, first version wins, ingestion order across restarts. */
class DuckDbEventStoreTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    static Event message(String id, String channel, Direction direction, int length) {
        return new Event.Message(id, 1_000L, channel, "conv", direction, length, null);
    }

    /** {@link #CLOCK}, which fails (as a bug would, not the database) while {@link #failing} is set. */
    static final class FailingClock extends Clock {
        volatile boolean failing;

        @Override
        public Instant instant() {
            if (failing) {
                throw new IllegalStateException("the clock failed");
            }
            return CLOCK.instant();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void aGroupThatFailsHalfWayLeavesNothingBehind() {
        FailingClock clock = new FailingClock();
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, clock, new ChangeLog())) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            var good = new EventBatch("bot", List.of(message("m1", "web", Direction.USER, 3), message("m2", "web", Direction.BOT, 4)));
            var broken = new EventBatch("bot", List.of(message("m3", "voice", Direction.USER, 1), message("m4", "voice", Direction.USER, 1)));

            // the writer reads the clock to register the new channels: the failure comes after every row was appended
            clock.failing = true;
            assertThatThrownBy(() -> store.append(List.of(good, broken))).isInstanceOf(StoreException.class);
            clock.failing = false;

            assertThat(count(jdbc, "SELECT count(*) FROM event_ids")).isZero();
            assertThat(count(jdbc, "SELECT count(*) FROM messages")).isZero();
            assertThat(count(jdbc, "SELECT count(*) FROM conversations")).isZero();
            assertThat(count(jdbc, "SELECT count(*) FROM channels")).isZero();
            assertThat(count(jdbc, "SELECT count(*) FROM chatbots")).isZero();

            // the ids were not burnt, nor the chatbot's number, and the writer works on
            assertThat(store.append(List.of(good))).containsExactly(2);
            assertThat(count(jdbc, "SELECT count(*) FROM messages")).isEqualTo(2);
            assertThat(jdbc.sql("SELECT chatbot_id || '=' || chatbot_no FROM chatbots").query(String.class).list()).containsExactly("bot=1");
            assertThat(jdbc.sql("SELECT channel_id FROM channels").query(String.class).list()).containsExactly("web");
        }
    }

    @Test
    void theFirstVersionWinsAcrossTheBatchesOfOneGroup() {
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, CLOCK, new ChangeLog())) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            int[] accepted = store.append(List.of(
                    new EventBatch("bot", List.of(message("m1", "web", Direction.USER, 1))),
                    new EventBatch("bot", List.of(message("m1", "web", Direction.USER, 2), message("m2", "web", Direction.USER, 3))),
                    new EventBatch("other-bot", List.of(message("m1", "web", Direction.USER, 4)))));
            assertThat(accepted).containsExactly(1, 1, 1);
            assertThat(jdbc.sql("SELECT c.chatbot_id || ':' || length FROM messages JOIN chatbots c USING (chatbot_no) ORDER BY seq").query(String.class).list())
                    .containsExactly("bot:1", "bot:3", "other-bot:4");
        }
    }

    @Test
    void ingestionOrderContinuesAfterARestart() {
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, CLOCK, new ChangeLog())) {
            store.append(List.of(new EventBatch("bot", List.of(message("a", "web", Direction.USER, 1), message("b", "web", Direction.USER, 1)))));
        }
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, CLOCK, new ChangeLog())) {
            assertThat(store.append(List.of(new EventBatch("bot", List.of(message("a", "web", Direction.USER, 9), message("c", "web", Direction.USER, 1))))))
                    .containsExactly(1);
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("SELECT seq FROM messages ORDER BY seq").query(Long.class).list()).containsExactly(1L, 2L, 3L);
        }
    }

    /** The last event before a restart may be of any type: a goal or a rating keeps its place in the order too. */
    @Test
    void ingestionOrderContinuesAfterARestartWhateverTypeCameLast() {
        for (var last : List.<io.sextant.event.Event>of(
                new io.sextant.event.Event.Goal("g", 1, "web", "c", "order", null),
                new io.sextant.event.Event.Rating("r", 1, "web", "c", 5, null, null))) {
            String bot = "bot-" + last.type().wireName();
            try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, CLOCK, new ChangeLog())) {
                store.append(List.of(new EventBatch(bot, List.of(message("m-" + bot, "web", Direction.USER, 1), last))));
            }
            try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, CLOCK, new ChangeLog())) {
                store.append(List.of(new EventBatch(bot, List.of(message("n-" + bot, "web", Direction.USER, 1)))));
                JdbcClient jdbc = JdbcClient.create(db.dataSource());
                long lastSeq = jdbc.sql("SELECT seq FROM " + (last instanceof io.sextant.event.Event.Goal ? "goals" : "ratings")
                        + " WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = ?)").param(bot).query(Long.class).single();
                long next = jdbc.sql("SELECT seq FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = ?) ORDER BY seq DESC LIMIT 1").param(bot).query(Long.class).single();
                assertThat(next).as("the first event after the restart comes after the %s", last.type().wireName()).isGreaterThan(lastSeq);
            }
        }
    }

    /**
     * An id whose fingerprint is known is only a suspect: a new id that shares a stored fingerprint
     * (here: one made to look stored) is still accepted, and a stored one is still refused.
     */
    @Test
    void aKnownFingerprintIsCheckedAgainstTheStoredIds() {
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, CLOCK, new ChangeLog())) {
            assertThat(store.append(List.of(new EventBatch("bot", List.of(message("a", "web", Direction.USER, 1)))))).containsExactly(1);
            Fingerprints fingerprints = store.storedIds();
            fingerprints.add(fingerprints.of("bot", "b"));
            int[] accepted = store.append(List.of(new EventBatch("bot", List.of(
                    message("b", "web", Direction.USER, 2), message("a", "web", Direction.USER, 3), message("c", "web", Direction.USER, 4)))));
            assertThat(accepted).containsExactly(2);
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("SELECT length FROM messages ORDER BY seq").query(Integer.class).list()).containsExactly(1, 2, 4);
            assertThat(count(jdbc, "SELECT count(*) FROM event_ids")).isEqualTo(3);
        }
    }

    /** The time of a step's latest label lives in memory only; after a restart an older label still does not take over. */
    @Test
    void stepLabelsKeepTheirLatestAcrossARestart() {
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, CLOCK, new ChangeLog())) {
            store.append(List.of(new EventBatch("bot", List.of(step("s1", 2_000L, "new"), step("s2", 1_000L, "newer than nothing")))));
            store.append(List.of(new EventBatch("bot", List.of(step("s3", 3_000L, "new")))));  // same name, later: nothing written
        }
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, CLOCK, new ChangeLog())) {
            store.append(List.of(new EventBatch("bot", List.of(step("s4", 2_500L, "old")))));
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("SELECT channel_id || ':' || step_name FROM step_labels WHERE step_id = 'ask' ORDER BY ALL").query(String.class).list())
                    .containsExactly(":new"); // one label per step id of the chatbot (V8): whatever channel named it
            store.append(List.of(new EventBatch("bot", List.of(step("s5", 3_000L, "newest")))));  // equal time, ingested later: takes over
            assertThat(jdbc.sql("SELECT channel_id || ':' || step_name FROM step_labels WHERE step_id = 'ask' ORDER BY ALL").query(String.class).list())
                    .containsExactly(":newest");
        }
    }

    /** A conversation row whose fingerprint is known but which is not stored (another row's fingerprint) is appended, not lost. */
    @Test
    void aConversationRowWithAKnownFingerprintButNoRowIsAppended() {
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, CLOCK, new ChangeLog())) {
            Fingerprints rows = store.conversationRows();
            rows.add(rows.of("bot", "web", "conv"));
            store.append(List.of(new EventBatch("bot", List.of(message("m1", "web", Direction.USER, 1)))));
            store.append(List.of(new EventBatch("bot", List.of(message("m2", "web", Direction.USER, 1), message("m3", "web", Direction.USER, 1)))));
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("SELECT channel_id || ':' || messages FROM conversations ORDER BY ALL").query(String.class).list())
                    .containsExactly(":3", "web:3");
        }
    }

    static Event step(String id, long ts, String name) {
        return new Event.Step(id, ts, "web", "conv", "ask", name);
    }
}
