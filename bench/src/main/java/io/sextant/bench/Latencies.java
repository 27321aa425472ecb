package io.sextant.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sextant.stats.Percentile;
import java.util.Arrays;

/** Latency samples in nanoseconds, and their percentiles. Thread-safe. */
final class Latencies {

    private long[] nanos = new long[64];
    private int count;
    /** Requests of the series sent untimed before these samples ({@link ProbeRunner#UNTIMED}); 0: none, or not a series. */
    private final int untimed;

    Latencies() {
        this(0);
    }

    Latencies(int untimed) {
        this.untimed = untimed;
    }

    synchronized void add(long sampleNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = sampleNanos;
    }

    synchronized int count() {
        return count;
    }

    /** The samples in milliseconds (three decimals), in the order they were taken. */
    synchronized java.util.List<Double> inOrderMs() {
        return Arrays.stream(nanos, 0, count).mapToObj(n -> round(n / 1e6)).toList();
    }

    /** How many samples took longer than the given milliseconds. */
    synchronized int over(double ms) {
        return (int) Arrays.stream(nanos, 0, count).filter(n -> n / 1e6 > ms).count();
    }

    /** The summary of the samples so far. */
    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Summary(count, percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
                count == 0 ? Double.NaN : sorted[count - 1] / 1e6, untimed);
    }

    /** The percentile in milliseconds, the contract's rule ({@link Percentile}) as the reports compute theirs; NaN without samples. */
    static double percentile(long[] sorted, double p) {
        Double nanos = Percentile.ofSorted(sorted.length, i -> sorted[i], p);
        return nanos == null ? Double.NaN : nanos / 1e6;
    }

    /** Percentiles in milliseconds. */
    record Summary(int count, double p50, double p95, double p99, double max, int untimed) {
        Summary(int count, double p50, double p95, double p99, double max) {
            this(count, p50, p95, p99, max, 0);
        }

        /** As the results files have it: rounded to microseconds. */
        Percentiles toJson() {
            return new Percentiles(count, round(p50), round(p95), round(p99), round(max), untimed == 0 ? null : untimed);
        }
    }

    /**
     * Percentiles in milliseconds as the results files have them: three decimals, null without samples.
     *
     * @param untimed the requests of the series sent untimed before the timed ones; absent when not a
     *     series, and in files written before 2026-12-07 23:30 UTC (3 then)
     */
    public record Percentiles(int count, Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer untimed) {}

    /** Milliseconds to three decimals for the results file; null for NaN. */
    static Double round(double ms) {
        return Double.isNaN(ms) ? null : Math.round(ms * 1000) / 1000.0;
    }
}
