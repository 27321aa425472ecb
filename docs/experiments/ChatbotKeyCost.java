// What the chatbot's id costs a commit group as a string, against a numeric key in its place
// (docs/benchmark.md, "2026-12-07 17:30 UTC"). Not part of the build; run it with the pinned driver
// from the local Maven repository:
//
//   java --enable-native-access=ALL-UNNAMED \
//        -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar \
//        docs/experiments/ChatbotKeyCost.java [transactions]
//
// Each transaction writes one commit group's worth of rows of the benchmark's shape, 7,455 rows of
// event_ids and 7,455 rows of an event table, through org.duckdb.DuckDBAppender, then COMMITs. All
// go into one database file in a temporary directory, on one thread as the service runs DuckDB. Each
// transaction draws, with a seeded random, how its rows carry the chatbot: as its id
// (`demo-cityhall`, 13 bytes: one JNI call per value, as the appender inlines only strings under 12
// bytes), as a BIGINT key, or as an id of 11 bytes (inlined: what the JNI calls cost apart from the
// string's storage). Each variant has tables of its own, and they grow side by side. Timed: building
// and appending the rows in Java (the same for every variant), the appenders' flushes and the COMMIT
// (its fsync included), with no checkpoint. The first fifth is left out as warm-up; the median is
// the figure to read, the mean shows the outliers.
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

public class ChatbotKeyCost {

    static final int ROWS = 7_455;

    /** How a variant's rows carry the chatbot: {@code id} a string, or else {@code key}. */
    record Variant(String table, String label, String id, long key) {

        String column() {
            return id != null ? "chatbot_id VARCHAR NOT NULL" : "chatbot_key BIGINT NOT NULL";
        }

        void appendChatbot(DuckDBAppender ap) throws SQLException {
            if (id != null) {
                ap.append(id);
            } else {
                ap.append(key);
            }
        }
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("id", "its 13-byte id:", "demo-cityhall", 0),
            new Variant("key", "a BIGINT key:", null, 4_611_686_018_427_387_903L - 12_345),
            new Variant("short", "an 11-byte id:", "demo-cityh1", 0));

    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        Path dir = Files.createTempDirectory("chatbot-key-cost");
        Properties props = new Properties();
        props.setProperty("threads", "1");
        props.setProperty("checkpoint_threshold", "100GB"); // no checkpoint inside a timed COMMIT
        try (var conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("x.db"), props);
                Statement st = conn.createStatement()) {
            for (Variant v : VARIANTS) {
                st.execute("CREATE TABLE ids_" + v.table() + " (" + v.column() + ", event_id VARCHAR NOT NULL, fp BIGINT NOT NULL)");
                st.execute("CREATE TABLE events_" + v.table() + " (" + v.column() + ", ts BIGINT NOT NULL, seq BIGINT NOT NULL,"
                        + " channel_id VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, direction VARCHAR NOT NULL,"
                        + " length INTEGER NOT NULL, agent_id VARCHAR)");
            }
            conn.setAutoCommit(false);
            SplittableRandom random = new SplittableRandom(11);
            List<List<Long>> took = new ArrayList<>(); // per variant, each timed transaction's nanoseconds
            for (int v = 0; v < VARIANTS.size(); v++) {
                took.add(new ArrayList<>());
            }
            long seq = 0;
            int warmUp = transactions / 5;
            for (int t = 0; t < transactions; t++) {
                int drawn = random.nextInt(VARIANTS.size());
                Variant variant = VARIANTS.get(drawn);
                st.execute("SELECT 1"); // opens the transaction, untimed
                long began = System.nanoTime();
                try (DuckDBAppender ids = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "ids_" + variant.table());
                        DuckDBAppender events = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events_" + variant.table())) {
                    for (int i = 0; i < ROWS; i++) {
                        seq++;
                        String conversation = "c3k9x2-" + String.format("%08d", seq / 24);
                        String eventId = conversation + "-" + (seq % 24);
                        ids.beginRow();
                        events.beginRow();
                        variant.appendChatbot(ids);
                        variant.appendChatbot(events);
                        ids.append(eventId).append(seq * 0x9E3779B97F4A7C15L).endRow();
                        events.append(1_764_000_000_000L + seq).append(seq).append("web").append(conversation)
                                .append((seq & 1) == 0 ? "user" : "bot").append((int) (seq % 200)).append((String) null).endRow();
                    }
                }
                conn.commit();
                if (t >= warmUp) {
                    took.get(drawn).add(System.nanoTime() - began);
                }
            }
            System.out.printf("DuckDB 2.0.0.1, %d transactions of %,d events (event_ids and an event table), the first %d left out%n",
                    transactions, ROWS, warmUp);
            for (int v = 0; v < VARIANTS.size(); v++) {
                List<Long> sorted = took.get(v).stream().sorted().toList();
                long median = sorted.get(sorted.size() / 2);
                double mean = sorted.stream().mapToLong(Long::longValue).average().orElseThrow();
                System.out.printf("  chatbot as %-16s %4d transactions, mean %.2f ms, median %.2f ms: %.3f µs per event%n",
                        VARIANTS.get(v).label(), sorted.size(), mean / 1e6, median / 1e6, median / 1e3 / ROWS);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
