package io.sextant.store.duckdb;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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

    /**
     * The report store, and its metrics: {@code sextant_report_rollup_statements_total{source}}
     * counts the reports whose rollup statement was answered by kept rows ({@code kept}) or run on
     * the database ({@code read}); {@code sextant_report_rollup_kept_rows} is the rows kept now.
     */
    @Bean
    ReportStore reportStore(Database db, SextantProperties props, MeterRegistry metrics) {
        DuckDbReportStore store = new DuckDbReportStore(db.readDataSource(), db.conversationReach(), db.latestEvents(), db.rollupChanges(),
                props.report().keptRollupRows());
        FunctionCounter.builder("sextant.report.rollup.statements", store, DuckDbReportStore::keptRollupRowsUsed).tag("source", "kept")
                .description("reports whose rollup rows were kept from an earlier report").register(metrics);
        FunctionCounter.builder("sextant.report.rollup.statements", store, DuckDbReportStore::rollupRowsRead).tag("source", "read")
                .description("reports that read their rollup rows from the database").register(metrics);
        Gauge.builder("sextant.report.rollup.kept.rows", store, DuckDbReportStore::keptRollupRows)
                .description("rollup rows kept between reports (at most sextant.report.kept-rollup-rows)").register(metrics);
        return store;
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
