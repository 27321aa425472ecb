package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.SextantApplication;
import io.sextant.store.StoreSelection.UnknownStoreException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * {@code sextant.store} names the engine; a value this build has no engine for stops the start in
 * one sentence, and so does a ClickHouse store that is not configured or not reachable (without
 * opening a DuckDB database).
 */
class StoreSelectionTest {

    @TempDir
    Path dataDir;

    @Test
    void duckdbAndClickHouseAreTheEnginesOfThisBuild() {
        assertThat(StoreSelection.ENGINES).containsExactly("duckdb", "clickhouse");
        assertThatCode(() -> StoreSelection.check("duckdb")).doesNotThrowAnyException();
        assertThatCode(() -> StoreSelection.check("clickhouse")).doesNotThrowAnyException();
        assertThatThrownBy(() -> StoreSelection.check("DuckDB")).isInstanceOf(UnknownStoreException.class);
    }

    @Test
    void anUnknownStoreStopsTheStartBeforeAnyBeanIsMade() throws Exception {
        assertThatThrownBy(() -> new SpringApplicationBuilder(SextantApplication.class)
                .properties("sextant.store=cassandra", "sextant.data-dir=" + dataDir, "server.port=0")
                .run().close())
                .isInstanceOf(UnknownStoreException.class)
                .hasMessage("sextant.store 'cassandra' is unknown; this build has: duckdb, clickhouse");
        assertNoDatabase();
    }

    @Test
    void clickHouseWithoutUrlsStopsTheStartSayingWhatToSet() throws Exception {
        assertThatThrownBy(() -> new SpringApplicationBuilder(SextantApplication.class)
                .properties("sextant.store=clickhouse", "sextant.data-dir=" + dataDir, "server.port=0")
                .run().close())
                .rootCause()
                .hasMessageStartingWith("sextant.clickhouse.urls (SEXTANT_CLICKHOUSE_URLS) is empty");
        assertNoDatabase();
    }

    @Test
    void clickHouseWhoseNodesDoNotAnswerStopsTheStart() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        assertThatThrownBy(() -> new SpringApplicationBuilder(SextantApplication.class)
                .properties("sextant.store=clickhouse", "sextant.clickhouse.urls=http://127.0.0.1:" + port,
                        "sextant.clickhouse.zookeeper=127.0.0.1:" + port, "sextant.data-dir=" + dataDir, "server.port=0")
                .run().close())
                .hasStackTraceContaining("no ClickHouse node of sextant.clickhouse.urls [http://127.0.0.1:" + port + "] answers");
        assertNoDatabase();
    }

    private void assertNoDatabase() throws Exception {
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no DuckDB database was opened").noneMatch(n -> n.contains("duckdb"));
        }
    }
}
