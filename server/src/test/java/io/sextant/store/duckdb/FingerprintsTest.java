package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory fingerprints of stored keys, and the fingerprints (V5, V7) and chatbot keys (V15, V16) migrations compute in SQL. */
class FingerprintsTest {

    @TempDir
    Path dir;

    @Test
    void holdsEveryAddedFingerprintThroughGrowthAndAnswersAbsentOnesAsAbsent() {
        holdsEveryAddedFingerprintThroughGrowth(new Fingerprints(0));
    }

    /** Pages of 2^10 slots: the table outgrows one page at 768 keys and ends in 512 of them, probes running across their edges. */
    @Test
    void holdsEveryAddedFingerprintAcrossPages() {
        Fingerprints set = new Fingerprints(0, 10);
        holdsEveryAddedFingerprintThroughGrowth(set);
        assertThat(set.bytes()).isEqualTo((1L << 19) * Long.BYTES);
    }

    private static void holdsEveryAddedFingerprintThroughGrowth(Fingerprints set) {
        Random random = new Random(7);
        Set<Long> added = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long f = random.nextLong();
            set.add(f);
            added.add(f);
        }
        set.add(0);  // kept as 1
        set.add(added.iterator().next()); // again: no second copy
        assertThat(set.size()).isEqualTo(added.size() + 1);
        assertThat(added).allMatch(set::mightContain);
        assertThat(set.mightContain(0)).isTrue();
        assertThat(set.mightContain(1)).isTrue(); // 0 and 1 share a slot value: 1 is a suspect too
        int falsePositives = 0;
        for (int i = 0; i < 200_000; i++) {
            long f = random.nextLong();
            if (!added.contains(f) && f != 0 && f != 1 && set.mightContain(f)) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).isZero();
    }

    @Test
    void aSetSizedForItsContentNeverGrows() {
        Fingerprints set = new Fingerprints(3_000);
        for (long f = 1; f <= 3_000; f++) {
            set.add(f * 0x9E3779B97F4A7C15L);
        }
        assertThat(set.size()).isEqualTo(3_000);
        assertThat(set.mightContain(3_001 * 0x9E3779B97F4A7C15L)).isFalse();
    }

    /** A database upgraded by V7 must hold the conversation rows' fingerprints the writer computes, or a row would be appended twice. */
    @Test
    void migrationV7ComputesInSqlTheConversationFingerprintsTheWriterComputes() throws Exception {
        Fingerprints java = new Fingerprints(0);
        String v4Table = MigrationSql.statement(4, "CREATE TABLE conversations");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("v7.duckdb"));
                var st = c.createStatement()) {
            st.execute(v4Table);
            st.execute("""
                    INSERT INTO conversations (chatbot_id, channel_id, conversation_id, start_ts, messages)
                    SELECT 'bot-' || (i % 3), CASE WHEN i % 2 = 0 THEN '' ELSE 'wëb' END, 'conv-' || i || '-😀', i, i FROM range(3000) t(i)""");
            migrate(st, 7);
            int rows = 0;
            long previousStart = -1;
            try (var rs = st.executeQuery("SELECT chatbot_id, channel_id, conversation_id, fp, start_ts FROM conversations")) {
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getLong(4)).isEqualTo(java.of(rs.getString(1), rs.getString(2), rs.getString(3)));
                    assertThat(rs.getLong(5)).as("rows keep their order").isGreaterThan(previousStart);
                    previousStart = rs.getLong(5);
                }
            }
            assertThat(rows).isEqualTo(3000);
        }
    }

    /**
     * A database upgraded by V15 must hold the chatbot keys the writer and the reports compute
     * ({@link ChatbotKey}), or a report would miss the rows of before the upgrade; the rows are kept
     * whole, in key order.
     */
    @Test
    void migrationV15ComputesInSqlTheChatbotKeysTheWriterComputes() throws Exception {
        String v9Table = MigrationSql.statement(9, "CREATE TABLE event_rollups");
        String v13Table = MigrationSql.statement(13, "CREATE TABLE table_order");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("v15.duckdb"));
                var st = c.createStatement()) {
            st.execute(v9Table);
            st.execute(v13Table);
            st.execute("""
                    INSERT INTO event_rollups
                    SELECT CASE i % 4 WHEN 0 THEN 'demo-cityhall' WHEN 1 THEN 'demo-cityhall-' || (i % 7) WHEN 2 THEN 'bøt-😀' ELSE '' END,
                           'web', 86400000, 86400000 * (i % 30), 'msg', 'user', NULL, i, NULL
                    FROM range(5000) t(i)""");
            st.execute("INSERT INTO table_order VALUES ('event_rollups', 5000)");
            migrate(st, 15);
            int rows = 0;
            long sum = 0;
            long previousKey = Long.MIN_VALUE;
            try (var rs = st.executeQuery("SELECT chatbot_key, chatbot_id, n FROM event_rollups")) {
                while (rs.next()) {
                    rows++;
                    sum += rs.getLong(3);
                    assertThat(rs.getLong(1)).as(rs.getString(2)).isEqualTo(ChatbotKey.compute(rs.getString(2)));
                    assertThat(rs.getLong(1)).as("rows in key order").isGreaterThanOrEqualTo(previousKey);
                    previousKey = rs.getLong(1);
                }
            }
            assertThat(rows).isEqualTo(5000);
            assertThat(sum).isEqualTo(4999L * 5000 / 2);
            try (var rs = st.executeQuery("SELECT tail FROM table_order")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("the rebuilt table is in order").isZero();
            }
        }
    }

    /** A database upgraded by V16 holds the chatbot keys in {@code conversations} too, its rows kept whole, in key, channel and start order. */
    @Test
    void migrationV16ComputesInSqlTheChatbotKeysOfTheConversationsRows() throws Exception {
        String v4Table = MigrationSql.statement(4, "CREATE TABLE conversations");
        String v13Table = MigrationSql.statement(13, "CREATE TABLE table_order");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("v16.duckdb"));
                var st = c.createStatement()) {
            st.execute(v4Table);
            st.execute("""
                    INSERT INTO conversations (chatbot_id, channel_id, conversation_id, start_ts, messages)
                    SELECT CASE i % 3 WHEN 0 THEN 'demo-cityhall' WHEN 1 THEN 'demo-cityhall-' || (i % 7) ELSE 'bøt-😀' END,
                           CASE WHEN i % 2 = 0 THEN '' ELSE 'web' END, 'conv-' || i, 3000 - i, i
                    FROM range(3000) t(i)""");
            migrate(st, 7);
            st.execute(v13Table);
            st.execute("INSERT INTO table_order VALUES ('conversations', 3000)");
            migrate(st, 16);
            Fingerprints java = new Fingerprints(0);
            int rows = 0;
            String previous = null;
            try (var rs = st.executeQuery("SELECT chatbot_key, chatbot_id, channel_id, start_ts, conversation_id, fp FROM conversations")) {
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getLong(1)).as(rs.getString(2)).isEqualTo(ChatbotKey.compute(rs.getString(2)));
                    assertThat(rs.getLong(6)).isEqualTo(java.of(rs.getString(2), rs.getString(3), rs.getString(5)));
                    // the sort key as text that orders like the columns (keys are non-negative; NUL below any character of an id)
                    String order = "%020d\0%s\0%s\0%06d".formatted(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
                    if (previous != null) {
                        assertThat(order).as("rows in key, chatbot, channel and start order").isGreaterThanOrEqualTo(previous);
                    }
                    previous = order;
                }
            }
            assertThat(rows).isEqualTo(3000);
            try (var rs = st.executeQuery("SELECT tail FROM table_order")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("the rebuilt table is in order").isZero();
            }
        }
    }

    /** Runs every statement of a migration. */
    private static void migrate(Statement st, int version) throws SQLException {
        for (String sql : Database.splitStatements(MigrationSql.script(version))) {
            st.execute(sql);
        }
    }

    /** A database upgraded by V5 must hold the fingerprints the writer computes, or re-sent events would be stored twice. */
    @Test
    void migrationV5ComputesInSqlTheFingerprintsTheWriterComputes() throws Exception {
        Fingerprints java = new Fingerprints(0);
        List<String[]> ids = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder id = new StringBuilder();
            int len = 1 + random.nextInt(60);
            for (int k = 0; k < len; k++) {
                id.appendCodePoint(switch (random.nextInt(4)) {
                    case 0 -> 'a' + random.nextInt(26);
                    case 1 -> '0' + random.nextInt(10);
                    case 2 -> 0x00C0 + random.nextInt(0x0250); // Latin with diacritics: two UTF-8 bytes
                    default -> 0x1F600 + random.nextInt(64);   // emoji: four UTF-8 bytes
                });
            }
            ids.add(new String[] {"bot-" + random.nextInt(5), id.toString()});
        }
        String v4Table = "CREATE TABLE event_ids (chatbot_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, PRIMARY KEY (chatbot_id, event_id))";
        String v5 = MigrationSql.script(5);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("v5.duckdb"));
                var st = c.createStatement()) {
            st.execute(v4Table);
            try (var ps = c.prepareStatement("INSERT INTO event_ids VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (String[] id : ids) {
                    ps.setString(1, id[0]);
                    ps.setString(2, id[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (String sql : Database.splitStatements(v5)) {
                st.execute(sql);
            }
            int rows = 0;
            try (var rs = st.executeQuery("SELECT chatbot_id, event_id, fp FROM event_ids")) {
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getLong(3)).as("fingerprint of %s/%s", rs.getString(1), rs.getString(2))
                            .isEqualTo(java.of(rs.getString(1), rs.getString(2)));
                }
            }
            assertThat(rows).isEqualTo(new HashSet<>(ids.stream().map(i -> i[0] + "/" + i[1]).toList()).size());
            // both signs occur, so the conversion of the upper half of the range is covered
            try (var rs = st.executeQuery("SELECT count(*) FILTER (WHERE fp < 0), count(*) FILTER (WHERE fp > 0) FROM event_ids")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
                assertThat(rs.getLong(2)).isPositive();
            }
        }
    }
}
