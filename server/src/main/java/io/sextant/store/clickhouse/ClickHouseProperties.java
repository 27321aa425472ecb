package io.sextant.store.clickhouse;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ClickHouse backend's settings ({@code sextant.clickhouse.*}, {@code SEXTANT_CLICKHOUSE_*}),
 * read when {@code sextant.store=clickhouse}. {@code bin/sextant cluster start} prints them for
 * the cluster it starts.
 *
 * @param urls the HTTP endpoints of the cluster's nodes, comma-separated; any of them may answer
 * @param user the ClickHouse user
 * @param password its password; empty for none
 * @param cluster the cluster's name in ClickHouse's {@code remote_servers} (for {@code ON CLUSTER} DDL)
 * @param database the database Sextant keeps its tables in; created when missing
 * @param zookeeper the cluster's ZooKeeper ({@code host:port}, comma-separated), which serialises the
 *     ingestion of one chatbot across API nodes
 * @param timeout how long one statement may take
 * @param insertQuorum replicas an ingested batch must be written on before its 200 (ClickHouse's
 *     {@code insert_quorum}); 0 or 1: acknowledged once on one replica and registered in ZooKeeper
 *     for replication (see docs/scale-out.md for the trade-off)
 */
@ConfigurationProperties("sextant.clickhouse")
public record ClickHouseProperties(
        List<URI> urls,
        @DefaultValue("default") String user,
        @DefaultValue("") String password,
        @DefaultValue("sextant") String cluster,
        @DefaultValue("sextant") String database,
        @DefaultValue("") String zookeeper,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("0") int insertQuorum) {

    public ClickHouseProperties {
        urls = urls == null ? List.of() : List.copyOf(urls);
    }
}
