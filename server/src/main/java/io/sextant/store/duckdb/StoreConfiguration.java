package io.sextant.store.duckdb;

import io.sextant.SextantProperties;
import io.sextant.store.ApiKeyStore;
import io.sextant.store.ChangeLog;
import io.sextant.store.ChannelStore;
import io.sextant.store.StoreHealth;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the DuckDB implementations of the store interfaces. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean(destroyMethod = "close")
    Database database(SextantProperties props) {
        return Database.open(props.dataDir(), props.memoryLimit(), props.checkpointThreshold());
    }

    @Bean
    DataSource dataSource(Database db) {
        return db.dataSource();
    }

    @Bean
    JdbcClient jdbcClient(DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }

    @Bean
    ChangeLog changeLog() {
        return new ChangeLog();
    }

    /** The writer's health: part of {@code /actuator/health}, DOWN while writes fail. */
    @Bean
    StoreHealth storeHealth() {
        return new StoreHealth();
    }

    @Bean(destroyMethod = "close")
    DuckDbEventStore eventStore(Database db, Clock clock, ChangeLog changes, StoreHealth health) {
        return new DuckDbEventStore(db, clock, changes, health);
    }

    @Bean
    ChannelStore channelStore(JdbcClient jdbc, DuckDbEventStore events) {
        return new DuckDbChannelStore(jdbc, events);
    }

    @Bean
    ApiKeyStore apiKeyStore(JdbcClient jdbc) {
        return new DuckDbApiKeyStore(jdbc);
    }
}
