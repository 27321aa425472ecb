package io.sextant.stats;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.IntToDoubleFunction;

/**
 * THE contract's percentile, in Java: the p-quantile of n samples by linear interpolation between
 * closest ranks. Sort the samples ascending and index them from 0; at position pos = p·(n−1) the
 * percentile is {@code x[⌊pos⌋] + (x[⌈pos⌉] − x[⌊pos⌋])·(pos − ⌊pos⌋)}. So the median (p = 0.5) of
 * an odd count is the middle sample, of an even count the mean of the two middle ones. Without
 * samples there is none (null).
 *
 * <p>This is the reference: the inbox statistics compute with it, and the tests' brute-force models
 * take it as the yardstick of every median and percentile the service answers. The same rule in
 * DuckDB SQL is {@code io.sextant.store.duckdb.DuckDbPercentile}; both compute in doubles, in the same
 * order, so their answers are equal to the last bit.
 */
public final class Percentile {

    public static final double MEDIAN = 0.5;

    private Percentile() {}

    /**
     * The percentile {@code p} of {@code n} values given in ascending order by {@code valueAt(0)} …
     * {@code valueAt(n − 1)}; null when {@code n} is 0.
     */
    public static Double ofSorted(int n, IntToDoubleFunction valueAt, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a percentile is of p in [0, 1], not " + p);
        }
        if (n == 0) {
            return null;
        }
        double pos = p * (n - 1);
        return interpolate(pos, valueAt.applyAsDouble((int) Math.floor(pos)), valueAt.applyAsDouble((int) Math.ceil(pos)));
    }

    private static double interpolate(double pos, double lo, double hi) {
        return lo + (hi - lo) * (pos - Math.floor(pos));
    }

    /**
     * The same for samples given as {@code values} in ascending order, each occurring
     * {@code counts[i]} times (the rule of {@link #ofSorted}, to the last bit); null without samples.
     */
    public static Double ofCounts(double[] values, long[] counts, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a percentile is of p in [0, 1], not " + p);
        }
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        if (n == 0) {
            return null;
        }
        double pos = p * (n - 1);
        return interpolate(pos, valueAt(values, counts, (long) Math.floor(pos)), valueAt(values, counts, (long) Math.ceil(pos)));
    }

    /**
     * The same for samples given as {@code values} in any order (a value may repeat), each
     * occurring {@code counts[i]} times. The arrays are left as they are. Primitive sorts: a daily
     * export's few hundred thousand counted values sorted as objects took tens of milliseconds.
     */
    public static Double ofUnorderedCounts(double[] values, long[] counts, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        long[] atSorted = new long[sorted.length]; // a repeated value's counts gather on one of its places
        for (int i = 0; i < values.length; i++) {
            atSorted[Arrays.binarySearch(sorted, values[i])] += counts[i];
        }
        return ofCounts(sorted, atSorted, p);
    }

    /** The sample at 0-based position {@code i}: the first value whose running count exceeds i. */
    private static double valueAt(double[] values, long[] counts, long i) {
        long upto = 0;
        for (int k = 0; k < values.length; k++) {
            upto += counts[k];
            if (upto > i) {
                return values[k];
            }
        }
        throw new IllegalArgumentException("position " + i + " beyond the samples");
    }

    /** The percentile {@code p} of samples in any order; null when there are none. */
    public static Double of(Collection<? extends Number> samples, double p) {
        double[] sorted = samples.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return ofSorted(sorted.length, i -> sorted[i], p);
    }

    /** The median of samples in any order; null when there are none. */
    public static Double median(Collection<? extends Number> samples) {
        return of(samples, MEDIAN);
    }
}
