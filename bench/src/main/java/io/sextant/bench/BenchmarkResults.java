package io.sextant.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a benchmark run writes to {@code bench-<time>.json}: the record components are the file's
 * field names, in the file's order (docs/benchmark.md uses them, and results are compared across
 * runs and months, so a name never changes).
 *
 * @param firstStartSeconds the first start of the server, up to health UP
 * @param restartSeconds every restart before the first requests
 * @param requests every kind of read request, in the order they were timed
 * @param heapPeakBytes the server's heap high-water mark, the largest read before a stop
 * @param dataDirBytes every file of the data directory after the final stop
 * @param databaseBytes the database file and its WAL after the final stop; with {@code store}
 *     {@code clickhouse}, the four nodes' data directories (every event on two replicas)
 * @param store {@code duckdb} or {@code clickhouse} ({@code --store}); absent in results written
 *     before there was a choice (DuckDB)
 * @param cluster with {@code clickhouse}: the cluster's disk and rows per node; absent otherwise
 * @param residentPeakBytes the server process's resident memory high-water mark (heap and all
 *     else), the largest read before a stop; absent in results written before it was measured
 *     (2026-12-02) and where the system does not tell it
 */
public record BenchmarkResults(String run, String startedAt, Machine machine, RunOptions options, Traffic traffic,
        double firstStartSeconds, Ingestion ingestion, List<Double> restartSeconds, FloorResult floor,
        List<RequestResult> requests, long heapPeakBytes, long dataDirBytes, long databaseBytes, List<TargetResult> targets,
        String finishedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String store,
        @JsonInclude(JsonInclude.Include.NON_NULL) ClusterResult cluster,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long residentPeakBytes) {

    /** The same results, finished at {@code at}. */
    BenchmarkResults finished(java.time.Instant at) {
        return new BenchmarkResults(run, startedAt, machine, options, traffic, firstStartSeconds, ingestion, restartSeconds, floor,
                requests, heapPeakBytes, dataDirBytes, databaseBytes, targets, at.toString(), store, cluster, residentPeakBytes);
    }

    /** The options of the run; {@code timeBoxSeconds} is null without a time box. */
    public record RunOptions(double scale, int requests, int clients, int batchEvents, long seed, String serverMaxHeap,
            List<String> serverJavaOptions, boolean restartPerKind, Long timeBoxSeconds) {}

    /**
     * The traffic: one chatbot's conversations over whole days, {@code from} and {@code to}
     * inclusive. {@code lastDay} is the weekday of the last (UTC) day, which the hourly day reports
     * over: the demo's profiles carry less traffic on weekends (the city hall's a third), so runs of
     * the hourly day compare only for the same kind of day (added 2026-12-08, so absent from the
     * files of earlier runs, and left out again when such a file is written back).
     */
    public record Traffic(String chatbot, long conversations, int days, String from, String to,
            @JsonInclude(JsonInclude.Include.NON_NULL) String lastDay) {}

    /**
     * Ingestion over HTTP with durable acknowledgement.
     *
     * @param slowest10s the slowest 10 consecutive whole seconds; null (but written) when the load was shorter
     * @param eventsBySecond events acknowledged in each whole second, the last one left out
     * @param requests ingestion requests, each one batch
     * @param ackLatency from sending a batch to its 200
     * @param commitGroups the writer's transactions during the load (requests that arrive while one
     *        commits wait and share the next one)
     * @param meanGroupEvents events per commit group on average (both null in files written before they were)
     * @param cpu the server's and the benchmark's CPU time during the load, and the machine's idle
     *        and stolen time ({@link CpuUse}); null in files written before 2026-12-05 15:00 UTC
     * @param writerBusyShare the share of the load's time the server's writer spent on commit groups
     *        ({@code sextant_ingest_commit_seconds}): near 1, the rate is the writer's ceiling; well
     *        below, the writer waited for batches. Null before 2026-12-05 15:00 UTC and against a
     *        server of before then
     */
    public record Ingestion(long events, long accepted, long duplicates, long conversations, double seconds, long eventsPerSecond,
            Throughput.WindowResult slowest10s, long[] eventsBySecond, int requests, Latencies.Percentiles ackLatency,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long commitGroups, @JsonInclude(JsonInclude.Include.NON_NULL) Double meanGroupEvents,
            @JsonInclude(JsonInclude.Include.NON_NULL) CpuUse.Result cpu,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double writerBusyShare) {}

    /**
     * The floor: one DuckDB count over the chatbot-month, in process ({@link Floor}); {@code
     * medianMs} is the lowest of {@code roundMediansMs} (absent from the results of before
     * 2026-12-04, whose floor was one round).
     */
    public record FloorResult(String query, long rows, Double firstMs, Double medianMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> roundMediansMs) {}

    /**
     * One kind of read request.
     *
     * @param request the method and path with its query
     * @param computedWarm for a report the server may keep: the same report over windows it has not
     *     answered; absent for the others
     * @param warmMs the timed requests of {@code warm}, each in milliseconds, in the order they were
     *     sent (whether a tail is a few slow requests at the start or spread over the run); absent in
     *     files written before 2026-12-02
     * @param computedWarmMs the same of {@code computedWarm}; absent where it is
     */
    public record RequestResult(String name, String description, String request, Latencies.Percentiles warm,
            @JsonInclude(JsonInclude.Include.NON_NULL) Latencies.Percentiles computedWarm, Double firstAfterRestartMs,
            Double p50ToFloor, Double firstAfterRestartToFloor,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> warmMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> computedWarmMs) {}

    /** A target and how the run did: exactly one of {@code atLeast} (throughput) and {@code atMost} is written. */
    public record TargetResult(String name, String unit, @JsonInclude(JsonInclude.Include.NON_NULL) Double atLeast,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double atMost, Double measured, boolean pass) {}

    /**
     * The ClickHouse cluster of a {@code --store clickhouse} run, after the server stopped and the
     * replicas caught up.
     *
     * @param zookeeperBytes ZooKeeper's directory (snapshots, transaction log, its log)
     */
    public record ClusterResult(String version, long zookeeperBytes, List<ClusterNode> nodes) {}

    /**
     * One ClickHouse node: its data directory, and its active parts of {@code events_local}.
     *
     * @param eventsBytes on disk (compressed, with marks and primary index)
     * @param eventsUncompressedBytes the columns uncompressed
     */
    public record ClusterNode(int node, int shard, int replica, long dataDirBytes, long eventsRows, long eventsBytes,
            long eventsUncompressedBytes, long eventsParts) {}
}
