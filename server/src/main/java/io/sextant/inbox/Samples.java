package io.sextant.inbox;

import io.sextant.stats.Percentile;
import java.util.Arrays;

/**
 * Durations in milliseconds, gathered one by one into a growing primitive array (8 bytes each, so
 * 100,000 threads take under a megabyte), and their percentiles.
 */
final class Samples {

    private long[] values = new long[16];
    private int size;

    void add(long millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
    }

    int size() {
        return size;
    }

    /** Sorts the samples; call once, after the last {@link #add}. */
    Samples sorted() {
        Arrays.sort(values, 0, size);
        return this;
    }

    /** The contract's percentile {@code p} ({@link Percentile}) of the sorted samples; null without samples. */
    Double percentile(double p) {
        return Percentile.ofSorted(size, i -> values[i], p);
    }

    Double average() {
        if (size == 0) {
            return null;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size;
    }

    /** Milliseconds as seconds rounded to the millisecond (half up), e.g. 12345.5 → 12.346. */
    static Double seconds(Double millis) {
        return millis == null ? null : Math.round(millis) / 1000.0;
    }
}
