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

    private static String setting(Database db) {
        return JdbcClient.create(db.dataSource()).sql("SELECT current_setting('checkpoint_threshold')").query(String.class).single();
    }
}
