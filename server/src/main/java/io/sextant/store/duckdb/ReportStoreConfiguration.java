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
     * {@code sextant_report_hour_events_total{source}} counts the settled hours whose events a
     * report counted from those kept or read ({@link HourEvents}); {@code
     * sextant_report_hour_events_kept} is the events kept now.
     */
    @Bean
    ReportStore reportStore(Database db, SextantProperties props, MeterRegistry metrics) {
        DuckDbReportStore store = new DuckDbReportStore(db.readDataSource(), db.conversationReach(), db.latestEvents(), db.rollupChanges(),
                props.report().keptRollupRows(), props.report().keptHourEvents());
        FunctionCounter.builder("sextant.report.rollup.statements", store, DuckDbReportStore::keptRollupRowsUsed).tag("source", "kept")
                .description("reports whose rollup rows were kept from an earlier report").register(metrics);
        FunctionCounter.builder("sextant.report.rollup.statements", store, DuckDbReportStore::rollupRowsRead).tag("source", "read")
                .description("reports that read their rollup rows from the database").register(metrics);
        Gauge.builder("sextant.report.rollup.kept.rows", store, DuckDbReportStore::keptRollupRows)
                .description("rollup rows kept between reports (at most sextant.report.kept-rollup-rows)").register(metrics);
        FunctionCounter.builder("sextant.report.hour.events", store, DuckDbReportStore::keptHoursUsed).tag("source", "kept")
                .description("settled hours whose events a report counted a range of from those kept").register(metrics);
        FunctionCounter.builder("sextant.report.hour.events", store, DuckDbReportStore::hoursRead).tag("source", "read")
                .description("settled hours whose events a report read from the database").register(metrics);
        Gauge.builder("sextant.report.hour.events.kept", store, DuckDbReportStore::keptHourEvents)
                .description("events of settled hours kept between reports (at most sextant.report.kept-hour-events)").register(metrics);
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
