package io.sextant.store.duckdb;

import io.sextant.store.ReportStore;
import io.sextant.store.StoreSelection;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


/** Wires the DuckDB implementation of {@link ReportStore}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StoreSelection.PROPERTY, havingValue = "duckdb", matchIfMissing = true)
class ReportStoreConfiguration {

    @Bean
    ReportStore reportStore(DataSource dataSource) {
        return new DuckDbReportStore(dataSource);
    }
}
