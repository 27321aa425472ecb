package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read connections keep their prepared statements between uses: a kept statement must still
 * answer from the latest commit, after a table is rewritten or dropped, and after the connection
 * was given back inside a transaction.
 */
class ReadConnectionsTest {

    private static final String SUM = "SELECT coalesce(sum(x), 0) FROM t WHERE x > ?";

    @TempDir
    Path dataDir;

    @Test
    void aStatementAskedAgainIsThePreparedOneAndAnswersFromTheLatestCommit() throws Exception {
        try (Database db = Database.open(dataDir, "256MB")) {
            write(db, "CREATE TABLE t (x BIGINT)", "INSERT INTO t VALUES (1), (2)");
            DuckDBPreparedStatement first;
            PreparedStatement used;
            try (Connection c = db.readDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(SUM)) {
                first = ps.unwrap(DuckDBPreparedStatement.class);
                assertThat(sum(ps, 0)).isEqualTo(3);
                used = ps;
            }
            assertThat(used.isClosed()).as("closed for its user, kept open underneath").isTrue();
            write(db, "INSERT INTO t VALUES (10)");
            try (Connection c = db.readDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(SUM)) {
                assertThat(ps.unwrap(DuckDBPreparedStatement.class)).isSameAs(first);
                assertThat(sum(ps, 1)).isEqualTo(12);
            }
            assertThat(first.isClosed()).isFalse();
        }
    }

    @Test
    void aKeptStatementReadsATableRewrittenUnderItAndOneDroppedAndCreatedAgain() throws Exception {
        try (Database db = Database.open(dataDir, "256MB")) {
            write(db, "CREATE TABLE t (x BIGINT)", "INSERT INTO t VALUES (1), (2)");
            JdbcClient reads = JdbcClient.create(db.readDataSource());
            assertThat(reads.sql(SUM).param(0L).query(Long.class).single()).isEqualTo(3);
            // as the chatbot-order rewrite does: a new table in the old one's place
            write(db, "CREATE TABLE t2 AS SELECT x * 10 AS x, 'y' AS y FROM t", "DROP TABLE t", "ALTER TABLE t2 RENAME TO t");
            assertThat(reads.sql(SUM).param(0L).query(Long.class).single()).isEqualTo(30);
            write(db, "DROP TABLE t");
            assertThatThrownBy(() -> reads.sql(SUM).param(0L).query(Long.class).single()).hasMessageContaining("t");
            write(db, "CREATE TABLE t (x BIGINT)", "INSERT INTO t VALUES (100)");
            assertThat(reads.sql(SUM).param(0L).query(Long.class).single()).isEqualTo(100);
        }
    }

    @Test
    void aConnectionGivenBackInATransactionIsRolledBackSoTheNextReadSeesNewCommits() throws Exception {
        try (Database db = Database.open(dataDir, "256MB")) {
            write(db, "CREATE TABLE t (x BIGINT)", "INSERT INTO t VALUES (1)");
            DuckDBConnection used;
            try (Connection c = db.readDataSource().getConnection()) {
                used = c.unwrap(DuckDBConnection.class);
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(SUM)) {
                    assertThat(sum(ps, 0)).isEqualTo(1);
                }
                write(db, "INSERT INTO t VALUES (5)");
                try (PreparedStatement ps = c.prepareStatement(SUM)) {
                    assertThat(sum(ps, 0)).as("one snapshot per transaction").isEqualTo(1);
                }
            }
            try (Connection c = db.readDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(SUM)) {
                assertThat(c.unwrap(DuckDBConnection.class)).isSameAs(used);
                assertThat(c.getAutoCommit()).isTrue();
                assertThat(sum(ps, 0)).isEqualTo(6);
            }
        }
    }

    @Test
    void atMostMaxIdleAreKeptAndAConnectionClosedTwiceIsGivenBackOnce() throws Exception {
        try (Database db = Database.open(dataDir, "256MB")) {
            ReadConnections pool = new ReadConnections(db::newConnection, db::release, 2, 4);
            Connection once = pool.getConnection();
            once.close();
            once.close();
            assertThat(pool.idle()).as("a second close gives nothing back").isEqualTo(1);
            List<Connection> borrowed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                borrowed.add(pool.getConnection());
            }
            assertThat(borrowed.stream().map(c -> unwrap(c)).distinct()).hasSize(3);
            DuckDBConnection third = unwrap(borrowed.get(2));
            for (Connection c : borrowed) {
                c.close();
            }
            assertThat(pool.idle()).isEqualTo(2);
            assertThat(third.isClosed()).as("beyond maxIdle: closed").isTrue();
            pool.clear();
            assertThat(pool.idle()).isZero();
        }
    }

    @Test
    void aStatementBeyondTheLimitClosesTheLeastRecentlyUsed() throws Exception {
        try (Database db = Database.open(dataDir, "256MB")) {
            ReadConnections pool = new ReadConnections(db::newConnection, db::release, 1, 2);
            try (Connection c = pool.getConnection()) {
                DuckDBPreparedStatement one = c.prepareStatement("SELECT 1").unwrap(DuckDBPreparedStatement.class);
                DuckDBPreparedStatement two = c.prepareStatement("SELECT 2").unwrap(DuckDBPreparedStatement.class);
                assertThat(c.prepareStatement("SELECT 1").unwrap(DuckDBPreparedStatement.class)).isSameAs(one);
                c.prepareStatement("SELECT 3");
                assertThat(two.isClosed()).isTrue();
                assertThat(one.isClosed()).isFalse();
            }
            pool.clear();
        }
    }

    @Test
    void afterTheDatabaseIsOpenedAgainReadsGetWorkingConnectionsAndClosingItClosesTheKeptOnes() throws Exception {
        DuckDBConnection kept;
        try (Database db = Database.open(dataDir, "256MB")) {
            write(db, "CREATE TABLE t (x BIGINT)", "INSERT INTO t VALUES (7)");
            JdbcClient reads = JdbcClient.create(db.readDataSource());
            assertThat(reads.sql(SUM).param(0L).query(Long.class).single()).isEqualTo(7);
            Connection out = db.readDataSource().getConnection();
            db.reopen("a test");
            out.close();
            assertThat(((ReadConnections) db.readDataSource()).idle()).as("closed by the reopening: not kept").isZero();
            assertThat(reads.sql(SUM).param(0L).query(Long.class).single()).isEqualTo(7);
            try (Connection c = db.readDataSource().getConnection()) {
                kept = unwrap(c);
            }
            assertThat(kept.isClosed()).isFalse();
        }
        // DuckDB keeps an instance, and the file's lock, while any connection to it is open
        assertThat(kept.isClosed()).isTrue();
        try (Database again = Database.open(dataDir, "256MB")) {
            assertThat(JdbcClient.create(again.readDataSource()).sql(SUM).param(0L).query(Long.class).single()).isEqualTo(7);
        }
    }

    private static DuckDBConnection unwrap(Connection c) {
        try {
            return c.unwrap(DuckDBConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sum(PreparedStatement ps, long above) throws SQLException {
        ps.setLong(1, above);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void write(Database db, String... sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); var st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
