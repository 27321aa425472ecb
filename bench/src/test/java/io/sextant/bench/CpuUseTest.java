package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuUseTest {

    @Test
    void readsTheMachineLineOfProcStat() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuUse.Machine m = CpuUse.Machine.parse("cpu  1227853 196 64512 781143 10155 0 17700 13379 0 0");
        assertThat(m).isEqualTo(new CpuUse.Machine(1227853L + 196 + 64512 + 781143 + 10155 + 0 + 17700 + 13379,
                781143L + 10155, 13379L));
        assertThat(CpuUse.Machine.parse("cpu0 1 2 3 4 5 6 7 8 0 0")).as("a processor's line, not the machine's").isNull();
        assertThat(CpuUse.Machine.parse("cpu 1 2 3")).as("a kernel without steal").isNull();
    }

    @Test
    void sharesAndProcessorsBetweenTwoSnapshots() {
        var before = new CpuUse.Snapshot(0, Duration.ofSeconds(10), Duration.ofSeconds(2), new CpuUse.Machine(1_000, 300, 50));
        // 4 s later on 2 processors (800 ticks): the server used 6 s of CPU, the benchmark 1 s;
        // 80 ticks idle, 120 stolen
        var after = new CpuUse.Snapshot(4_000_000_000L, Duration.ofSeconds(16), Duration.ofSeconds(3), new CpuUse.Machine(1_800, 380, 170));
        CpuUse.Result r = CpuUse.between(before, after, 300_000);

        assertThat(r.seconds()).isEqualTo(4.0);
        assertThat(r.serverProcessors()).isEqualTo(1.5);
        assertThat(r.benchProcessors()).isEqualTo(0.25);
        assertThat(r.serverCpuMicrosPerEvent()).as("6 s over 300,000 events").isEqualTo(20.0);
        assertThat(r.idleShare()).isEqualTo(0.1);
        assertThat(r.stealShare()).isEqualTo(0.15);
        assertThat(r.describe(2)).isEqualTo("server 1.50 processors (20.0 µs of CPU per event), benchmark 0.25; "
                + "of the machine's 2 processors 10 % idle, 15 % taken by the hypervisor (steal)");
    }

    @Test
    void whatCannotBeReadStaysUnknown() {
        var before = new CpuUse.Snapshot(0, null, Duration.ofSeconds(2), null);
        var after = new CpuUse.Snapshot(1_000_000_000L, null, Duration.ofSeconds(3), null);
        CpuUse.Result r = CpuUse.between(before, after, 1_000);

        assertThat(r.serverProcessors()).isNull();
        assertThat(r.serverCpuMicrosPerEvent()).isNull();
        assertThat(r.benchProcessors()).isEqualTo(1.0);
        assertThat(r.idleShare()).isNull();
        assertThat(r.stealShare()).isNull();
        assertThat(r.describe(2)).isEqualTo("server ?, benchmark 1.00");
    }
}
