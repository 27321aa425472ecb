package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Migration V18: {@code event_ids} keeps each id as its chatbot's key and the two halves of its
 * digest. An id stored before V18 (as strings, which the migration digests in SQL), an id stored
 * after it and an id whose event was erased all stay duplicates, across restarts; an id that shares
 * only its fingerprint with a stored one is new.
 */
class EventIdDigestsTest {

    @TempDir
    Path dataDir;

    private static Event message(String id, long ts) {
        return new Event.Message(id, ts, "web", "conv", Direction.USER, 5, null);
    }

    /** A store as V17 left it, holding one message whose id is in {@code event_ids} as strings. */
    private void storeBeforeV18() throws Exception {
        long fp = new Fingerprints(1).of("bot", "old-1");
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve(Database.FILE_NAME)); var st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            for (Database.Migration m : Database.migrations()) {
                if (m.version() <= 17) {
                    for (String sql : Database.splitStatements(m.sql())) {
                        st.execute(sql);
                    }
                    st.execute("INSERT INTO schema_version (version, name) VALUES (" + m.version() + ", '" + m.name() + "')");
                }
            }
            st.execute("INSERT INTO messages (chatbot_id, ts, seq, channel_id, conversation_id, direction, length, agent_id) "
                    + "VALUES ('bot', 1000, 1, 'web', 'conv', 'user', 5, NULL)");
            st.execute("INSERT INTO event_ids VALUES ('bot', 'old-1', " + fp + ")");
        }
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void idsBeforeAndAfterV18AndErasedOnesStayDuplicatesAcrossRestarts() throws Exception {
        storeBeforeV18();
        Fingerprints.Digest old = new Fingerprints(1).digest("bot", "old-1");
        Fingerprints.Digest fresh = new Fingerprints(1).digest("bot", "new-1");
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("SELECT chatbot_key, fp, fp2 FROM event_ids").query().singleRow())
                    .as("the old id, digested by the migration")
                    .containsEntry("chatbot_key", ChatbotKey.of("bot")).containsEntry("fp", old.fp()).containsEntry("fp2", old.fp2());

            assertThat(store.append(List.of(new EventBatch("bot", List.of(message("old-1", 1000), message("new-1", 2000))))))
                    .as("the old id is a duplicate, the new one is stored").containsExactly(1);
            assertThat(jdbc.sql("SELECT chatbot_key, fp, fp2 FROM event_ids WHERE fp = :fp").param("fp", fresh.fp()).query().singleRow())
                    .containsEntry("chatbot_key", ChatbotKey.of("bot")).containsEntry("fp2", fresh.fp2());
        }
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(store.append(List.of(new EventBatch("bot", List.of(message("new-1", 2000), message("old-1", 1000))))))
                    .as("after a restart, both are duplicates").containsExactly(0);

            assertThat(store.eraseConversation("bot", "conv")).isEqualTo(2);
            assertThat(count(jdbc, "SELECT count(*) FROM messages")).isZero();
            assertThat(count(jdbc, "SELECT count(*) FROM event_ids")).as("erasure keeps the digests").isEqualTo(2);
            assertThat(store.append(List.of(new EventBatch("bot", List.of(message("new-1", 2000), message("old-1", 1000))))))
                    .as("erased: still duplicates").containsExactly(0);

            // a stored row that shares only the fingerprint of a new id: the look-up of the whole digest tells them apart
            jdbc.sql("INSERT INTO event_ids VALUES (:k, :fp, :fp2)").param("k", ChatbotKey.of("bot"))
                    .param("fp", new Fingerprints(1).of("bot", "new-2")).param("fp2", 42L).update();
        }
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            assertThat(store.append(List.of(new EventBatch("bot", List.of(message("new-1", 2000), message("old-1", 1000),
                    message("new-2", 3000)))))).as("erased, after a restart: still duplicates; new-2 only a suspect").containsExactly(1);
            assertThat(count(JdbcClient.create(db.dataSource()), "SELECT count(*) FROM event_ids")).isEqualTo(4);
        }
    }
}
