// What one appender flush costs in DuckDB 2.0, against how many rows it carries and how many tables a
// transaction writes (docs/benchmark.md, "2026-12-04 12:40 UTC"). Not part of the build; run it with
// the pinned driver from the local Maven repository:
//
//   java -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar \
//        docs/experiments/AppenderFlushCost.java [transactions]
//
// Each case writes the same kind of rows (the columns of an event table) through
// org.duckdb.DuckDBAppender, one transaction at a time, into a fresh database file in a temporary
// directory, and prints the mean time per transaction and its parts: creating the appenders, their
// close (the flush, a planned INSERT in DuckDB 2.0) and the commit. The rest is appending the rows in
// Java and the statement that opens the transaction. The first pass warms up; the second is printed.
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

public class AppenderFlushCost {

    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.println("DuckDB " + version() + ", " + transactions + " transactions per case");
        run("11 tables x 10 rows", 11, 11, 10, transactions);
        run("11 tables x 370 rows", 11, 11, 370, transactions);
        run("1 table, 11 appenders x 370 rows", 11, 1, 370, transactions);
        run("1 table x 4,070 rows", 1, 1, 4_070, transactions);
        staged("11 tables x 370 rows, staged", 11, 370, transactions);
    }

    /**
     * The rows of {@code tables} tables appended to one temporary table, then moved by one prepared
     * {@code INSERT … SELECT} per table and a prepared {@code DELETE}: one flush, more statements.
     */
    static void staged(String name, int tables, int rows, int transactions) throws Exception {
        Path dir = Files.createTempDirectory("flush-cost");
        try (var conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("db.duckdb"))) {
            try (Statement st = conn.createStatement()) {
                for (int t = 0; t < tables; t++) {
                    st.execute("CREATE TABLE t" + t + " (chatbot_id VARCHAR NOT NULL, ts BIGINT NOT NULL, seq BIGINT NOT NULL,"
                            + " channel_id VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, a VARCHAR, b INTEGER, c VARCHAR)");
                }
                st.execute("CREATE TEMP TABLE stage (t TINYINT, chatbot_id VARCHAR, ts BIGINT, seq BIGINT, channel_id VARCHAR,"
                        + " conversation_id VARCHAR, a VARCHAR, b INTEGER, c VARCHAR)");
            }
            conn.setAutoCommit(false);
            var moves = new java.sql.PreparedStatement[tables];
            for (int t = 0; t < tables; t++) {
                moves[t] = conn.prepareStatement("INSERT INTO t" + t
                        + " SELECT chatbot_id, ts, seq, channel_id, conversation_id, a, b, c FROM stage WHERE t = " + t);
            }
            var clear = conn.prepareStatement("DELETE FROM stage");
            long seq = 0;
            for (int pass = 0; pass < 2; pass++) {
                long began = System.nanoTime();
                long flushing = 0;
                long moving = 0;
                long committing = 0;
                for (int i = 0; i < transactions; i++) {
                    try (Statement st = conn.createStatement()) {
                        st.execute("SELECT 1");
                    }
                    DuckDBAppender ap = conn.createAppender("temp", "main", "stage");
                    for (int r = 0; r < rows * tables; r++) {
                        seq++;
                        ap.beginRow().append((byte) (r % tables)).append("demo-shop").append(seq * 7).append(seq).append("web")
                                .append("conversation-" + seq / 10).append("user").append((int) seq).append((String) null).endRow();
                    }
                    long f = System.nanoTime();
                    ap.close();
                    flushing += System.nanoTime() - f;
                    long m = System.nanoTime();
                    for (var move : moves) {
                        move.execute();
                    }
                    clear.execute();
                    moving += System.nanoTime() - m;
                    long c = System.nanoTime();
                    conn.commit();
                    committing += System.nanoTime() - c;
                }
                if (pass == 1) {
                    System.out.printf("%-34s %6.2f ms per transaction; the stage's flushes %5.2f, moving the rows %5.2f,"
                            + " the commit %5.2f%n", name, (System.nanoTime() - began) / 1e6 / transactions, flushing / 1e6 / transactions,
                            moving / 1e6 / transactions, committing / 1e6 / transactions);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {@code appenders} appenders per transaction, spread over {@code tables} tables, {@code rows} rows each. */
    static void run(String name, int appenders, int tables, int rows, int transactions) throws Exception {
        Path dir = Files.createTempDirectory("flush-cost");
        try (var conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("db.duckdb"))) {
            try (Statement st = conn.createStatement()) {
                for (int t = 0; t < tables; t++) {
                    st.execute("CREATE TABLE t" + t + " (chatbot_id VARCHAR NOT NULL, ts BIGINT NOT NULL, seq BIGINT NOT NULL,"
                            + " channel_id VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, a VARCHAR, b INTEGER, c VARCHAR)");
                }
            }
            conn.setAutoCommit(false);
            long seq = 0;
            for (int pass = 0; pass < 2; pass++) {
                long began = System.nanoTime();
                long creating = 0;
                long flushing = 0;
                long committing = 0;
                for (int i = 0; i < transactions; i++) {
                    try (Statement st = conn.createStatement()) {
                        st.execute("SELECT 1"); // opens the transaction the appenders join
                    }
                    for (int a = 0; a < appenders; a++) {
                        long c = System.nanoTime();
                        DuckDBAppender ap = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t" + (a % tables));
                        creating += System.nanoTime() - c;
                        for (int r = 0; r < rows; r++) {
                            seq++;
                            ap.beginRow().append("demo-shop").append(seq * 7).append(seq).append("web")
                                    .append("conversation-" + seq / 10).append("user").append((int) seq).append((String) null).endRow();
                        }
                        long f = System.nanoTime();
                        ap.close();
                        flushing += System.nanoTime() - f;
                    }
                    long c = System.nanoTime();
                    conn.commit();
                    committing += System.nanoTime() - c;
                }
                if (pass == 1) {
                    System.out.printf("%-34s %6.2f ms per transaction; creating the appenders %5.2f, their close (flush) %5.2f,"
                            + " the commit %5.2f%n", name, (System.nanoTime() - began) / 1e6 / transactions, creating / 1e6 / transactions,
                            flushing / 1e6 / transactions, committing / 1e6 / transactions);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String version() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
