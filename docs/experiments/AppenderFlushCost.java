// What one appender flush costs in DuckDB 2.0, against how many rows it carries and how many tables a
// transaction writes (docs/benchmark.md, "2026-12-04 12:40 UTC"). Not part of the build; run it with
// the pinned driver from the local Maven repository:
//
//   java --enable-native-access=ALL-UNNAMED \
//        -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar \
//        docs/experiments/AppenderFlushCost.java [transactions]
//
// Each case writes rows of the shape of an event table through org.duckdb.DuckDBAppender, one
// transaction at a time, into a fresh database file in a temporary directory, and prints the mean
// time per transaction and its timed parts. What is not timed is appending the rows in Java and the
// statement that opens the transaction. The first pass warms up; the second is printed.
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

public class AppenderFlushCost {

    static final String COLUMNS = "chatbot_id VARCHAR NOT NULL, ts BIGINT NOT NULL, seq BIGINT NOT NULL,"
            + " channel_id VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, a VARCHAR, b INTEGER, c VARCHAR";

    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.println("DuckDB " + version() + ", " + transactions + " transactions per case");
        appenders("11 tables x 10 rows", 11, 11, 10, transactions);
        appenders("11 tables x 370 rows", 11, 11, 370, transactions);
        appenders("1 table, 11 appenders x 370 rows", 11, 1, 370, transactions);
        appenders("1 table x 4,070 rows", 1, 1, 4_070, transactions);
        staged("11 tables x 370 rows, staged", 11, 370, transactions);
    }

    /** {@code appenders} appenders per transaction, spread over {@code tables} tables, {@code rows} rows each. */
    static void appenders(String name, int appenders, int tables, int rows, int transactions) throws Exception {
        measure(name, tables, transactions, new String[] {"creating the appenders", "their close (flush)"}, (conn, seq, parts) -> {
            for (int a = 0; a < appenders; a++) {
                long c = System.nanoTime();
                DuckDBAppender ap = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t" + (a % tables));
                parts[0] += System.nanoTime() - c;
                for (int r = 0; r < rows; r++) {
                    row(ap.beginRow(), ++seq[0]);
                }
                long f = System.nanoTime();
                ap.close();
                parts[1] += System.nanoTime() - f;
            }
        });
    }

    /**
     * The rows of {@code tables} tables appended to one temporary table, then moved by one prepared
     * {@code INSERT … SELECT} per table and cleared by a prepared {@code DELETE}: one flush, more statements.
     */
    static void staged(String name, int tables, int rows, int transactions) throws Exception {
        PreparedStatement[] moves = new PreparedStatement[tables + 1];
        measure(name, tables, transactions, new String[] {"the stage's flushes", "moving the rows"}, (conn, seq, parts) -> {
            if (moves[0] == null) {
                try (Statement st = conn.createStatement()) {
                    st.execute("CREATE TEMP TABLE IF NOT EXISTS stage (t TINYINT, " + COLUMNS.replace(" NOT NULL", "") + ")");
                }
                for (int t = 0; t < tables; t++) {
                    moves[t] = conn.prepareStatement("INSERT INTO t" + t
                            + " SELECT chatbot_id, ts, seq, channel_id, conversation_id, a, b, c FROM stage WHERE t = " + t);
                }
                moves[tables] = conn.prepareStatement("DELETE FROM stage");
            }
            DuckDBAppender ap = conn.createAppender("temp", "main", "stage");
            for (int r = 0; r < rows * tables; r++) {
                ap.beginRow().append((byte) (r % tables));
                row(ap, ++seq[0]);
            }
            long f = System.nanoTime();
            ap.close();
            parts[0] += System.nanoTime() - f;
            long m = System.nanoTime();
            for (PreparedStatement move : moves) {
                move.execute();
            }
            parts[1] += System.nanoTime() - m;
        });
    }

    interface Transaction {
        /** Writes one transaction's rows; adds the time of each of its parts to {@code parts}. */
        void write(DuckDBConnection conn, long[] seq, long[] parts) throws SQLException;
    }

    /** Runs the case twice over {@code transactions} transactions on {@code tables} fresh tables; prints the second pass. */
    static void measure(String name, int tables, int transactions, String[] partNames, Transaction tx) throws Exception {
        Path dir = Files.createTempDirectory("flush-cost");
        try (var conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("db.duckdb"))) {
            try (Statement st = conn.createStatement()) {
                for (int t = 0; t < tables; t++) {
                    st.execute("CREATE TABLE t" + t + " (" + COLUMNS + ")");
                }
            }
            conn.setAutoCommit(false);
            long[] seq = {0};
            for (int pass = 0; pass < 2; pass++) {
                long began = System.nanoTime();
                long[] parts = new long[partNames.length];
                long committing = 0;
                for (int i = 0; i < transactions; i++) {
                    try (Statement st = conn.createStatement()) {
                        st.execute("SELECT 1"); // opens the transaction: a flush before any statement would commit on its own
                    }
                    tx.write(conn, seq, parts);
                    long c = System.nanoTime();
                    conn.commit();
                    committing += System.nanoTime() - c;
                }
                if (pass == 1) {
                    StringBuilder line = new StringBuilder(String.format("%-34s %6.2f ms per transaction;", name,
                            (System.nanoTime() - began) / 1e6 / transactions));
                    for (int p = 0; p < parts.length; p++) {
                        line.append(String.format(" %s %5.2f,", partNames[p], parts[p] / 1e6 / transactions));
                    }
                    System.out.println(line.append(String.format(" the commit %5.2f", committing / 1e6 / transactions)));
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The columns of a row after any the case puts first. */
    static void row(DuckDBAppender ap, long seq) throws SQLException {
        ap.append("demo-shop").append(seq * 7).append(seq).append("web").append("conversation-" + seq / 10).append("user")
                .append((int) seq).append((String) null).endRow();
    }

    static String version() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
