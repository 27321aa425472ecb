package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
        JsonNode results = JsonMapper.builder().build().readTree(Files.readString(file));
        JsonNode ingestion = results.get("ingestion");
        assertThat(ingestion.get("conversations").asLong()).isEqualTo(500);
        assertThat(ingestion.get("accepted").asLong()).as(table).isGreaterThan(500).isEqualTo(ingestion.get("events").asLong());
        assertThat(ingestion.get("duplicates").asLong()).isZero();
        JsonNode slowest = ingestion.get("slowest10s");
        assertThat(slowest).as("the slowest 10 s are recorded, or null when the load was shorter").isNotNull();
        assertThat(slowest.isNull() || slowest.get("eventsPerSecond").asLong() > 0).as(slowest.toString()).isTrue();
        long perSecond = 0;
        for (JsonNode n : ingestion.get("eventsBySecond")) {
            perSecond += n.asLong();
        }
        assertThat(perSecond).as("events of the whole seconds, the last one left out").isLessThanOrEqualTo(ingestion.get("events").asLong());
        assertThat(ingestion.get("ackLatency").get("count").asInt()).isEqualTo(ingestion.get("requests").asInt()).isPositive();

        assertThat(results.get("requests")).extracting(r -> r.get("name").asString()).containsExactly(
                "overview", "channel-web", "channel-voice", "single-component", "overview-hourly-day", "inbox", "export-daily");
        for (JsonNode r : results.get("requests")) {
            assertThat(r.get("warm").get("count").asInt()).as(r.toString()).isEqualTo(3);
            assertThat(r.get("warm").get("p95Ms").asDouble()).as(r.toString()).isPositive();
            assertThat(r.get("firstAfterRestartMs").asDouble()).as(r.toString()).isPositive();
            assertThat(r.get("p50ToFloor").asDouble()).as(r.toString()).isPositive();
            boolean report = r.get("request").asString().contains("/reports/");
            assertThat(r.has("computedWarm")).as("reports are also timed computed: " + r).isEqualTo(report);
            if (report) {
                assertThat(r.get("computedWarm").get("count").asInt()).as(r.toString()).isEqualTo(3);
            }
        }
        assertThat(results.get("restartSeconds")).as("one restart before the first requests").hasSize(1);
        JsonNode floor = results.get("floor");
        long messages = floor.get("rows").asLong();
        assertThat(messages).as("messages of the chatbot-month").isPositive().isLessThan(ingestion.get("events").asLong());
        assertThat(floor.get("medianMs").asDouble()).isPositive();
        assertThat(results.get("heapPeakBytes").asLong()).isPositive();
        assertThat(results.get("databaseBytes").asLong()).isPositive().isLessThanOrEqualTo(results.get("dataDirBytes").asLong());
        assertThat(results.get("targets")).hasSize(10).allSatisfy(t -> assertThat(t.has("pass")).isTrue());
        assertThat(results.get("machine").get("cpu").asString()).isNotBlank();
        assertThat(table).contains("Machine: ", "overview", "PASS", "Results: ");
        assertThat(out.resolve(results.get("run").asString() + "-data")).as("the data directory is removed").doesNotExist();
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

        JsonNode results = JsonMapper.builder().build().readTree(Files.readString(outcome.resultsFile()));
        assertThat(results.get("passed").asBoolean()).isTrue();
        assertThat(results.get("perMinute")).hasSize(1);
        JsonNode minute = results.get("perMinute").get(0);
        assertThat(minute.get("ingest").get("count").asInt()).isPositive();
        assertThat(minute.get("reports").get("count").asInt()).as(report).isPositive();
        assertThat(results.get("totals").get("lostEvents").asLong()).isZero();
    }
}
