package io.sextant.store.duckdb;

import io.sextant.store.LiveStore;
import io.sextant.store.PathsStore;
import io.sextant.store.ReportStore;
import io.sextant.store.StoreSelection;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;


/** Wires the DuckDB implementations of {@link ReportStore}, {@link PathsStore} and {@link LiveStore}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StoreSelection.PROPERTY, havingValue = "duckdb", matchIfMissing = true)
class ReportStoreConfiguration {

    @Bean
    ReportStore reportStore(DataSource dataSource) {
        return new DuckDbReportStore(dataSource);
    }

    @Bean
    PathsStore pathsStore(JdbcClient jdbc) {
        return new DuckDbPathsStore(jdbc);
    }

    @Bean
    LiveStore liveStore(JdbcClient jdbc) {
        return new DuckDbLiveStore(jdbc);
    }
}
