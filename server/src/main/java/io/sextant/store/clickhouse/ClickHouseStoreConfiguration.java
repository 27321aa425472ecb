package io.sextant.store.clickhouse;

import io.sextant.OwnerOnly;
import io.sextant.SextantProperties;
import io.sextant.store.ApiKeyStore;
import io.sextant.store.ChangeLog;
import io.sextant.store.ChatbotSettingsStore;
import io.sextant.store.ChannelStore;
import io.sextant.store.ExportDataStore;
import io.sextant.store.ExportFileStore;
import io.sextant.store.ExportJobStore;
import io.sextant.store.InboxStore;
import io.sextant.store.LiveStore;
import io.sextant.store.PathsStore;
import io.sextant.store.ReportStore;
import io.sextant.store.StoreHealth;
import io.sextant.store.StoreSelection;
import io.sextant.store.StoreUnavailableException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the ClickHouse implementations of every store contract when {@code sextant.store=clickhouse}
 * (the engine-neutral beans are {@code io.sextant.store.StoreBeans}). At start it checks the
 * configuration, reaches a node, creates the schema when a table is missing, and connects to
 * ZooKeeper; it declares the {@link ChangeLog} incomplete, because other API nodes write to the same
 * cluster unseen by this process, so the report cache keeps nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StoreSelection.PROPERTY, havingValue = "clickhouse")
@EnableConfigurationProperties(ClickHouseProperties.class)
class ClickHouseStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseStoreConfiguration.class);

    /** The client, once a node answered and the schema is there. */
    @Bean
    ClickHouseHttp clickHouseHttp(ClickHouseProperties props, SextantProperties sextant) {
        if (props.urls().isEmpty()) {
            throw new ClickHouseStartException("sextant.clickhouse.urls (SEXTANT_CLICKHOUSE_URLS) is empty; with sextant.store="
                    + "clickhouse it must list the HTTP endpoints of the cluster's nodes, comma-separated, e.g. "
                    + "http://ch1:8123,http://ch2:8123 (bin/sextant cluster start prints them)");
        }
        dataDirectory(sextant);
        ClickHouseHttp ch = new ClickHouseHttp(props.urls(), props.user(), props.password(),
                ClickHouseSchema.identifier("sextant.clickhouse.database", props.database()), props.timeout());
        try {
            if (ClickHouseSchema.ensure(ch, props.cluster())) {
                log.info("Created Sextant's tables in ClickHouse database {} on cluster {}", props.database(), props.cluster());
            }
        } catch (StoreUnavailableException e) {
            throw new ClickHouseStartException("no ClickHouse node of sextant.clickhouse.urls " + props.urls()
                    + " answers, or the cluster cannot run the schema's DDL: " + e.getMessage(), e);
        }
        return ch;
    }

    /**
     * Makes the node's data directory (its {@code admin.key}, export files being written) exist and
     * be its owner's only, at every start, as the DuckDB engine does when it opens its file. Called
     * by the client's bean, on which every store (and so the admin key's bootstrap) depends.
     */
    private static void dataDirectory(SextantProperties props) {
        try {
            OwnerOnly.directory(props.dataDir());
        } catch (IOException e) {
            throw new ClickHouseStartException("cannot create the data directory " + props.dataDir().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    @Bean(destroyMethod = "close")
    Coordination coordination(ClickHouseProperties props) {
        return new Coordination(props.zookeeper(), props.database(), Duration.ofSeconds(10));
    }

    @Bean
    Topology topology(ClickHouseHttp ch, ClickHouseProperties props) {
        return new Topology(ch, props.cluster());
    }

    @Bean
    ClickHouseChannelStore channelStore(ClickHouseHttp ch, Coordination zk, ChangeLog changes, Clock clock) {
        return new ClickHouseChannelStore(ch, zk, changes, clock);
    }

    /** The writer, and the eraser; it records each commit in {@code changes}, which it declares incomplete first. */
    @Bean
    ClickHouseEventStore eventStore(ClickHouseHttp ch, Topology topology, Coordination zk, ClickHouseChannelStore channels,
            ChangeLog changes, StoreHealth health, ClickHouseProperties props) {
        changes.declareIncomplete();
        return new ClickHouseEventStore(ch, topology, zk, channels, changes, health, props.insertQuorum());
    }

    @Bean
    ChatbotSettingsStore chatbotSettingsStore(ClickHouseHttp ch, Coordination zk, ChangeLog changes, Clock clock) {
        return new ClickHouseChatbotSettingsStore(ch, zk, changes, clock);
    }

    @Bean
    ApiKeyStore apiKeyStore(ClickHouseHttp ch, Coordination zk) {
        return new ClickHouseApiKeyStore(ch, zk);
    }

    @Bean
    ExportJobStore exportJobStore(ClickHouseHttp ch, Coordination zk) {
        return new ClickHouseExportJobStore(ch, zk);
    }

    @Bean
    ExportFileStore exportFileStore(ClickHouseHttp ch, Coordination zk, SextantProperties props) {
        return new ClickHouseExportFiles(ch, zk, props.dataDir());
    }

    /*
     * The read stores send a chatbot's statements to its own shard ({@link Topology#replicasOf}),
     * whose {@code events_local} holds all its events: the first replica that answers, in
     * configuration order, which is the one writes prefer. So a report of a chatbot needs only its
     * shard: with another shard down it is answered, with its own shard down it is a 503 (no
     * replica answers), never a partial answer. The chatbot's channels (types, names) are read
     * through the channel store, on the first live node of all, where channels are written, and
     * bound into the statement: a replica of the shard that has not yet fetched a channel
     * registered a moment ago cannot give its conversations no type.
     */

    @Bean
    ReportStore reportStore(Topology topology, ClickHouseChannelStore channels, ChangeLog changes) {
        changes.declareIncomplete();
        return new ClickHouseReportStore(topology, channels);
    }

    @Bean
    PathsStore pathsStore(Topology topology, ClickHouseChannelStore channels) {
        return new ClickHousePathsStore(topology, channels);
    }

    @Bean
    LiveStore liveStore(Topology topology) {
        return new ClickHouseLiveStore(topology);
    }

    @Bean
    InboxStore inboxStore(Topology topology, ClickHouseChannelStore channels) {
        return new ClickHouseInboxStore(topology, channels);
    }

    @Bean
    ExportDataStore exportDataStore(Topology topology, ClickHouseChannelStore channels) {
        return new ClickHouseExportDataStore(topology, channels);
    }

    /** The ClickHouse store cannot start as configured; the message says what to change. */
    static final class ClickHouseStartException extends IllegalStateException {
        ClickHouseStartException(String message) {
            super(message);
        }

        ClickHouseStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
