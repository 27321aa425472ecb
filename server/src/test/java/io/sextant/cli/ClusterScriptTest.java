package io.sextant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sextant cluster}: ZooKeeper and 2 shards × 2 replicas of Debian's ClickHouse on
 * loopback, as the ClickHouse store expects them (a {@code sextant} cluster, {@code {shard}} and
 * {@code {replica}} macros, distributed DDL), started and stopped by the project itself.
 */
class ClusterScriptTest {

    static final Path SCRIPT = LauncherScriptTest.SCRIPT;
    /** HTTP/1.1 only: ClickHouse 18.16 closes a connection that offers an upgrade to HTTP/2 (Java's default). */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    private Path dir;

    record Run(int exit, String stdout, String stderr) {}

    private Run cluster(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), "cluster"));
        command.addAll(List.of(args));
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("bin/sextant cluster " + String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
    }

    @AfterEach
    void stop() throws Exception {
        if (dir != null) {
            cluster("stop", "--dir", dir.toString());
        }
    }

    private String query(String url, String sql) throws Exception {
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(sql + " at " + url + " failed: " + e + "\n" + logTails(), e);
        }
        assertThat(r.statusCode()).as(sql + "\n" + r.body()).isEqualTo(200);
        return r.body().strip();
    }

    /** The last lines of the nodes' error logs: what a failed run leaves to read once its directory is gone. */
    private String logTails() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int n = 1; n <= 4; n++) {
            Path log = dir.resolve("clickhouse-" + n).resolve("log").resolve("clickhouse-server.err.log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                b.append("--- ").append(log).append('\n');
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        }
        return b.toString();
    }

    @Test
    void startsTwoShardsOfTwoReplicasThatReplicateAndAnswerDistributedQueriesThenStops() throws Exception {
        dir = tmp.resolve("cluster");
        int base = io.sextant.testkit.ClickHouseCluster.freeBasePort();
        Run start = cluster("start", "--dir", dir.toString(), "--base-port", Integer.toString(base));
        assertThat(start.exit()).as(start.stderr()).isZero();

        Map<String, String> exports = new LinkedHashMap<>();
        for (String line : start.stdout().split("\n")) {
            assertThat(line).startsWith("export SEXTANT_");
            exports.put(line.substring("export ".length(), line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        List<String> urls = List.of(exports.get("SEXTANT_CLICKHOUSE_URLS").split(","));
        assertThat(exports).containsEntry("SEXTANT_STORE", "clickhouse").containsEntry("SEXTANT_CLICKHOUSE_CLUSTER", "sextant")
                .containsEntry("SEXTANT_CLICKHOUSE_DATABASE", "sextant")
                .containsEntry("SEXTANT_CLICKHOUSE_ZOOKEEPER", "127.0.0.1:" + base);
        assertThat(urls).containsExactly("http://127.0.0.1:" + (base + 10), "http://127.0.0.1:" + (base + 20),
                "http://127.0.0.1:" + (base + 30), "http://127.0.0.1:" + (base + 40));

        String first = urls.get(0);
        query(first, "CREATE DATABASE IF NOT EXISTS probe ON CLUSTER sextant");
        query(first, "CREATE TABLE probe.events_local ON CLUSTER sextant (chatbot_id String, ts Int64, v Float64)"
                + " ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/probe/events_local', '{replica}') ORDER BY (chatbot_id, ts)");
        query(first, "CREATE TABLE probe.events ON CLUSTER sextant AS probe.events_local"
                + " ENGINE = Distributed(sextant, probe, events_local, cityHash64(chatbot_id))");
        // written through one node, straight into each shard's replica 1, as a store backend writes
        query(urls.get(0), "INSERT INTO probe.events_local VALUES ('a', 1, 1.5), ('b', 2, 2.5)");
        query(urls.get(2), "INSERT INTO probe.events_local VALUES ('c', 3, 3.5)");

        // replication: each shard's second replica gets its rows
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(query(urls.get(1), "SELECT count() FROM probe.events_local").equals("2")
                && query(urls.get(3), "SELECT count() FROM probe.events_local").equals("1")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(query(urls.get(1), "SELECT count() FROM probe.events_local")).isEqualTo("2");
        assertThat(query(urls.get(3), "SELECT count() FROM probe.events_local")).isEqualTo("1");
        // every node answers for the whole cluster, in the form the store reads
        for (String url : urls) {
            assertThat(query(url, "SELECT count() AS n, sum(v) AS total FROM probe.events FORMAT JSONEachRow"))
                    .as(url).isEqualTo("{\"n\":\"3\",\"total\":7.5}");
        }

        Run status = cluster("status", "--dir", dir.toString());
        assertThat(status.exit()).isZero();
        assertThat(status.stdout().lines().filter(l -> l.endsWith(" up")).count()).isEqualTo(5);

        Run stop = cluster("stop", "--dir", dir.toString());
        assertThat(stop.exit()).as(stop.stderr()).isZero();
        Run down = cluster("status", "--dir", dir.toString());
        assertThat(down.exit()).isEqualTo(3);
        assertThat(down.stdout().lines().filter(l -> l.endsWith(" down")).count()).isEqualTo(5);

        // started again on the same directory, the data is still there
        Run again = cluster("start", "--dir", dir.toString());
        assertThat(again.exit()).as(again.stderr()).isZero();
        assertThat(query(urls.get(3), "SELECT count() FROM probe.events FORMAT JSONEachRow")).isEqualTo("{\"count()\":\"3\"}");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() throws Exception {
        Run r = cluster("launch");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown command 'launch'; expected start, stop or status");
        Run o = cluster("start", "--shards", "3");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.stderr()).contains("unknown option '--shards'");
    }
}
