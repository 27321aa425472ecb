package io.sextant.support;

import io.sextant.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;

/** The real service as a child process, from the classes under test, through the testkit. */
public final class Servers {

    private Servers() {}

    /**
     * A small server for the crash and restart tests: many run side by side on a small machine,
     * so a modest heap, DuckDB at 256 MB and the quick C1 compiler only.
     */
    public static ServerProcess.Builder small(Path dataDir, Path log) {
        return ServerProcess.currentClasspath().dataDir(dataDir).log(log)
                .maxHeap("384m").javaOption("-XX:TieredStopAtLevel=1").memoryLimit("256MB")
                .stopTimeout(Duration.ofSeconds(30));
    }
}
