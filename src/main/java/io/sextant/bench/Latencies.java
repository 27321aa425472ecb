package io.sextant.bench;

import io.sextant.report.Percentile;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latency samples in nanoseconds, and their percentiles. Thread-safe. */
final class Latencies {

    private long[] nanos = new long[64];
    private int count;

    synchronized void add(long sampleNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = sampleNanos;
    }

    synchronized int count() {
        return count;
    }

    /** The summary of the samples so far. */
    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Summary(count, percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
                count == 0 ? Double.NaN : sorted[count - 1] / 1e6);
    }

    /** The percentile in milliseconds, the contract's rule ({@link Percentile}) as the reports compute theirs; NaN without samples. */
    static double percentile(long[] sorted, double p) {
        Double nanos = Percentile.ofSorted(sorted.length, i -> sorted[i], p);
        return nanos == null ? Double.NaN : nanos / 1e6;
    }

    /** Percentiles in milliseconds. */
    record Summary(int count, double p50, double p95, double p99, double max) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("p50Ms", round(p50));
            m.put("p95Ms", round(p95));
            m.put("p99Ms", round(p99));
            m.put("maxMs", round(max));
            return m;
        }
    }

    /** Milliseconds to three decimals for the results file; null for NaN. */
    static Double round(double ms) {
        return Double.isNaN(ms) ? null : Math.round(ms * 1000) / 1000.0;
    }
}
