package io.sextant.bench;

import java.util.Arrays;

/**
 * Acknowledged events per second of a load, to tell a sustained rate from an average that a fast
 * start or a slow end could carry: the slowest window of whole seconds. Thread-safe.
 */
final class Throughput {

    private final long startNanos;
    private long[] perSecond = new long[64];
    private int seconds;

    Throughput(long startNanos) {
        this.startNanos = startNanos;
    }

    /** {@code events} were acknowledged at {@code nanos} (of {@link System#nanoTime()}). */
    synchronized void add(long nanos, long events) {
        int second = (int) Math.max(0, (nanos - startNanos) / 1_000_000_000L);
        if (second >= perSecond.length) {
            perSecond = Arrays.copyOf(perSecond, Math.max(perSecond.length * 2, second + 1));
        }
        perSecond[second] += events;
        seconds = Math.max(seconds, second + 1);
    }

    /**
     * The lowest rate, in events/s, of any {@code window} consecutive whole seconds before the
     * last second with an acknowledgement (which the load's end cuts short); NaN when the load
     * did not last that long.
     */
    synchronized double slowest(int window) {
        int whole = seconds - 1;
        if (window < 1 || whole < window) {
            return Double.NaN;
        }
        long sum = 0;
        for (int i = 0; i < window; i++) {
            sum += perSecond[i];
        }
        long min = sum;
        for (int i = window; i < whole; i++) {
            sum += perSecond[i] - perSecond[i - window];
            min = Math.min(min, sum);
        }
        return min / (double) window;
    }
}
