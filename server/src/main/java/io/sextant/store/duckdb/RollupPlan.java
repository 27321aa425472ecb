package io.sextant.store.duckdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Which parts of a time range a report reads from {@code event_rollups} and which from the events:
 * a UTC day or hour of the rollups serves only when it lies wholly in the range and no cut (the
 * start of W, of a bucket) falls inside it, so every row of a span belongs to one period and one
 * bucket. What is left — edges at any millisecond, hours that a bucket start of a zone with a
 * half-hour offset cuts — is read from the events. Exact for any window and zone.
 *
 * <p>A metric over W alone, without hour rows ({@link #ofWindow}), may also take a day that W cuts
 * whole and take off the events of its part outside W ({@code minus}), when that part is the
 * shorter: a window that ends a few milliseconds before midnight, as a live dashboard's or the
 * benchmark's "computed" requests do, then reads those milliseconds' events rather than the day's.
 * Exact as well: a day row counts exactly the day's events, so the difference is W's. A series may
 * do the same with the hour (or day) that the start of its range cuts
 * ({@link #of(long, long, long[], boolean, boolean)}).
 *
 * @param raw inclusive ranges read from the events, ascending, adjacent ones merged
 * @param hours inclusive ranges covered by whole hour rows
 * @param days inclusive ranges covered by whole day rows
 * @param minus inclusive ranges whose events are taken off: each lies in an hour of {@code hours}
 *     or a day of {@code days}, outside [from, to]
 */
record RollupPlan(List<long[]> raw, List<long[]> hours, List<long[]> days, List<long[]> minus) {

    /** An inclusive range of events, each counting {@code sign}: 1 (in {@code raw}) or −1 (in {@code minus}). */
    record Events(long from, long to, int sign) {}

    /** The ranges read from the events: those of {@code raw}, then those of {@code minus}, with their sign. */
    List<Events> events() {
        List<Events> events = new ArrayList<>(raw.size() + minus.size());
        raw.forEach(r -> events.add(new Events(r[0], r[1], 1)));
        minus.forEach(r -> events.add(new Events(r[0], r[1], -1)));
        return events;
    }

    /** Beyond this many event ranges, the plan reads the whole range from the events (one scan). */
    static final int MAX_RAW_RANGES = 16;

    /** The whole range from the events. */
    static RollupPlan rawOnly(long from, long to) {
        return new RollupPlan(List.of(new long[] {from, to}), List.of(), List.of(), List.of());
    }

    /**
     * The plan of [from, to] (inclusive).
     *
     * @param cuts instants where a new period or bucket starts: no span may hold one but at its start
     * @param hours whether the metric has hour rows (the series); without, only whole days serve
     */
    static RollupPlan of(long from, long to, long[] cuts, boolean hours) {
        return of(from, to, cuts, hours, false);
    }

    /**
     * The plan of [from, to] (inclusive), as {@link #of(long, long, long[], boolean)}; with
     * {@code takeOff}, the hour (the day, without hour rows) that {@code from} cuts may also come
     * from its row less the events before {@code from}, when that part is the shorter and no cut
     * lies in the span but at its start. A series whose previous period starts a few milliseconds
     * after an hour, as a dashboard's does whenever its window's length is not whole hours, then
     * reads those milliseconds' events rather than the hour's.
     *
     * <p>The row counts the span's events in the bucket of its start, and the events taken off
     * count in the bucket of their own time: the two agree, as no cut lies in the span and every
     * instant before the range's start is in P (a series whose range starts at W's start has that
     * start as a cut; a metric over W alone has no buckets). The end of the range is never taken
     * so: a window that ends now cuts the present hour, whose row every commit of live traffic
     * changes, and reading it would drop the report's kept rollup rows at every commit
     * ({@code KeptRollupRows}); its start lies in the past.
     */
    static RollupPlan of(long from, long to, long[] cuts, boolean hours, boolean takeOff) {
        long[] sorted = cuts.clone();
        Arrays.sort(sorted);
        long step = hours ? EventRollups.HOUR : EventRollups.DAY;
        long t = from;
        List<long[]> minus = new ArrayList<>();
        long head = Math.floorDiv(from, step) * step;
        // the span from cuts, when it ends within the range and its part before from is the shorter
        if (takeOff && head < from && from - head < head + step - from && fits(head, step, to, sorted)) {
            minus.add(new long[] {head, from - 1});
            t = head;
        }
        List<long[]> raw = new ArrayList<>();
        List<long[]> hourRanges = new ArrayList<>();
        List<long[]> dayRanges = new ArrayList<>();
        while (t <= to) {
            if (fits(t, EventRollups.DAY, to, sorted)) {
                extend(dayRanges, t, t + EventRollups.DAY - 1);
                t += EventRollups.DAY;
            } else if (hours && fits(t, EventRollups.HOUR, to, sorted)) {
                extend(hourRanges, t, t + EventRollups.HOUR - 1);
                t += EventRollups.HOUR;
            } else {
                long end = Math.min(to, Math.floorDiv(t, step) * step + step - 1);
                extend(raw, t, end);
                if (raw.size() > MAX_RAW_RANGES) {
                    return rawOnly(from, to);
                }
                t = end + 1;
            }
        }
        return new RollupPlan(raw, hourRanges, dayRanges, minus);
    }

    /**
     * The plan of [from, to] (inclusive) for a metric over the window alone, which has day rows
     * only: whole days from their rows; a day the window cuts from the events of its part inside
     * the window or, when the part outside is shorter, from its row less the events of that part.
     */
    static RollupPlan ofWindow(long from, long to) {
        List<long[]> raw = new ArrayList<>();
        List<long[]> days = new ArrayList<>();
        List<long[]> minus = new ArrayList<>();
        long t = from;
        while (t <= to) {
            long day = Math.floorDiv(t, EventRollups.DAY) * EventRollups.DAY;
            long dayEnd = day + EventRollups.DAY - 1;
            long end = Math.min(to, dayEnd); // [t, end]: the window's part of this day
            long inside = end - t + 1;
            if (inside * 2 > EventRollups.DAY) { // the part outside is shorter: the day's row less it
                extend(days, day, dayEnd);
                if (t > day) {
                    minus.add(new long[] {day, t - 1});
                }
                if (end < dayEnd) {
                    minus.add(new long[] {end + 1, dayEnd});
                }
            } else {
                extend(raw, t, end);
            }
            t = end + 1;
        }
        return new RollupPlan(raw, List.of(), days, minus);
    }

    /**
     * The condition on {@code event_rollups} rows that selects the plan's hour and day spans, null
     * when it has none: {@code start_ts} within their envelope (for the zone maps), then
     * {@link #grains}. {@code bind} binds a value under a new name starting with the stem it is
     * given and returns the name as written in SQL; the stems start with {@code stem}.
     */
    String spans(String stem, BiFunction<String, Long, String> bind) {
        String grains = grains(stem, bind);
        if (grains == null) {
            return null;
        }
        long[] envelope = envelope();
        return "start_ts BETWEEN " + bind.apply(stem + "_spans_lo", envelope[0]) + " AND " + bind.apply(stem + "_spans_hi", envelope[1])
                + "\n  AND (" + grains + ")";
    }

    /**
     * The condition that selects the plan's hour and day spans, null when it has none: each grain
     * with its ranges of {@code start_ts}. For a scan that bounds {@code start_ts} by the
     * {@link #envelope} of this plan (or of several) already.
     */
    String grains(String stem, BiFunction<String, Long, String> bind) {
        List<String> grains = new ArrayList<>();
        for (var g : List.of(Map.entry(EventRollups.HOUR, hours), Map.entry(EventRollups.DAY, days))) {
            List<String> ranges = new ArrayList<>();
            String rangeStem = stem + (g.getKey() == EventRollups.HOUR ? "_hours" : "_days");
            for (long[] r : g.getValue()) {
                ranges.add("start_ts BETWEEN " + bind.apply(rangeStem + "_lo", r[0]) + " AND " + bind.apply(rangeStem + "_hi", r[1]));
            }
            if (!ranges.isEmpty()) {
                grains.add("(grain = " + g.getKey() + " AND (" + String.join(" OR ", ranges) + "))");
            }
        }
        return grains.isEmpty() ? null : String.join("\n    OR ", grains);
    }

    /** The first start and the last end of the plan's hour and day spans; {@code {MAX_VALUE, MIN_VALUE}} when it has none. */
    /** The latest start of the rows of {@code grain} ({@link EventRollups#HOUR} or {@code DAY}) the plan reads; {@link Long#MIN_VALUE}: none. */
    long upTo(long grain) {
        long upTo = Long.MIN_VALUE;
        for (long[] r : grain == EventRollups.HOUR ? hours : days) {
            upTo = Math.max(upTo, r[1]);
        }
        return upTo;
    }

    long[] envelope() {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (List<long[]> grain : List.of(hours, days)) {
            for (long[] r : grain) {
                lo = Math.min(lo, r[0]);
                hi = Math.max(hi, r[1]);
            }
        }
        return new long[] {lo, hi};
    }

    /** Whether the span of {@code grain} starting at {@code t} is whole, ends by {@code to} and holds no cut but at {@code t}. */
    private static boolean fits(long t, long grain, long to, long[] cuts) {
        if (Math.floorMod(t, grain) != 0 || t + grain - 1 > to) {
            return false;
        }
        int i = Arrays.binarySearch(cuts, t + 1);
        int next = i >= 0 ? i : -i - 1; // the first cut > t
        return next >= cuts.length || cuts[next] >= t + grain;
    }

    private static void extend(List<long[]> ranges, long lo, long hi) {
        if (!ranges.isEmpty() && ranges.getLast()[1] + 1 == lo) {
            ranges.getLast()[1] = hi;
        } else {
            ranges.add(new long[] {lo, hi});
        }
    }
}
