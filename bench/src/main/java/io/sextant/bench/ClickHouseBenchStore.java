package io.sextant.bench;

import io.sextant.testkit.ClickHouseCluster;
import io.sextant.testkit.Directories;
import io.sextant.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --store clickhouse}: a cluster of its own (ZooKeeper, 2 shards × 2 replicas, testkit's
 * {@link ClickHouseCluster}) in {@code <out>/<run>-cluster}, started before the server and stopped
 * after it, also when the run fails. The server restarts of the run restart the Sextant server only;
 * the cluster stays up.
 *
 * <p>The floor is the same count as DuckDB's, asked of the cluster through its HTTP interface (the
 * {@code events} Distributed table on the first node): the least any request over HTTP can cost
 * there. The disk is the four nodes' data directories after the server stopped (every event twice:
 * two replicas); ZooKeeper's directory is recorded apart.
 */
final class ClickHouseBenchStore implements BenchStore {

    /** The floor's SQL; the values are bound as literals (18.16 has no query parameters). */
    static final String QUERY = "SELECT count() FROM events WHERE chatbot_id = ? AND type = 'message' AND ts BETWEEN ? AND ?";
    private static final Duration REPLICATION_WAIT = Duration.ofMinutes(2);

    private final ClickHouseCluster cluster;
    private final boolean keepData;
    /** The last {@link #cluster} measurement. */
    private BenchmarkResults.ClusterResult measured;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // 18.16 drops h2c upgrades
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ClickHouseBenchStore(ClickHouseCluster cluster, boolean keepData) {
        this.cluster = cluster;
        this.keepData = keepData;
    }

    /** Starts a new, empty cluster in {@code dir}; a cluster that failed to start is stopped again. */
    static ClickHouseBenchStore start(Path dir, boolean keepData) {
        if (java.nio.file.Files.exists(dir)) {
            throw new IllegalStateException(dir + " exists; the benchmark starts an empty cluster of its own");
        }
        try {
            return new ClickHouseBenchStore(ClickHouseCluster.start(dir, ClickHouseCluster.freeBasePort()), keepData);
        } catch (RuntimeException e) {
            ClickHouseCluster.stop(dir);
            if (!keepData) {
                Directories.deleteTree(dir);
            }
            throw e;
        }
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public String describe() {
        return "clickhouse, 2 shards x 2 replicas and ZooKeeper on loopback in " + cluster.dir() + " ("
                + version() + "; " + String.join(",", cluster.urls()) + ")";
    }

    @Override
    public ServerProcess.Builder configure(ServerProcess.Builder server, Path dataDir) {
        cluster.env().forEach(server::env); // the server creates its data directory, as on DuckDB
        return server;
    }

    private String database() {
        return cluster.env().getOrDefault("SEXTANT_CLICKHOUSE_DATABASE", "sextant");
    }

    @Override
    public Floor floor(Path dataDir, String chatbotId, long fromMs, long toMs, int warmRuns) {
        String sql = "SELECT count() FROM " + database() + ".events WHERE chatbot_id = " + literal(chatbotId)
                + " AND type = 'message' AND ts BETWEEN " + fromMs + " AND " + toMs + " FORMAT TabSeparated";
        String node = cluster.urls().get(0);
        return Floor.lowest(() -> Floor.time(QUERY, warmRuns, () -> Long.parseLong(query(node, sql).strip())));
    }

    @Override
    public long databaseBytes(Path dataDir) {
        if (measured != null) { // the same measurement as the nodes' figures, so that they add up
            return measured.nodes().stream().mapToLong(BenchmarkResults.ClusterNode::dataDirBytes).sum();
        }
        long bytes = 0;
        for (int n = 1; n <= cluster.urls().size(); n++) {
            bytes += Results.size(cluster.dir().resolve("clickhouse-" + n).resolve("data"));
        }
        return bytes;
    }

    /**
     * Per node: its data directory and its part of {@code events_local} (active parts), read once
     * both replicas of every shard hold the same rows (replication is asynchronous), or after
     * {@value #REPLICATION_WAIT} with what they hold then.
     */
    @Override
    public BenchmarkResults.ClusterResult cluster(String chatbotId) {
        List<String> urls = cluster.urls();
        String parts = "SELECT sum(rows), sum(bytes_on_disk), sum(data_uncompressed_bytes), count() FROM system.parts"
                + " WHERE database = " + literal(database()) + " AND table = 'events_local' AND active FORMAT TabSeparated";
        long deadline = System.nanoTime() + REPLICATION_WAIT.toNanos();
        List<long[]> perNode;
        while (true) {
            perNode = new ArrayList<>();
            for (String url : urls) {
                perNode.add(Arrays.stream(query(url, parts).strip().split("\t")).mapToLong(Long::parseLong).toArray());
            }
            boolean same = true;
            for (int i = 0; i + 1 < perNode.size(); i += 2) {
                same &= perNode.get(i)[0] == perNode.get(i + 1)[0];
            }
            if (same || System.nanoTime() > deadline) {
                break;
            }
            Http.pause(500);
        }
        List<BenchmarkResults.ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            int n = i + 1;
            long[] p = perNode.get(i);
            nodes.add(new BenchmarkResults.ClusterNode(n, (i / 2) + 1, (i % 2) + 1,
                    Results.size(cluster.dir().resolve("clickhouse-" + n).resolve("data")), p[0], p[1], p[2], p[3]));
        }
        measured = new BenchmarkResults.ClusterResult(version(), Results.size(cluster.dir().resolve("zookeeper")), nodes);
        return measured;
    }

    /** The cluster's lines below the table: what "database" is there, and each node's share; nothing without a cluster. */
    static void print(BenchmarkResults.ClusterResult cluster, java.io.PrintStream out) {
        if (cluster == null) {
            return;
        }
        out.println();
        out.printf("Cluster (%s): \"database\" above is the four ClickHouse nodes' data directories; ZooKeeper %s%n",
                cluster.version(), Results.bytes(cluster.zookeeperBytes()));
        for (BenchmarkResults.ClusterNode n : cluster.nodes()) {
            out.printf("  node %d (shard %d, replica %d): data directory %s; events_local %,d rows in %d parts, %s on disk (%s uncompressed)%s%n",
                    n.node(), n.shard(), n.replica(), Results.bytes(n.dataDirBytes()), n.eventsRows(), n.eventsParts(),
                    Results.bytes(n.eventsBytes()), Results.bytes(n.eventsUncompressedBytes()),
                    n.eventsRows() > 0 ? String.format(", %.1f bytes/event", n.eventsBytes() / (double) n.eventsRows()) : "");
        }
    }

    private String version() {
        return "ClickHouse " + query(cluster.urls().get(0), "SELECT version() FORMAT TabSeparated").strip();
    }

    @Override
    public void close() {
        cluster.close();
        if (!keepData) {
            Directories.deleteTree(cluster.dir());
        }
    }

    /** {@code 'text'} as a ClickHouse string literal. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private String query(String url, String sql) {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse at " + url + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse at " + url + " answered " + r.statusCode() + ": " + r.body().strip());
        }
        return r.body();
    }
}
