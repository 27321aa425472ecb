package io.sextant.store;

import io.sextant.stats.Percentile;
import io.sextant.store.InboxStore.Durations;
import java.util.Arrays;

/**
 * Durations in milliseconds gathered one by one into a growing primitive array (8 bytes each, so
 * 100,000 threads take under a megabyte), and what they add up to ({@link Durations}).
 */
public final class DurationSamples {

    private long[] values = new long[16];
    private int size;

    public void add(long millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
    }

    /** The number of samples added so far. */
    public int size() {
        return size;
    }

    /** The durations of the samples added from the {@code start}-th on (a group gathered among others); they stay as they are. */
    public Durations durationsFrom(int start) {
        long[] part = Arrays.copyOfRange(values, start, size);
        return durations(part, part.length);
    }

    /** The durations of all the samples, which it sorts in place: after the last {@link #add}. */
    public Durations durations() {
        return durations(values, size);
    }

    /** The first {@code size} of {@code millis}, sorted in place: their number, exact sum, median and 90th percentile. */
    private static Durations durations(long[] millis, int size) {
        Arrays.sort(millis, 0, size);
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += millis[i];
        }
        return new Durations(size, sum, Percentile.ofSorted(size, i -> millis[i], Percentile.MEDIAN),
                Percentile.ofSorted(size, i -> millis[i], 0.9));
    }
}
