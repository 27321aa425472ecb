package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The database's DuckDB settings, how migration scripts are split into statements, and a newer schema refused. */
class DatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void theCheckpointThresholdReachesDuckDbAndEmptySetsNothing() throws Exception {
        try (Database db = Database.open(dataDir, "256MB", "64MiB")) {
            assertThat(setting(db)).isEqualTo("64.0 MiB");
        }
        String untouched; // what DuckDB has when nobody sets it, whatever its default
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            untouched = setting(new SingleConnectionDataSource(c, true), "checkpoint_threshold");
        }
        assertThat(untouched).isNotEqualTo("64.0 MiB");
        try (Database db = Database.open(dataDir, "256MB", "")) {
            assertThat(setting(db)).isEqualTo(untouched);
        }
    }

    @Test
    void theOptimizerPassesSwitchedOffReachEveryConnectionAndEmptySwitchesOffNone() throws Exception {
        try (Database db = Database.open(dataDir, "256MB", "")) {
            assertThat(passes(Database.DISABLED_OPTIMIZERS)).containsExactlyInAnyOrder("common_subplan", "join_order");
            assertThat(disabled(db.dataSource())).isEqualTo(passes(Database.DISABLED_OPTIMIZERS));
            assertThat(disabled(db.readDataSource())).as("the reports' connections").isEqualTo(passes(Database.DISABLED_OPTIMIZERS));
            db.reopen("a test");
            assertThat(disabled(db.readDataSource())).as("after a reopen").isEqualTo(passes(Database.DISABLED_OPTIMIZERS));
        }
        try (Database db = Database.open(dataDir, "256MB", "", "")) {
            assertThat(disabled(db.readDataSource())).isEmpty();
        }
        try (Database db = Database.open(dataDir, "256MB", "", "join_order")) {
            assertThat(disabled(db.readDataSource())).containsExactly("join_order");
        }
    }

    @Test
    void theThreadsReachDuckDbAndFewerThanOneAreRefused() throws Exception {
        try (Database db = Database.open(dataDir, "256MB", "")) {
            assertThat(setting(db.readDataSource(), "threads")).as("the default").isEqualTo(Integer.toString(Database.THREADS));
            db.reopen("a test");
            assertThat(setting(db.dataSource(), "threads")).as("after a reopen").isEqualTo(Integer.toString(Database.THREADS));
        }
        try (Database db = Database.open(dataDir, "256MB", "", Database.DISABLED_OPTIMIZERS, 2)) {
            assertThat(setting(db.readDataSource(), "threads")).isEqualTo("2");
        }
        assertThatThrownBy(() -> Database.open(dataDir, "256MB", "", Database.DISABLED_OPTIMIZERS, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sextant.threads must be at least 1, not 0");
    }

    /**
     * A data directory a newer Sextant migrated further (a schema version this one does not know)
     * is refused at the start, with the versions named, and left as it was: writing into tables
     * whose form it does not know would fail every batch, or worse.
     */
    @Test
    void aDatabaseOfANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
        int newest;
        try (Database db = Database.open(dataDir, "256MB")) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            newest = jdbc.sql("SELECT max(version) FROM schema_version").query(Integer.class).single();
            assertThat(newest).isEqualTo(Database.migrations().get(Database.migrations().size() - 1).version());
            jdbc.sql("INSERT INTO schema_version (version, name) VALUES (:v, 'V' || :v || '__from_the_future')")
                    .param("v", newest + 1).update();
        }
        assertThatThrownBy(() -> Database.open(dataDir, "256MB"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version " + (newest + 1))
                .hasMessageContaining("knows versions up to " + newest)
                .hasMessageContaining("a newer Sextant wrote it");
        // the refusal let go of the file, and changed nothing in it
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve(Database.FILE_NAME)); var st = c.createStatement();
                var rs = st.executeQuery("SELECT max(version), count(*) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(newest + 1);
            assertThat(rs.getInt(2)).isEqualTo(Database.migrations().size() + 1);
        }
    }

    @Test
    void migrationScriptsSplitOnSemicolonsEndingALineAndLoseCommentsButNotTextInQuotes() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE t (x VARCHAR DEFAULT '--not a comment', "a--b" INTEGER); -- trailing comment
                INSERT INTO t VALUES ('it''s -- text;
                still text;'), ('--'); \t
                SELECT 1; SELECT 2 -- one statement: its semicolon does not end the line
                ;
                SELECT '--' AS x;""";
        assertThat(Database.splitStatements(script)).containsExactly(
                "CREATE TABLE t (x VARCHAR DEFAULT '--not a comment', \"a--b\" INTEGER)",
                "INSERT INTO t VALUES ('it''s -- text;\nstill text;'), ('--')",
                "SELECT 1; SELECT 2",
                "SELECT '--' AS x");
    }

    @Test
    void aDoubleDashInAStringLiteralOfAMigrationReachesTheDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            for (String sql : Database.splitStatements("CREATE TABLE t (x VARCHAR DEFAULT 'a -- b'); -- why\nINSERT INTO t DEFAULT VALUES;\n")) {
                st.execute(sql);
            }
            try (var rs = st.executeQuery("SELECT x FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("a -- b");
            }
        }
    }

    @Test
    void reopeningClosesEveryConnectionAndKeepsTheSettingsAndWhatIsCommitted() throws Exception {
        try (Database db = Database.open(dataDir, "256MB", "64MiB")) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            jdbc.sql("CREATE TABLE t (x INTEGER)").update();
            jdbc.sql("INSERT INTO t VALUES (1)").update();
            var held = db.dataSource().getConnection();
            var writer = db.newConnection();
            assertThat(db.usable()).isTrue();

            db.reopen("a test");

            assertThat(held.isClosed()).isTrue(); // else DuckDB would keep the old instance alive
            assertThat(writer.isClosed()).isTrue();
            held.close(); // closing again is harmless
            assertThat(db.usable()).isTrue();
            assertThat(jdbc.sql("SELECT sum(x) FROM t").query(Long.class).single()).isEqualTo(1);
            assertThat(setting(db)).isEqualTo("64.0 MiB");
        }
    }

    /** The passes DuckDB has switched off, as a set (it lists them in its own order). */
    private static java.util.Set<String> disabled(javax.sql.DataSource source) {
        return passes(setting(source, "disabled_optimizers"));
    }

    private static java.util.Set<String> passes(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::strip).filter(p -> !p.isEmpty()).collect(java.util.stream.Collectors.toSet());
    }

    private static String setting(Database db) {
        return setting(db.dataSource(), "checkpoint_threshold");
    }

    /** A DuckDB setting as a connection of {@code source} has it, in DuckDB's text. */
    private static String setting(javax.sql.DataSource source, String name) {
        return JdbcClient.create(source).sql("SELECT CAST(current_setting(?) AS VARCHAR)").param(name).query(String.class).single();
    }
}
