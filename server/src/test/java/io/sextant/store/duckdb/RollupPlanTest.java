package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The plans of metrics over the window alone: whole days from their rows, a cut day from its shorter side. */
class RollupPlanTest {

    private static final long DAY = EventRollups.DAY;
    private static final long T0 = 1_795_910_400_000L; // 2026-11-30T00:00:00Z, a UTC midnight

    /**
     * For random windows of up to four days at any millisecond, every instant counts exactly once
     * inside the window and never outside it (events ranges + day rows − ranges taken off), and a
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

            TreeSet<Long> probes = new TreeSet<>(List.of(from - 1, from, from + 1, to - 1, to, to + 1));
            for (List<long[]> ranges : List.of(plan.raw(), plan.days(), plan.minus())) {
                for (long[] r : ranges) {
                    probes.addAll(List.of(r[0] - 1, r[0], r[0] + 1, r[1] - 1, r[1], r[1] + 1));
                }
            }
            for (int i = 0; i < 200; i++) {
                probes.add(from - DAY + (long) (random.nextDouble() * (to - from + 2 * DAY)));
            }
            for (long x : probes) {
                int count = covered(plan.raw(), x) + covered(plan.days(), x) - covered(plan.minus(), x);
                assertThat(count).as("instant " + x + " of " + what).isEqualTo(x >= from && x <= to ? 1 : 0);
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
        for (var e : List.of(java.util.Map.entry("raw", plan.raw()), java.util.Map.entry("days", plan.days()),
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
