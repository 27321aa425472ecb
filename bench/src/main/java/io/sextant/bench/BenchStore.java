package io.sextant.bench;

import io.sextant.testkit.ServerProcess;
import java.nio.file.Path;

/**
 * What differs between the engines in a benchmark run: what the server is pointed at, the floor
 * every latency is compared with, and the bytes the store keeps. Everything else (traffic,
 * requests, restarts, the table) is the same for every store.
 */
interface BenchStore extends AutoCloseable {

    /** {@code duckdb} (the default: the file in the server's data directory) or {@code clickhouse}. */
    static BenchStore open(String name, Path outDir, String runName, boolean keepData) {
        return switch (name) {
            case "duckdb" -> new DuckDbBenchStore();
            case "clickhouse" -> ClickHouseBenchStore.start(outDir.resolve(runName + "-cluster"), keepData);
            default -> throw new IllegalArgumentException("--store must be duckdb or clickhouse, not " + name);
        };
    }

    /** The value of {@code --store}, recorded in the results. */
    String name();

    /** One line for the run's header. */
    String describe();

    /** Points the server, whose data directory is {@code dataDir}, at this store. */
    ServerProcess.Builder configure(ServerProcess.Builder server, Path dataDir);

    /** The floor, measured after the server stopped; {@code dataDir} is the server's data directory. */
    Floor floor(Path dataDir, String chatbotId, long fromMs, long toMs, int warmRuns);

    /** The bytes the store keeps after the server stopped: {@code databaseBytes} of the results. */
    long databaseBytes(Path dataDir);

    /** The cluster's disk and rows per node; null for DuckDB. */
    BenchmarkResults.ClusterResult cluster(String chatbotId);

    /** Stops what the store started (the cluster); nothing for DuckDB. */
    @Override
    void close();
}
