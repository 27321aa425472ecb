package io.sextant.store.clickhouse;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How the ClickHouse stores put an instant into its bucket, exactly, for any zone and without zone
 * functions: the bucket starts are bound as an array, and the bucket of an instant is the number of
 * starts at or before it, minus one ({@code arrayCount}). To keep that search off the events, the
 * events are first counted per <em>slot</em> of a grid that every bucket start after the first lies
 * on (as DuckDB's {@code BucketGrid}): {@code anchor} is the second bucket start, {@code grain} the
 * greatest common divisor of the later starts' distances from it (the interval without a zone, an
 * hour or half an hour with one, never less than a second). Slot −1 is [from, anchor); slot s ≥ 0
 * starts at anchor + s·grain and never straddles two buckets, so only the few occupied slots are
 * searched among the starts.
 *
 * <p>The SQL forms, for {@link SqlResource}: {@code {{slotOf ts}}} the slot of the time {@code ts};
 * {@code {{bucketOfSlot s}}} the bucket's index (0-based); {@code {{bucketStartOfSlot s}}} the
 * bucket's start; {@code {{bucketStartOf ts}}} the start of the bucket of the time {@code ts}. They use the bound values {@code :anchor}, {@code :grain}, {@code :starts}.
 */
record BucketSlots(long anchor, long grain) {

    /** The grid of the buckets starting at {@code starts} (ascending, the first is {@code from}) and ending at {@code to}. */
    static BucketSlots of(List<Long> starts, long to) {
        if (starts.size() == 1) {
            return new BucketSlots(to + 1, 1); // every instant of the window is in slot −1
        }
        long anchor = starts.get(1);
        long grain = starts.size() == 2 ? to - anchor + 1 : 0;
        for (int k = 2; k < starts.size(); k++) {
            grain = gcd(grain, starts.get(k) - anchor);
        }
        return new BucketSlots(anchor, grain);
    }

    /** Puts {@code :anchor}, {@code :grain} and {@code :starts} into {@code values}. */
    void bind(List<Long> starts, Map<String, Object> values) {
        values.put("anchor", anchor);
        values.put("grain", grain);
        values.put("starts", List.copyOf(starts));
    }

    static String slotOf(String ts) {
        return "if(" + ts + " < :anchor, -1, intDiv(" + ts + " - :anchor, :grain))";
    }

    /**
     * The number of bucket starts at or before the start of slot {@code s} (1-based index of its
     * bucket). The {@code + 0 * s} is for ClickHouse 18.16, which drops a column of a subquery that
     * only a lambda uses ("Unknown identifier") when the query selects other columns too: it makes
     * the expression use {@code s} outside the lambda.
     */
    private static String startsUpTo(String s) {
        return "(arrayCount(x -> x <= if(" + s + " < 0, toInt64(:from), toInt64(:anchor) + " + s + " * :grain), :starts) + 0 * " + s + ")";
    }

    static String bucketOfSlot(String s) {
        return "(" + startsUpTo(s) + " - 1)";
    }

    static String bucketStartOfSlot(String s) {
        return ":starts[" + startsUpTo(s) + "]";
    }

    /** The bucket's start of the time {@code ts}, searched directly (for few rows: conversations, threads). */
    static String bucketStartOf(String ts) {
        return bucketStartOfSlot(slotOf(ts));
    }

    static final Map<String, UnaryOperator<String>> FORMS = Map.of(
            "slotOf", BucketSlots::slotOf,
            "bucketOfSlot", BucketSlots::bucketOfSlot,
            "bucketStartOfSlot", BucketSlots::bucketStartOfSlot,
            "bucketStartOf", BucketSlots::bucketStartOf);

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
