package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The plans of the rollups: of metrics over the window alone, whole days from their rows and a cut day
 * from its shorter side; of series, whole spans between cuts, and the span the range's start cuts
 * from its shorter side.
 */
class RollupPlanTest {

    private static final long DAY = EventRollups.DAY;
    private static final long HOUR = EventRollups.HOUR;
    private static final long T0 = 1_795_910_400_000L; // 2026-11-30T00:00:00Z, a UTC midnight

    /**
     * For random windows of up to four days at any millisecond, every instant counts exactly once
     * inside the window and never outside it ({@link #counted}), and a
     * cut day reads the events of its shorter side only.
     */
    @Test
    void everyInstantOfTheWindowCountsOnceAndACutDayReadsItsShorterSide() {
        Random random = new Random(13);
        for (int run = 0; run < 2_000; run++) {
            long from = T0 + (long) (random.nextDouble() * 3 * DAY);
            long to = from + (random.nextInt(5) == 0 ? random.nextInt(1_000) : (long) (random.nextDouble() * 4 * DAY));
            if (random.nextInt(4) == 0) {
                from = Math.floorDiv(from, DAY) * DAY; // at midnight
            }
            if (random.nextInt(4) == 0) {
                to = Math.floorDiv(to, DAY) * DAY + DAY - 1 - random.nextInt(3); // at or just before midnight
            }
            RollupPlan plan = RollupPlan.ofWindow(from, to);
            String what = "[" + from + ", " + to + "] " + describe(plan);

            for (long x : probes(from, to, plan, random)) {
                assertThat(counted(plan, x)).as("instant " + x + " of " + what).isEqualTo(x >= from && x <= to ? 1 : 0);
            }
            for (long[] r : plan.days()) {
                assertThat(Math.floorMod(r[0], DAY)).as(what).isZero();
                assertThat(Math.floorMod(r[1] + 1, DAY)).as(what).isZero();
            }
            for (long[] r : plan.minus()) {
                assertThat(r[1] < from || r[0] > to).as("taken off outside the window: " + what).isTrue();
            }
            long firstDay = Math.floorDiv(from, DAY);
            long lastDay = Math.floorDiv(to, DAY);
            for (long d = firstDay; d <= lastDay; d++) {
                long inside = Math.min(to, d * DAY + DAY - 1) - Math.max(from, d * DAY) + 1;
                long read = overlap(plan.raw(), d) + overlap(plan.minus(), d);
                assertThat(read).as("events read of day " + d + " of " + what).isEqualTo(Math.min(inside, DAY - inside));
            }
        }
    }

    @Test
    void aWindowEndingMillisecondsBeforeMidnightTakesTheDayLessThoseMilliseconds() {
        RollupPlan plan = RollupPlan.ofWindow(T0, T0 + DAY - 1 - 9);
        assertThat(plan.raw()).isEmpty();
        assertThat(plan.days()).containsExactly(new long[] {T0, T0 + DAY - 1});
        assertThat(plan.minus()).containsExactly(new long[] {T0 + DAY - 9, T0 + DAY - 1});
    }

    /**
     * For random ranges and cuts (bucket starts from the range's start or after it, as a series
     * without P has, or from a later instant, as with P), taking off: every instant of the range
     * counts exactly once and none outside it; no row holds a cut but at its start; what is taken
     * off lies before the range, within one row of the plan, and is the shorter side of the span the
     * range's start cuts; nothing after the range's end is read (its span may be the present hour);
     * and without taking off the plan reads nothing outside the range.
     */
    @Test
    void aSeriesTakesTheSpanItsRangesStartCutsLessItsShorterOutside() {
        Random random = new Random(17);
        int tookOff = 0;
        for (int run = 0; run < 3_000; run++) {
            boolean hours = random.nextInt(4) != 0;
            long from = T0 + (long) (random.nextDouble() * 2 * DAY);
            long to = from + (random.nextInt(6) == 0 ? random.nextInt(5_000_000) : (long) (random.nextDouble() * 3 * DAY));
            if (random.nextInt(3) == 0) {
                to = Math.floorDiv(to, HOUR) * HOUR + HOUR - 1 - random.nextInt(5); // just before an hour
            }
            if (random.nextInt(4) == 0) {
                from = Math.floorDiv(from, HOUR) * HOUR + random.nextInt(5); // just after one
            }
            // the cuts: W's bucket starts, from the range's start (no P) or from a later W start (P before it)
            long w = random.nextBoolean() ? from : from + (long) (random.nextDouble() * (to - from + 1));
            TreeSet<Long> cutSet = new TreeSet<>(List.of(w));
            long step = List.of(HOUR, HOUR / 2, DAY, 7 * DAY).get(random.nextInt(4));
            long offset = random.nextInt(3) == 0 ? HOUR / 2 : random.nextInt(2) * 7;
            for (long c = Math.floorDiv(w, step) * step + step + offset; c <= to; c += step) {
                cutSet.add(c);
            }
            long[] cuts = cutSet.stream().mapToLong(Long::longValue).toArray();
            RollupPlan plan = RollupPlan.of(from, to, cuts, hours, true);
            RollupPlan plain = RollupPlan.of(from, to, cuts, hours);
            String what = "[" + from + ", " + to + "] cuts " + cutSet + " hours " + hours + ": " + describe(plan);

            assertThat(plain.minus()).as(what).isEmpty();
            for (List<long[]> ranges : List.of(plain.raw(), plain.hours(), plain.days())) {
                for (long[] r : ranges) {
                    assertThat(r[0] >= from && r[1] <= to).as("within the range without taking off: " + what).isTrue();
                }
            }
            for (List<long[]> ranges : List.of(plan.raw(), plan.hours(), plan.days())) {
                for (long[] r : ranges) {
                    assertThat(r[1]).as("nothing after the range's end: " + what).isLessThanOrEqualTo(to);
                }
            }
            if (!plan.minus().isEmpty()) {
                tookOff++;
            }
            TreeSet<Long> probes = probes(from, to, plan, random);
            probes.addAll(cutSet);
            for (long x : probes) {
                assertThat(counted(plan, x)).as("instant " + x + " of " + what).isEqualTo(x >= from && x <= to ? 1 : 0);
                if (covered(plan.raw(), x) == 0 && covered(plan.hours(), x) + covered(plan.days(), x) > 0) {
                    long grain = covered(plan.days(), x) > 0 ? DAY : HOUR; // the row that counts x, at its start
                    long rowStart = Math.floorDiv(x, grain) * grain;
                    assertThat(cutSet.subSet(rowStart, false, rowStart + grain - 1, true)).as("cuts in the row of " + x + " of " + what).isEmpty();
                }
            }
            for (long[] r : plan.minus()) {
                assertThat(r[1]).as("taken off before the range: " + what).isEqualTo(from - 1);
                assertThat(covered(plan.hours(), r[0]) + covered(plan.days(), r[0])).as("in one row: " + what).isEqualTo(1);
                long span = hours ? HOUR : DAY;
                assertThat(Math.floorMod(r[0], span)).as("from the span's start: " + what).isZero();
                long outside = r[1] - r[0] + 1;
                assertThat(outside).as("the shorter side: " + what).isLessThan(span - outside);
            }
        }
        assertThat(tookOff).as("plans that took a span off").isGreaterThan(300);
    }

