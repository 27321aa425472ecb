package io.sextant.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run deletes of the clusters earlier runs left in {@code target/}; the clusters themselves run in the server's tests. */
class ClickHouseClusterTest {

    @TempDir
    Path target;

    /** The pid of a process that has ended. */
    private static long endedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private Path cluster(long jvmPid) throws Exception {
        Path dir = target.resolve("clickhouse-cluster-" + jvmPid);
        Files.createDirectories(dir.resolve("clickhouse-1"));
        Files.writeString(dir.resolve("clickhouse-1/pid"), Long.toString(endedPid()));
        Files.writeString(dir.resolve("clickhouse-1/clickhouse-server.log"), "a log");
        return dir;
    }

    @Test
    void onlyTheClustersOfEndedRunsWhoseServersEndedAreDeleted() throws Exception {
        Path ended = cluster(endedPid());
        Path ofThisJvm = cluster(ProcessHandle.current().pid());
        Path serverStillRunning = cluster(endedPid());
        Files.createDirectories(serverStillRunning.resolve("zookeeper"));
        Files.writeString(serverStillRunning.resolve("zookeeper/pid"), Long.toString(ProcessHandle.current().pid()));
        Path other = Files.createDirectories(target.resolve("classes"));

        ClickHouseCluster.deleteClustersOfEndedRuns(target);

        assertThat(ended).doesNotExist();
        assertThat(ofThisJvm).as("its JVM runs").isDirectory();
        assertThat(serverStillRunning).as("a server of it still runs").isDirectory();
        assertThat(other).isDirectory();
    }

    @Test
    void aMissingDirectoryIsNothingToDelete() {
        ClickHouseCluster.deleteClustersOfEndedRuns(target.resolve("none"));
        assertThat(target.resolve("none")).doesNotExist();
    }
}
