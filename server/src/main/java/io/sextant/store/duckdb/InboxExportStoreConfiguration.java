package io.sextant.store.duckdb;

import io.sextant.store.ExportDataStore;
import io.sextant.store.ExportJobStore;
import io.sextant.store.InboxStore;
import io.sextant.store.StoreSelection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the DuckDB stores of the inbox statistics and the exports; the reading ones on the read connections. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StoreSelection.PROPERTY, havingValue = "duckdb", matchIfMissing = true)
class InboxExportStoreConfiguration {

    @Bean
    InboxStore inboxStore(Database db) {
        return new DuckDbInboxStore(JdbcClient.create(db.readDataSource()));
    }

    @Bean
    ExportJobStore exportJobStore(JdbcClient jdbc) {
        return new DuckDbExportJobStore(jdbc);
    }

    @Bean
    ExportDataStore exportDataStore(Database db) {
        return new DuckDbExportDataStore(db.readDataSource());
    }
}