    @Test
    void anHourlyDayEndingMillisecondsBeforeMidnightTakesPsFirstHourLessThoseBeforeP() {
        long from = T0 + 4; // P's start: W is the day after, less 4 ms at its end
        long w = T0 + DAY;
        long to = T0 + 2 * DAY - 1 - 4;
        long[] cuts = java.util.stream.LongStream.iterate(w, c -> c <= to, c -> c + HOUR).toArray();
        RollupPlan plan = RollupPlan.of(from, to, cuts, true, true);
        assertThat(plan.days()).containsExactly(new long[] {T0, T0 + DAY - 1}); // P: no cut in its day
        assertThat(plan.hours()).containsExactly(new long[] {T0 + DAY, T0 + 2 * DAY - HOUR - 1});
        assertThat(plan.minus()).containsExactly(new long[] {T0, T0 + 3});
        assertThat(plan.raw()).containsExactly(new long[] {T0 + 2 * DAY - HOUR, to}); // W's last hour, which may be the present one
        // without taking off, P's first hour comes from the events
        assertThat(RollupPlan.of(from, to, cuts, true).raw()).containsExactly(new long[] {from, T0 + HOUR - 1},
                new long[] {T0 + 2 * DAY - HOUR, to});
    }

    /**
     * Instants to check of a plan of [from, to]: its edges and one millisecond either side, those of
     * every range of the plan, and 200 random ones from a day before to a day after.
     */
    private static TreeSet<Long> probes(long from, long to, RollupPlan plan, Random random) {
        TreeSet<Long> probes = new TreeSet<>(List.of(from - 1, from, from + 1, to - 1, to, to + 1));
        for (List<long[]> ranges : List.of(plan.raw(), plan.hours(), plan.days(), plan.minus())) {
            for (long[] r : ranges) {
                probes.addAll(List.of(r[0] - 1, r[0], r[0] + 1, r[1] - 1, r[1], r[1] + 1));
            }
        }
        for (int i = 0; i < 200; i++) {
            probes.add(from - DAY + (long) (random.nextDouble() * (to - from + 2 * DAY)));
        }
        return probes;
    }

    /** How many times the plan counts instant {@code x}: event ranges, hour and day rows, less the ranges taken off. */
    private static int counted(RollupPlan plan, long x) {
        return covered(plan.raw(), x) + covered(plan.hours(), x) + covered(plan.days(), x) - covered(plan.minus(), x);
    }

    private static int covered(List<long[]> ranges, long x) {
        int n = 0;
        for (long[] r : ranges) {
            if (x >= r[0] && x <= r[1]) {
                n++;
            }
        }
        return n;
    }

    /** Milliseconds of the ranges within UTC day {@code d}. */
    private static long overlap(List<long[]> ranges, long d) {
        long n = 0;
        for (long[] r : ranges) {
            n += Math.max(0, Math.min(r[1], d * DAY + DAY - 1) - Math.max(r[0], d * DAY) + 1);
        }
        return n;
    }

    private static String describe(RollupPlan plan) {
        StringBuilder s = new StringBuilder();
        for (var e : List.of(java.util.Map.entry("raw", plan.raw()), java.util.Map.entry("hours", plan.hours()), java.util.Map.entry("days", plan.days()),
                java.util.Map.entry("minus", plan.minus()))) {
            s.append(e.getKey()).append('=');
            for (long[] r : e.getValue()) {
                s.append('[').append(r[0]).append(',').append(r[1]).append(']');
            }
            s.append(' ');
        }
        return s.toString();
    }
}
