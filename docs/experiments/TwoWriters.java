// How much more a commit group's DuckDB work would pass per second if two connections wrote
// alternate groups at once, each in its own transaction and the commits kept in order, against one
// connection writing every group (docs/benchmark.md, "2026-12-05 09:20 UTC"). This is the ceiling of
// the pipelined writer that earlier sections point at: the service's writer does all of a group's
// work on one thread and one connection, so a group's appends wait for the previous group's COMMIT.
// Not part of the build; run it with the pinned driver from the local Maven repository:
//
//   java --enable-native-access=ALL-UNNAMED \
//        -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar \
//        docs/experiments/TwoWriters.java [groups]
//
// Each case writes groups of the benchmark's shape (about 4,070 events: an id row for each, and the
// event rows spread over the tables as the default scale spreads them, with strings of its lengths)
// through org.duckdb.DuckDBAppender into a fresh database file with the service's checkpoint
// threshold, and prints groups and rows per second. Only DuckDB's part of a group is measured: the
// writer's Java work (folding rollups, fingerprints) would come on top in both cases.
//
// With a second argument, `threads`, it compares instead one connection on DuckDB's default of a
// thread per core with one on a single thread (docs/benchmark.md, "2026-12-06 17:00 UTC"), each
// with insertion order kept and not:
//
//   java … docs/experiments/TwoWriters.java 300 threads
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

public class TwoWriters {

    /** Rows per group of each table: event ids, messages, steps, then the smaller event tables. */
    static final int[] ROWS = {4_070, 2_060, 1_270, 300, 280, 170, 90, 85, 45, 40, 35, 30, 15, 170, 340};

    static final String COLUMNS = "chatbot_id VARCHAR NOT NULL, ts BIGINT NOT NULL, seq BIGINT NOT NULL,"
            + " channel_id VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, a VARCHAR, b INTEGER, c VARCHAR";

    public static void main(String[] args) throws Exception {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        boolean threads = args.length > 1 && args[1].equals("threads");
        for (int round = 1; round <= (threads ? 3 : 2); round++) {
            if (threads) {
                run("default threads, order kept", 1, groups, round, 0, true);
                run("default threads, order not kept", 1, groups, round, 0, false);
                run("one thread, order not kept", 1, groups, round, 1, false);
                run("one thread, order kept", 1, groups, round, 1, true);
            } else {
                run("one connection", 1, groups, round, 0, true);
                run("two connections, commits in order", 2, groups, round, 0, true);
            }
        }
    }

    /** @param dbThreads DuckDB's {@code threads}, 0 for its default; {@code keepOrder} its {@code preserve_insertion_order} */
    static void run(String name, int writers, int groups, int round, int dbThreads, boolean keepOrder) throws Exception {
        Path dir = Files.createTempDirectory("two-writers");
        Properties props = new Properties();
        props.setProperty("checkpoint_threshold", "256MB");
        props.setProperty("preserve_insertion_order", Boolean.toString(keepOrder));
        if (dbThreads > 0) {
            props.setProperty("threads", Integer.toString(dbThreads));
        }
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("t.duckdb"), props)) {
            try (var st = db.createStatement()) {
                for (int t = 0; t < ROWS.length; t++) {
                    st.execute("CREATE TABLE t" + t + " (" + COLUMNS + ")");
                }
            }
            AtomicLong seq = new AtomicLong();
            Object turn = new Object();
            long[] next = {0}; // the group whose turn it is to commit; -1 once a writer failed
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread[] threads = new Thread[writers];
            long start = System.nanoTime();
            for (int w = 0; w < writers; w++) {
                int first = w;
                DuckDBConnection conn = (DuckDBConnection) db.duplicate();
                threads[w] = Thread.ofPlatform().start(() -> {
                    try (conn) {
                        conn.setAutoCommit(false);
                        for (long g = first; g < groups; g += writers) {
                            // A statement opens the group's transaction, as the service's writer does
                            // (DuckDbEventStore.append). Without it, DuckDB 2.0 commits each appender's
                            // flush on its own: in manual-commit mode an appender joins a transaction
                            // but does not open one.
                            try (var st = conn.createStatement()) {
                                st.execute("SELECT 1");
                            }
                            for (int t = 0; t < ROWS.length; t++) {
                                try (DuckDBAppender ap = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t" + t)) {
                                    for (int r = 0; r < ROWS[t]; r++) {
                                        long s = seq.incrementAndGet();
                                        ap.beginRow().append("demo-cityhall").append(1_796_000_000_000L + s * 37).append(s)
                                                .append("web-" + (s % 5)).append("c-" + Long.toHexString(s / 12 * 0x9E3779B97F4A7C15L))
                                                .append("step-" + (s % 400)).append((int) (s % 1000)).append(s % 3 == 0 ? null : "user").endRow();
                                    }
                                }
                            }
                            synchronized (turn) {
                                while (next[0] != g && next[0] >= 0) {
                                    turn.wait();
                                }
                                if (next[0] < 0) {
                                    return; // the other writer failed: its group never commits
                                }
                            }
                            conn.commit();
                            synchronized (turn) {
                                next[0]++;
                                turn.notifyAll();
                            }
                        }
                    } catch (SQLException | InterruptedException e) {
                        failure.compareAndSet(null, e);
                        synchronized (turn) {
                            next[0] = -1;
                            turn.notifyAll();
                        }
                    }
                });
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            double s = (System.nanoTime() - start) / 1e9;
            try (var st = db.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM t0")) {
                rs.next();
                if (rs.getLong(1) != (long) groups * ROWS[0]) {
                    throw new IllegalStateException("t0 holds " + rs.getLong(1) + " rows, not " + (long) groups * ROWS[0]);
                }
            }
            long rows = (long) groups * java.util.Arrays.stream(ROWS).sum();
            System.out.printf("round %d, %-36s %5d groups in %6.2f s: %6.1f groups/s, %,9.0f rows/s, %,8.0f events/s%n",
                    round, name + ":", groups, s, groups / s, rows / s, groups * (double) ROWS[0] / s);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
