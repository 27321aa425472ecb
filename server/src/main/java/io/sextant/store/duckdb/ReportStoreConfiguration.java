package io.sextant.store.duckdb;

import io.sextant.store.ReportStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the DuckDB implementation of {@link ReportStore}. */
@Configuration(proxyBeanMethods = false)
class ReportStoreConfiguration {

    @Bean
    ReportStore reportStore(JdbcClient jdbc) {
        return new DuckDbReportStore(jdbc);
    }
}
