package io.sextant.store.duckdb;

import io.sextant.SextantProperties;
import io.sextant.store.LiveStore;
import io.sextant.store.PathsStore;
import io.sextant.store.ReportStore;
import io.sextant.store.StoreSelection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;


/** Wires the DuckDB implementations of {@link ReportStore}, {@link PathsStore} and {@link LiveStore}, all on the read connections. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StoreSelection.PROPERTY, havingValue = "duckdb", matchIfMissing = true)
class ReportStoreConfiguration {

    @Bean
    ReportStore reportStore(Database db, SextantProperties props) {
        return new DuckDbReportStore(db.readDataSource(), db.conversationReach(), db.rollupChanges(), props.report().keptRollupRows());
    }

    @Bean
    PathsStore pathsStore(Database db) {
        return new DuckDbPathsStore(JdbcClient.create(db.readDataSource()));
    }

    @Bean
    LiveStore liveStore(Database db) {
        return new DuckDbLiveStore(JdbcClient.create(db.readDataSource()));
    }
}
