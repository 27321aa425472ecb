package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.SextantApplication;
import io.sextant.store.StoreSelection.UnknownStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** {@code sextant.store} names the engine; a value this build has no engine for stops the start in one sentence. */
class StoreSelectionTest {

    @TempDir
    Path dataDir;

    @Test
    void duckdbIsTheOnlyEngineOfThisBuild() {
        assertThat(StoreSelection.ENGINES).containsExactly("duckdb");
        assertThatCode(() -> StoreSelection.check("duckdb")).doesNotThrowAnyException();
        assertThatThrownBy(() -> StoreSelection.check("DuckDB")).isInstanceOf(UnknownStoreException.class);
    }

    @Test
    void anUnknownStoreStopsTheStartBeforeAnyBeanIsMade() throws Exception {
        assertThatThrownBy(() -> new SpringApplicationBuilder(SextantApplication.class)
                .properties("sextant.store=clickhouse", "sextant.data-dir=" + dataDir, "server.port=0")
                .run().close())
                .isInstanceOf(UnknownStoreException.class)
                .hasMessage("sextant.store 'clickhouse' is unknown; this build has: duckdb");
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("no database was opened").isEmpty();
        }
    }
}
