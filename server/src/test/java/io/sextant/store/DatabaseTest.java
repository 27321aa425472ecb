package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The database's DuckDB settings. */
class DatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void theCheckpointThresholdReachesDuckDbAndEmptyKeepsItsDefault() {
        try (Database db = Database.open(dataDir, "256MB", "64MiB")) {
            assertThat(setting(db)).isEqualTo("64.0 MiB");
        }
        try (Database db = Database.open(dataDir, "256MB", "")) {
            assertThat(setting(db)).isEqualTo("16.0 MiB");
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

    private static String setting(Database db) {
        return JdbcClient.create(db.dataSource()).sql("SELECT current_setting('checkpoint_threshold')").query(String.class).single();
    }
}
