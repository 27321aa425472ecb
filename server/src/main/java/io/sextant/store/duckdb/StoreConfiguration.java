package io.sextant.store.duckdb;

import io.sextant.SextantProperties;
import io.sextant.store.ApiKeyStore;
import io.sextant.store.ChangeLog;
import io.sextant.store.ChannelStore;
import io.sextant.store.ChatbotSettingsStore;
import io.sextant.store.ExportFileStore;
import io.sextant.store.StoreHealth;
import io.sextant.store.StoreSelection;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the DuckDB implementations of the store interfaces (the engine-neutral beans are {@code io.sextant.store.StoreBeans}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StoreSelection.PROPERTY, havingValue = "duckdb", matchIfMissing = true)
class StoreConfiguration {

    @Bean(destroyMethod = "close")
    Database database(SextantProperties props) {
        return Database.open(props.dataDir(), props.memoryLimit(), props.checkpointThreshold(), props.disabledOptimizers(), props.threads());
    }

    @Bean
    DataSource dataSource(Database db) {
        return db.dataSource();
    }

    @Bean
    JdbcClient jdbcClient(DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }

    /** The writer; it records each commit in {@code changes}, as {@link io.sextant.store.EventStore} requires. */
    @Bean(destroyMethod = "close")
    DuckDbEventStore eventStore(Database db, Clock clock, ChangeLog changes, StoreHealth health) {
        return new DuckDbEventStore(db, clock, changes, health);
    }

    @Bean
    ChannelStore channelStore(JdbcClient jdbc, ChannelWriter writer) {
        return new DuckDbChannelStore(jdbc, writer);
    }

    /** Export files and the link secret in the data directory. */
    @Bean
    ExportFileStore exportFileStore(SextantProperties props) {
        return new LocalExportFiles(props.dataDir());
    }

    @Bean
    ApiKeyStore apiKeyStore(JdbcClient jdbc) {
        return new DuckDbApiKeyStore(jdbc);
    }

    @Bean
    ChatbotSettingsStore chatbotSettingsStore(JdbcClient jdbc, ChangeLog changes, Clock clock) {
        return new DuckDbChatbotSettingsStore(jdbc, changes, clock);
    }
}
