package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThroughputTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = 5 * S;

    @Test
    void slowestWindowOfWholeSecondsLeavesOutTheLastOne() {
        Throughput t = new Throughput(T0);
        long[] perSecond = {100, 120, 40, 60, 200, 10};
        for (int s = 0; s < perSecond.length; s++) {
            t.add(T0 + s * S + S / 2, perSecond[s] - 1);
            t.add(T0 + s * S + S - 1, 1); // the last nanosecond still counts in its second
        }
        assertThat(t.wholeSeconds()).containsExactly(100, 120, 40, 60, 200);
        assertThat(t.slowest(1)).isEqualTo(new Throughput.Window(2, 1, 40.0));
        assertThat(t.slowest(2)).isEqualTo(new Throughput.Window(2, 2, 50.0));
        assertThat(t.slowest(5)).isEqualTo(new Throughput.Window(0, 5, 104.0)); // second 5 ends the load
        assertThat(t.slowest(6)).isNull();
        assertThat(t.slowest(2).toJson()).isEqualTo(new Throughput.WindowResult(2, 50L));
    }

    @Test
    void theEarliestOfEqualWindowsIsTheSlowest() {
        Throughput t = new Throughput(T0);
        long[] perSecond = {5, 9, 5, 9, 1};
        for (int s = 0; s < perSecond.length; s++) {
            t.add(T0 + s * S, perSecond[s]);
        }
        assertThat(t.slowest(2)).isEqualTo(new Throughput.Window(0, 2, 7.0));
    }

    @Test
    void acknowledgementsLongAfterTheStartGrowTheSeconds() {
        Throughput t = new Throughput(T0);
        t.add(T0, 7);
        t.add(T0 + 300 * S, 1);
        assertThat(t.slowest(10)).isEqualTo(new Throughput.Window(1, 10, 0.0));
        assertThat(t.slowest(300).eventsPerSecond()).isEqualTo(7 / 300.0);
    }

    @Test
    void nothingAcknowledgedHasNoWindow() {
        assertThat(new Throughput(T0).slowest(1)).isNull();
        assertThat(new Throughput(T0).wholeSeconds()).isEmpty();
    }
}
