package io.sextant.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the machine's processors did over a stretch of a run: the server's and the benchmark's own
 * CPU time, and how much of the machine was idle or taken by the hypervisor (steal). On a VM, a
 * rate that moves between runs of the same code is explained by these: the writer was starved of a
 * processor (steal), or waited for batches (idle), or each event cost more CPU time (a slower host).
 *
 * <p>The processes' times come from {@link ProcessHandle.Info#totalCpuDuration()}; the machine's
 * from the first line of {@code /proc/stat}, so idle and steal are unknown (null) where it cannot
 * be read. The server is the Sextant process: with {@code --store clickhouse}, the cluster's
 * processes are in the machine's shares, not in the server's time.
 */
final class CpuUse {

    /** The aggregate line of {@code /proc/stat}: user, nice, system, idle, iowait, irq, softirq, steal. */
    record Machine(long total, long idle, long steal) {

        Machine minus(Machine before) {
            return new Machine(total - before.total, idle - before.idle, steal - before.steal);
        }

        /** Parses the first line of {@code /proc/stat} ({@code cpu  u n s i w q sq st …}); null when it is not one. */
        static Machine parse(String firstLine) {
            String[] f = firstLine.trim().split("\\s+");
            if (f.length < 9 || !f[0].equals("cpu")) {
                return null;
            }
            long total = 0;
            for (int i = 1; i <= 8; i++) { // guest time is already counted in user time
                total += Long.parseLong(f[i]);
            }
            return new Machine(total, Long.parseLong(f[4]) + Long.parseLong(f[5]), Long.parseLong(f[8]));
        }

        static Machine read() {
            try (var lines = Files.lines(Path.of("/proc/stat"))) {
                return lines.findFirst().map(Machine::parse).orElse(null);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** The state at one moment; times of a process that cannot be read are null. */
    record Snapshot(long nanos, Duration server, Duration bench, Machine machine) {}

    /**
     * The CPU use over a stretch, in processors (1.0 is one processor busy the whole time) and as
     * shares of all the machine's processors.
     *
     * @param serverCpuMicrosPerEvent the server's CPU time per event sent in the stretch; null where no
     *     events were counted (a soak's minute, whose server time also answered reports)
     * @param idleShare the machine's idle time (with I/O wait) over all its processors' time; null where unknown
     * @param stealShare the time the hypervisor gave the machine's processors to others; null where unknown
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(double seconds, Double serverProcessors, Double benchProcessors, Double serverCpuMicrosPerEvent,
            Double idleShare, Double stealShare) {

        /** One line for the terminal. */
        String describe(int processors) {
            StringBuilder b = new StringBuilder();
            b.append(serverProcessors == null ? "server ?" : String.format("server %.2f processors", serverProcessors));
            if (serverCpuMicrosPerEvent != null) {
                b.append(String.format(" (%.1f µs of CPU per event)", serverCpuMicrosPerEvent));
            }
            b.append(benchProcessors == null ? ", benchmark ?" : String.format(", benchmark %.2f", benchProcessors));
            if (idleShare != null && stealShare != null) {
                b.append(String.format("; of the machine's %d processors %.0f %% idle, %.0f %% taken by the hypervisor (steal)",
                        processors, idleShare * 100, stealShare * 100));
            }
            return b.toString();
        }
    }

    private CpuUse() {}

    static Snapshot take(ProcessHandle server) {
        return new Snapshot(System.nanoTime(), cpu(server), cpu(ProcessHandle.current()), Machine.read());
    }

    private static Duration cpu(ProcessHandle process) {
        return process == null ? null : process.info().totalCpuDuration().orElse(null);
    }

    /** The use between two snapshots of the same server, over {@code events} events (0: not counted). */
    static Result between(Snapshot before, Snapshot after, long events) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        Double server = processors(before.server(), after.server(), seconds);
        Double bench = processors(before.bench(), after.bench(), seconds);
        Double perEvent = server == null || events <= 0 ? null
                : round((after.server().toNanos() - before.server().toNanos()) / 1e3 / events, 10);
        Double idle = null;
        Double steal = null;
        if (before.machine() != null && after.machine() != null) {
            Machine d = after.machine().minus(before.machine());
            if (d.total() > 0) {
                idle = round((double) d.idle() / d.total(), 1000);
                steal = round((double) d.steal() / d.total(), 1000);
            }
        }
        return new Result(round(seconds, 10), server, bench, perEvent, idle, steal);
    }

    private static Double processors(Duration before, Duration after, double seconds) {
        if (before == null || after == null || seconds <= 0) {
            return null;
        }
        return round(after.minus(before).toNanos() / 1e9 / seconds, 100);
    }

    private static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
