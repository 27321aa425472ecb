// Whether a small table's rows of a commit group are cheaper to write through prepared multi-row
// INSERTs, planned once per connection, or through an appender kept open from one transaction to the
// next (flushed before each COMMIT), than through an appender created and closed in each transaction
// as the writer does; DuckDB 2.0 plans every flush as an INSERT (docs/benchmark.md, "2026-12-07 00:30
// UTC"). Not part of the build; run it with the pinned driver from the local Maven repository:
//
//   java --enable-native-access=ALL-UNNAMED \
//        -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar \
//        docs/experiments/SmallTableInserts.java [transactions per way]
//
// A table of the shape of `calls` (ten columns) in a fresh database file in a temporary directory, on
// one DuckDB thread with the service's checkpoint threshold. Each transaction opens with a statement
// (as the service's writer's do), then writes n rows one of the three ways, drawn at random per
// transaction so that every way meets the same moments of the host, then commits. Timed: the rows'
// writing, from creating the appender (or the first row of the kept one, or binding the first
// parameter) to the flush or the last execution; not the opening statement, nor the COMMIT, which
// every way pays alike. The prepared way writes the rows in chunks of 64, 32, …, 1 rows, one
// statement per chunk size, each prepared once. The first 200 transactions warm up and are not
// counted. Prints the median per way for n = 12, 40 and 85 (the rows a benchmark group gives
// ratings, calls and goals).
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

public class SmallTableInserts {

    static final int COLUMNS = 10;
    static final int WARM_UP = 200;

    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        for (int n : new int[] {12, 40, 85}) {
            Path dir = Files.createTempDirectory("small-table-inserts");
            try {
                run(dir.resolve("t.duckdb"), n, transactions);
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    static void run(Path file, int n, int transactions) throws SQLException {
        Properties props = new Properties();
        props.setProperty("threads", "1");
        props.setProperty("checkpoint_threshold", "256MB");
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, props)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE calls (chatbot_id VARCHAR NOT NULL, ts BIGINT NOT NULL, seq BIGINT NOT NULL,"
                        + " channel_id VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, duration DOUBLE, inputs INTEGER,"
                        + " reason VARCHAR, exit_step VARCHAR, target VARCHAR)");
            }
            c.setAutoCommit(false);
            Map<Integer, PreparedStatement> prepared = new HashMap<>();
            DuckDBAppender kept = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "calls");
            long[][] times = {new long[transactions], new long[transactions], new long[transactions]};
            int[] counted = new int[3];
            Random random = new Random(1);
            long seq = 0;
            while (counted[0] < transactions || counted[1] < transactions || counted[2] < transactions) {
                int way = random.nextInt(3);
                List<Object[]> rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    seq++;
                    rows.add(new Object[] {"demo-cityhall", 1_794_009_600_000L + seq, seq, "voice-1",
                            "conversation-" + (seq * 7919 % 1_000_003) + "-of-the-benchmark", 123.5 + i, i % 7, "hangup",
                            "st_0" + (i % 30), i % 5 == 0 ? null : "support"});
                }
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1"); // opens the transaction, as the writer's first statement does
                }
                long began = System.nanoTime();
                if (way == 0) {
                    try (DuckDBAppender ap = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "calls")) {
                        append(ap, rows);
                    }
                } else if (way == 1) {
                    prepared(c, prepared, rows);
                } else {
                    append(kept, rows);
                    kept.flush();
                }
                long took = System.nanoTime() - began;
                c.commit();
                if (seq > (long) WARM_UP * n && counted[way] < transactions) {
                    times[way][counted[way]++] = took;
                }
            }
            kept.close();
            for (PreparedStatement ps : prepared.values()) {
                ps.close();
            }
            for (long[] t : times) {
                Arrays.sort(t);
            }
            System.out.printf("%d rows: appender %.3f ms, prepared multi-row INSERTs %.3f ms, appender kept open %.3f ms"
                    + " (medians of %d each)%n", n, times[0][transactions / 2] / 1e6, times[1][transactions / 2] / 1e6,
                    times[2][transactions / 2] / 1e6, transactions);
        }
    }

    static void append(DuckDBAppender ap, List<Object[]> rows) throws SQLException {
        for (Object[] r : rows) {
            ap.beginRow().append((String) r[0]).append((long) (Long) r[1]).append((long) (Long) r[2]).append((String) r[3])
                    .append((String) r[4]).append((double) (Double) r[5]).append((int) (Integer) r[6]).append((String) r[7])
                    .append((String) r[8]).append((String) r[9]).endRow();
        }
    }

    static void prepared(Connection c, Map<Integer, PreparedStatement> prepared, List<Object[]> rows) throws SQLException {
        int i = 0;
        while (i < rows.size()) {
            int chunk = Integer.highestOneBit(Math.min(64, rows.size() - i));
            PreparedStatement ps = prepared.get(chunk);
            if (ps == null) {
                String row = "(" + String.join(", ", Collections.nCopies(COLUMNS, "?")) + ")";
                ps = c.prepareStatement("INSERT INTO calls VALUES " + String.join(", ", Collections.nCopies(chunk, row)));
                prepared.put(chunk, ps);
            }
            int p = 1;
            for (int r = i; r < i + chunk; r++) {
                for (Object v : rows.get(r)) {
                    ps.setObject(p++, v);
                }
            }
            ps.execute();
            i += chunk;
        }
    }
}
