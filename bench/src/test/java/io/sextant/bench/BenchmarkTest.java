package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
        var options = new Benchmark.Options(0.0005, 3, 4, 1_000, 7, out, "512m", SMALL_DUCKDB, false, false, null, null);
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

        assertThat(results.requests()).extracting(BenchmarkResults.RequestResult::name).containsExactly(
                "overview", "channel-web", "channel-voice", "single-component", "overview-hourly-day", "inbox", "export-daily");
        for (BenchmarkResults.RequestResult r : results.requests()) {
            assertThat(r.warm().count()).as(r.toString()).isEqualTo(3);
            assertThat(r.warm().p95Ms()).as(r.toString()).isPositive();
            assertThat(r.firstAfterRestartMs()).as(r.toString()).isPositive();
            assertThat(r.p50ToFloor()).as(r.toString()).isPositive();
            boolean report = r.request().contains("/reports/");
            assertThat(r.computedWarm() != null).as("reports are also timed computed: " + r).isEqualTo(report);
            if (report) {
                assertThat(r.computedWarm().count()).as(r.toString()).isEqualTo(3);
            }
        }
        assertThat(results.restartSeconds()).as("one restart before the first requests").hasSize(1);
        BenchmarkResults.FloorResult floor = results.floor();
        long messages = floor.rows();
        assertThat(messages).as("messages of the chatbot-month").isPositive().isLessThan(ingestion.events());
        assertThat(floor.medianMs()).isPositive();
        assertThat(results.heapPeakBytes()).isPositive();
        assertThat(results.databaseBytes()).isPositive().isLessThanOrEqualTo(results.dataDirBytes());
        assertThat(results.targets()).hasSize(10)
                .allSatisfy(t -> assertThat(t.atLeast() == null).as("one limit: " + t).isNotEqualTo(t.atMost() == null));
        assertThat(results.machine().cpu()).isNotBlank();
        assertThat(table).contains("Machine: ", "overview", "PASS", "Results: ");
        assertThat(out.resolve(results.run() + "-data")).as("the data directory is removed").doesNotExist();
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
        assertThat(results.totals().lostEvents()).isZero();
    }
}
