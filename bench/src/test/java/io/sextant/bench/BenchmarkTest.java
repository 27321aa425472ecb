package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both modes of {@code bin/sextant bench} end to end on a tiny scale, against real server child
 * processes: the benchmark writes its results with every measurement in them, and a short soak
 * sees no 5xx and loses no acknowledged event. Nothing here asserts on timing.
 */
class BenchmarkTest {

    /** Tests run many servers side by side on a small machine: keep each DuckDB modest. */
    private static final List<String> SMALL_DUCKDB = List.of("-Dsextant.memory-limit=1GB");

    @TempDir
    Path out;

    @Test
    void benchmarkMeasuresEveryRequestKindAndWritesItsResults() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        var options = new Benchmark.Options(0.0005, 3, 4, 1_000, 7, out, "512m", SMALL_DUCKDB, false, false, null, null, Duration.ZERO);
        Path file = new Benchmark(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String table = printed.toString(StandardCharsets.UTF_8);

        assertThat(file).exists().hasParent(out);
        BenchmarkResults results = Results.read(file, BenchmarkResults.class);
        // The record holds every field of the file: written again, it is the same JSON. So the
        // slowest 10 s are recorded even when null (the load was shorter), and every target has "pass".
        assertThat(Results.JSON.readTree(Results.json(results))).isEqualTo(Results.JSON.readTree(Files.readString(file)));
        BenchmarkResults.Ingestion ingestion = results.ingestion();
        assertThat(ingestion.conversations()).isEqualTo(500);
        assertThat(ingestion.accepted()).as(table).isGreaterThan(500).isEqualTo(ingestion.events());
        assertThat(ingestion.duplicates()).isZero();
        Throughput.WindowResult slowest = ingestion.slowest10s();
        assertThat(slowest == null || slowest.eventsPerSecond() > 0).as(String.valueOf(slowest)).isTrue();
        long perSecond = LongStream.of(ingestion.eventsBySecond()).sum();
        assertThat(perSecond).as("events of the whole seconds, the last one left out").isLessThanOrEqualTo(ingestion.events());
        assertThat(ingestion.ackLatency().count()).isEqualTo(ingestion.requests()).isPositive();
        // every request was committed in some group, and a group holds one request at least
        assertThat(ingestion.commitGroups()).isBetween(1L, (long) ingestion.requests());
        assertThat(ingestion.meanGroupEvents() * ingestion.commitGroups()).as("the groups held the events")
                .isCloseTo((double) ingestion.events(), within(0.05 * ingestion.commitGroups() + 1));
        CpuUse.Result cpu = ingestion.cpu();
        assertThat(cpu.seconds()).as("the load's time").isCloseTo(ingestion.seconds(), within(1.0));
        assertThat(cpu.serverProcessors()).as("the server parsed and stored the events").isPositive();
        assertThat(cpu.benchProcessors()).as("the benchmark generated and sent them").isPositive();
        assertThat(cpu.serverCpuMicrosPerEvent()).isCloseTo(cpu.serverProcessors() * cpu.seconds() * 1e6 / ingestion.events(),
                withinPercentage(10)); // both rounded
        if (Files.isReadable(Path.of("/proc/stat"))) {
            assertThat(cpu.idleShare() + cpu.stealShare()).isBetween(0.0, 1.0);
        }
        assertThat(table).contains("CPU during the load: server ").contains("the writer busy ");
        // the writer's time on the load's groups: some, and no more than the load lasted
        assertThat(ingestion.writerBusyShare()).isPositive().isLessThanOrEqualTo(1.0);

        assertThat(results.requests()).extracting(BenchmarkResults.RequestResult::name).containsExactly(
                "overview", "overview-filtered", "overview-kpis", "channel-web", "channel-voice", "single-component",
                "overview-hourly-day", "paths", "inbox", "export-daily");
        for (BenchmarkResults.RequestResult r : results.requests()) {
            assertThat(r.warm().count()).as(r.toString()).isEqualTo(3);
            assertThat(r.warm().untimed()).as("no warm-up asked: the fewest untimed requests, " + r).isEqualTo(ProbeRunner.UNTIMED);
            assertThat(r.warm().p95Ms()).as(r.toString()).isPositive();
            assertThat(r.firstAfterRestartMs()).as(r.toString()).isPositive();
            assertThat(r.p50ToFloor()).as(r.toString()).isPositive();
            boolean kept = r.request().contains("/reports/overview") || r.request().contains("/reports/channel")
                    || r.request().contains("/inbox") || r.request().contains("/export");
            assertThat(r.computedWarm() != null).as("reports, the inbox and exports, which the server may keep in part, are also timed computed: " + r)
                    .isEqualTo(kept);
            assertThat(r.warmMs()).as(r.toString()).hasSize(3).allSatisfy(ms -> assertThat(ms).isPositive())
                    .contains(r.warm().maxMs());
            if (kept) {
                assertThat(r.computedWarm().count()).as(r.toString()).isEqualTo(3);
                assertThat(r.computedWarm().untimed()).as(r.toString()).isEqualTo(ProbeRunner.UNTIMED);
                assertThat(r.computedWarmMs()).as(r.toString()).hasSize(3).contains(r.computedWarm().maxMs());
            } else {
                assertThat(r.computedWarmMs()).as(r.toString()).isNull();
            }
        }
        assertThat(results.restartSeconds()).as("one restart before the first requests").hasSize(1);
        BenchmarkResults.FloorResult floor = results.floor();
        long messages = floor.rows();
        assertThat(messages).as("messages of the chatbot-month").isPositive().isLessThan(ingestion.events());
        assertThat(floor.medianMs()).isPositive();
        assertThat(floor.roundMediansMs()).as("the floor is the lowest round's median").hasSize(Floor.ROUNDS)
                .allSatisfy(m -> assertThat(m).isGreaterThanOrEqualTo(floor.medianMs())).contains(floor.medianMs());
        assertThat(results.heapPeakBytes()).isPositive();
        assertThat(results.residentPeakBytes()).as("the server process's VmHWM (Linux)").isPositive();
        assertThat(results.databaseBytes()).isPositive().isLessThanOrEqualTo(results.dataDirBytes());
        assertThat(results.targets()).hasSize(16)
                .allSatisfy(t -> assertThat(t.atLeast() == null).as("one limit: " + t).isNotEqualTo(t.atMost() == null));
        assertThat(results.machine().cpu()).isNotBlank();
        assertThat(results.traffic().lastDay()).as("the weekday of the last day, the one before the run's")
                .isEqualTo(java.time.Instant.parse(results.traffic().to()).atZone(java.time.ZoneOffset.UTC).getDayOfWeek()
                        .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH))
                .isNotEqualTo(java.time.Instant.parse(results.startedAt()).atZone(java.time.ZoneOffset.UTC).getDayOfWeek()
                        .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH));
        assertThat(results.store()).isEqualTo("duckdb");
        assertThat(results.cluster()).isNull();
        assertThat(table).contains("Machine: ", "overview", "PASS", "Results: ");
        assertThat(out.resolve(results.run() + "-data")).as("the data directory is removed").doesNotExist();
    }

    /**
     * {@code --store clickhouse}: the run starts a cluster of its own under the out directory, the
     * server on it, measures the same requests and records the store, the floor through the
     * cluster's HTTP interface and the cluster's disk; the cluster is stopped and removed at the end.
     */
    @Test
    void benchmarkOnClickHouseStartsItsOwnClusterAndRecordsTheStore() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        var options = new Benchmark.Options(0.0002, 2, 4, 1_000, 7, out, "512m", List.of(), false, false, null, null, Duration.ZERO);
        Path file = new Benchmark(options, "clickhouse", new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String table = printed.toString(StandardCharsets.UTF_8);

        BenchmarkResults results = Results.read(file, BenchmarkResults.class);
        assertThat(Results.JSON.readTree(Results.json(results))).isEqualTo(Results.JSON.readTree(Files.readString(file)));
        assertThat(results.store()).isEqualTo("clickhouse");
        BenchmarkResults.Ingestion ingestion = results.ingestion();
        assertThat(ingestion.conversations()).isEqualTo(200);
        assertThat(ingestion.accepted()).as(table).isGreaterThan(200).isEqualTo(ingestion.events());
        assertThat(ingestion.duplicates()).isZero();
        assertThat(results.requests()).hasSize(10).allSatisfy(r -> {
            assertThat(r.warm().count()).as(r.toString()).isEqualTo(2);
            assertThat(r.firstAfterRestartMs()).as(r.toString()).isPositive();
        });
        assertThat(results.floor().query()).isEqualTo(ClickHouseBenchStore.QUERY);
        assertThat(results.floor().rows()).as("messages of the chatbot-month").isPositive().isLessThan(ingestion.events());
        assertThat(results.floor().medianMs()).isPositive();
        assertThat(results.floor().roundMediansMs()).as("the floor is the lowest round's median").hasSize(Floor.ROUNDS)
                .contains(results.floor().medianMs());
        assertThat(results.heapPeakBytes()).isPositive();
        assertThat(results.targets()).hasSize(16);

        BenchmarkResults.ClusterResult cluster = results.cluster();
        assertThat(cluster.version()).startsWith("ClickHouse ");
        assertThat(cluster.nodes()).hasSize(4);
        // one chatbot: all its events on one shard, on both of its replicas, none on the other shard
        assertThat(cluster.nodes()).filteredOn(n -> n.eventsRows() > 0).hasSize(2)
                .allSatisfy(n -> assertThat(n.eventsRows()).isEqualTo(ingestion.events()))
                .extracting(BenchmarkResults.ClusterNode::shard).containsOnly(cluster.nodes().stream()
                        .filter(n -> n.eventsRows() > 0).findFirst().orElseThrow().shard());
        assertThat(results.databaseBytes()).isEqualTo(cluster.nodes().stream().mapToLong(BenchmarkResults.ClusterNode::dataDirBytes).sum())
                .isPositive();
        assertThat(table).contains("Store: clickhouse", "Cluster (ClickHouse", "Results: ");
        assertThat(out.resolve(results.run() + "-cluster")).as("the cluster is stopped and removed").doesNotExist();
        assertThat(out.resolve(results.run() + "-data")).doesNotExist();
    }

    @Test
    void soakSeesNoServerErrorAndLosesNoAcknowledgedEvent() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        var options = new Soak.Options(Duration.ofSeconds(5), 32, 1_000, 11, out, "512m", SMALL_DUCKDB, false, null);
        Soak.Outcome outcome = new Soak(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String report = printed.toString(StandardCharsets.UTF_8);

        assertThat(outcome.serverErrors()).as(report).isZero();
        assertThat(outcome.otherErrors()).as(report).isZero();
        assertThat(outcome.acknowledgedBatches()).as(report).isPositive();
        assertThat(outcome.resentEvents()).as(report).isEqualTo(outcome.acknowledgedEvents());
        assertThat(outcome.lostEvents()).as(report).isZero();
        assertThat(outcome.passed()).isTrue();

        SoakResults results = Results.read(outcome.resultsFile(), SoakResults.class);
        assertThat(Results.JSON.readTree(Results.json(results))).isEqualTo(Results.JSON.readTree(Files.readString(outcome.resultsFile())));
        assertThat(results.passed()).isTrue();
        assertThat(results.perMinute()).hasSize(1);
        SoakResults.Minute minute = results.perMinute().get(0);
        assertThat(minute.ingest().count()).isPositive();
        assertThat(minute.reports().count()).as(report).isPositive();
        assertThat(minute.cpu().serverProcessors()).as("the server worked in the minute").isPositive();
        assertThat(minute.cpu().seconds()).as("the minute's CPU use is over its own time").isCloseTo(minute.seconds(), within(2.0));
        assertThat(minute.cpu().serverCpuMicrosPerEvent()).as("the server's time also answered reports").isNull();
        assertThat(results.totals().lostEvents()).isZero();
        assertThat(results.totals().residentPeakBytes()).as("the server process's VmHWM (Linux)").isPositive();
        assertThat(results.totals().resendSeconds()).as("the re-send of every acknowledged batch, timed").isPositive();
        assertThat(results.targets()).as("one minute: the reports' p99 and the re-send, no last minute against the first")
                .extracting(BenchmarkResults.TargetResult::name).containsExactly("reports p99, whole soak", "re-send events/s / first minute's");
        assertThat(results.targets().get(0)).satisfies(t -> {
            assertThat(t.atMost()).isEqualTo(250.0);
            assertThat(t.measured()).isEqualTo(results.totals().reportRequests().p99Ms());
        });
        assertThat(results.targets().get(1)).satisfies(t -> {
            assertThat(t.atLeast()).isEqualTo(100.0);
            assertThat(t.measured()).as("the re-send's rate over the first minute's, in % (computed exactly in SoakTargetsTest)").isPositive();
        });
        assertThat(report).contains(" reports p99, whole soak ").contains(" re-send events/s / first minute's ");

        List<SoakResults.ReportKind> kinds = results.totals().reportKinds();
        assertThat(kinds).extracting(SoakResults.ReportKind::name).as("the six live reads, each once")
                .containsExactlyInAnyOrderElementsOf(Soak.LIVE_READS);
        assertThat(kinds.stream().mapToInt(k -> k.latency().count()).sum()).as("every report request under its kind")
                .isEqualTo(results.totals().reportRequests().count());
        int overP99 = kinds.stream().mapToInt(SoakResults.ReportKind::overWholeP99).sum();
        int reports = results.totals().reportRequests().count();
        assertThat(overP99).as("the requests above the whole soak's p99: at most 1 %% of %d, the tail's share", reports)
                .isLessThanOrEqualTo(reports / 100 + 1);
        assertThat(kinds).allSatisfy(k -> assertThat(k.latency().maxMs() != null && k.latency().maxMs() > results.totals().reportRequests().p99Ms())
                .as(k.name() + ": over the p99 exactly when its slowest was").isEqualTo(k.overWholeP99() > 0));
        assertThat(report).contains("over the whole soak's p99");
    }
}
