package io.sextant.bench;

import io.sextant.testkit.ServerProcess;
import java.nio.file.Path;

/** The default store: the DuckDB file in the server's data directory; the floor opens that file. */
final class DuckDbBenchStore implements BenchStore {

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String describe() {
        return "duckdb, the file in the server's data directory";
    }

    @Override
    public ServerProcess.Builder configure(ServerProcess.Builder server, Path dataDir) {
        return server;
    }

    @Override
    public Floor floor(Path dataDir, String chatbotId, long fromMs, long toMs, int warmRuns) {
        return Floor.measure(dataDir.resolve("sextant.duckdb"), chatbotId, fromMs, toMs, warmRuns);
    }

    @Override
    public long databaseBytes(Path dataDir) {
        return Results.fileSize(dataDir.resolve("sextant.duckdb")) + Results.fileSize(dataDir.resolve("sextant.duckdb.wal"));
    }

    @Override
    public BenchmarkResults.ClusterResult cluster(String chatbotId) {
        return null;
    }

    @Override
    public void close() {}
}
