package io.sextant.bench;

import java.util.Arrays;

/**
 * Acknowledged events per second of a load, to tell a sustained rate from an average that a fast
 * stretch could carry: the slowest window of whole seconds, and where in the load it lies.
 * Thread-safe.
 */
final class Throughput {

    /** {@code seconds} consecutive whole seconds from {@code start} (seconds since the load began), at {@code eventsPerSecond}. */
    record Window(int start, int seconds, double eventsPerSecond) {
        /** As the results files have it. */
        WindowResult toJson() {
            return new WindowResult(start, Math.round(eventsPerSecond));
        }
    }

    /** A window in the results files: where it starts (seconds since the load began) and its whole-number rate. */
    public record WindowResult(int fromSecond, long eventsPerSecond) {}

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
     * Events acknowledged in each whole second of the load, leaving out the last second with an
     * acknowledgement, which the load's end cuts short.
     */
    synchronized long[] wholeSeconds() {
        return Arrays.copyOf(perSecond, Math.max(0, seconds - 1));
    }

    /** The window of {@code window} consecutive whole seconds with the lowest rate (the earliest of equals); null when the load did not last that long. */
    Window slowest(int window) {
        long[] whole = wholeSeconds();
        if (window < 1 || whole.length < window) {
            return null;
        }
        long sum = 0;
        for (int i = 0; i < window; i++) {
            sum += whole[i];
        }
        long min = sum;
        int at = 0;
        for (int i = window; i < whole.length; i++) {
            sum += whole[i] - whole[i - window];
            if (sum < min) {
                min = sum;
                at = i - window + 1;
            }
        }
        return new Window(at, window, min / (double) window);
    }
}
