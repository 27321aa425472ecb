package io.sextant.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a soak writes to {@code soak-<time>.json}: the record components are the file's field names
 * (docs/benchmark.md; results are compared across runs, so a name never changes).
 *
 * @param perMinute a row per minute of the load; a last partial minute has fewer seconds
 * @param passed zero 5xx answers, zero other failures and zero lost events (the exit code's verdict)
 * @param targets the live targets and how the soak did ({@link Soak#targets}); absent in results
 *     written before 2026-12-05 21:15 UTC
 */
public record SoakResults(String run, String startedAt, Machine machine, RunOptions options, List<Minute> perMinute, Totals totals,
        boolean passed, @JsonInclude(JsonInclude.Include.NON_NULL) List<BenchmarkResults.TargetResult> targets, String finishedAt) {

    public record RunOptions(long seconds, int clients, double ingestShare, int batchEvents, long seed, String serverMaxHeap) {}

    /**
     * One minute of the load: ingestion requests and the events they carried, report requests,
     * failures, and the CPU use in it ({@link CpuUse}; absent in results written before 2026-12-05
     * 15:00 UTC).
     */
    public record Minute(int minute, double seconds, Latencies.Percentiles ingest, long eventsPerSecond, Latencies.Percentiles reports,
            long serverErrors, long otherErrors, @JsonInclude(JsonInclude.Include.NON_NULL) CpuUse.Result cpu) {}

    /**
     * The whole soak.
     *
     * @param errorSamples the first few failed requests, with their answer
     * @param resentEventsReturnedAsDuplicates acknowledged events that came back as duplicates when sent again
     * @param lostEvents acknowledged events the service accepted as new when sent again: lost before
     * @param residentPeakBytes the server process's resident memory high-water mark; absent in
     *     results written before it was measured (2026-12-02) and where the system does not tell it
     * @param resendSeconds how long sending every acknowledged batch again took: the rate at which
     *     the service answers ids it already holds, as a runtime's replay meets it; absent in results
     *     written before 2026-12-06
     * @param reportKinds the report requests by kind, in the order the benchmark prints them; absent
     *     in results written before 2026-12-08 05:30 UTC
     */
    public record Totals(Latencies.Percentiles ingestRequests, Latencies.Percentiles reportRequests, long serverErrors,
            long otherErrors, List<String> errorSamples, long acknowledgedBatches, long acknowledgedEvents,
            long resentEventsReturnedAsDuplicates, long lostEvents, long heapPeakBytes, long dataDirBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long residentPeakBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double resendSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<ReportKind> reportKinds) {}

    /**
     * One kind of report over the whole soak: its latencies, and how many of its requests took longer
     * than the p99 of all reports, so a missed p99 names the kinds that make the tail.
     */
    public record ReportKind(String name, Latencies.Percentiles latency, int overWholeP99) {}
}
