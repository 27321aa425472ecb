package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The soak's live targets ({@link Soak#targets}): what each measures, and when one is left out. */
class SoakTargetsTest {

    private static final Latencies.Percentiles SOME = new Latencies.Percentiles(1, 1.0, 1.0, 1.0, 1.0, null);

    private static List<SoakResults.Minute> minutes(long... eventsPerSecond) {
        return LongStream.range(0, eventsPerSecond.length)
                .mapToObj(m -> new SoakResults.Minute((int) m + 1, 60, SOME, eventsPerSecond[(int) m], SOME, 0, 0, null))
                .toList();
    }

    private static Latencies.Summary reports(double p99) {
        return new Latencies.Summary(100, p99 / 4, p99 / 2, p99, p99 * 2);
    }

    @Test
    void theReportsP99IsJudgedOverTheWholeSoakAndTheLastMinuteAgainstTheFirst() {
        List<Benchmark.Target> targets = Soak.targets(reports(250.0), minutes(100_000, 20_000, 60_000), 0, 0);

        assertThat(targets).extracting(Benchmark.Target::name, Benchmark.Target::limit, Benchmark.Target::atLeast,
                Benchmark.Target::measured, Benchmark.Target::pass).containsExactly(
                        tuple("reports p99, whole soak", 250.0, false, 250.0, true),
                        tuple("ingestion, last minute / first minute", 60.0, true, 60.0, true));
        assertThat(targets.get(1).line()).startsWith("  PASS ingestion, last minute / first minute").endsWith(">= 60.0 % (measured 60.0)");
    }

    @Test
    void aSlowerLastMinuteOrASlowerP99Misses() {
        List<Benchmark.Target> targets = Soak.targets(reports(250.1), minutes(100_000, 100_000, 59_999), 0, 0);

        assertThat(targets).extracting(Benchmark.Target::pass).containsExactly(false, false);
        assertThat(targets.get(0).line()).startsWith("  MISS reports p99, whole soak").endsWith("<= 250.0 ms (measured 250.1)");
        assertThat(targets.get(1).toResult().measured()).isEqualTo(59.999);
    }

    @Test
    void aSoakOfOneMinuteHasNoRatioAndOneWithoutReportsNoP99() {
        assertThat(Soak.targets(reports(10), minutes(100_000), 0, 0)).extracting(Benchmark.Target::name)
                .containsExactly("reports p99, whole soak");
        assertThat(Soak.targets(new Latencies.Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN), minutes(100, 50), 0, 0))
                .extracting(Benchmark.Target::name).containsExactly("ingestion, last minute / first minute");
        assertThat(Soak.targets(reports(10), minutes(0, 50), 1_000, 1.0)).extracting(Benchmark.Target::name)
                .as("a first minute without events is no base").containsExactly("reports p99, whole soak");
    }

    @Test
    void theReSendIsJudgedAgainstTheFirstMinutesRate() {
        List<Benchmark.Target> atPar = Soak.targets(reports(10), minutes(100_000, 90_000), 5_000_000, 50.0);
        List<Benchmark.Target> slower = Soak.targets(reports(10), minutes(100_000, 90_000), 5_000_000, 50.1);

        assertThat(atPar).extracting(Benchmark.Target::name).containsExactly("reports p99, whole soak",
                "ingestion, last minute / first minute", "re-send events/s / first minute's");
        assertThat(atPar.get(2)).extracting(Benchmark.Target::limit, Benchmark.Target::atLeast, Benchmark.Target::measured,
                Benchmark.Target::pass).containsExactly(100.0, true, 100.0, true);
        assertThat(slower.get(2).pass()).as("99,800 events/s against 100,000").isFalse();
        assertThat(slower.get(2).line()).startsWith("  MISS re-send events/s / first minute's").endsWith(">= 100.0 % (measured 99.8)");
        assertThat(Soak.targets(reports(10), minutes(100_000), 5_000_000, 50.0)).as("a soak of one minute has its replay judged too")
                .extracting(Benchmark.Target::name).containsExactly("reports p99, whole soak", "re-send events/s / first minute's");
        assertThat(Soak.targets(reports(10), minutes(100_000, 90_000), 0, 0)).as("nothing sent again").hasSize(2);
    }
}
