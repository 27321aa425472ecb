package io.sextant.store.duckdb;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A grid that every bucket start after the first lies on, so an event's bucket follows from
 * arithmetic on its timestamp instead of a search among the bucket starts.
 *
 * <p>{@code anchor} is the second bucket start and {@code grain} the greatest common divisor of the
 * later starts' distances from it: the interval without a zone, usually an hour or half an hour
 * with one (DST days), never less than a second (zone offsets are whole seconds). An instant's
 * <em>slot</em> is −1 before the anchor (the first bucket, [from, anchor)), else
 * {@code (ts − anchor) // grain}; a slot never straddles two buckets. With a single bucket the
 * anchor lies after {@code to}, so every instant of the window is in slot −1.
 */
record BucketGrid(long anchor, long grain) {

    /** The grid of the buckets starting at {@code starts} (ascending, the first is {@code from}) and ending at {@code to}. */
    static BucketGrid of(List<Long> starts, long to) {
        if (starts.size() == 1) {
            return new BucketGrid(to + 1, 1);
        }
        long anchor = starts.get(1);
        long grain = starts.size() == 2 ? to - anchor + 1 : 0;
        for (int k = 2; k < starts.size(); k++) {
            grain = gcd(grain, starts.get(k) - anchor);
        }
        return new BucketGrid(anchor, grain);
    }

    /** The number of slots that instants up to {@code to} fall in, slot −1 included. */
    long slots(long to) {
        return to < anchor ? 1 : (to - anchor) / grain + 2;
    }

    /** Bucket bounds as one bound parameter: a list literal that the SQL casts to {@code BIGINT[]}. */
    static String bigintList(List<Long> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
