package io.sextant.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sextant.auth.Grants;
import io.sextant.demo.DemoChatbot;
import io.sextant.demo.EventSender;
import io.sextant.demo.TrafficLoader;
import io.sextant.demo.TrafficModel;
import io.sextant.testkit.Directories;
import io.sextant.testkit.ServerProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/sextant bench --fleet}: many chatbots in one store. One large chatbot at the
 * benchmark's scale ({@code demo-cityhall}) and the others smaller, with sizes that fall off by a
 * power law of their rank (a few large tenants, a long tail of small ones), all generated hour by
 * hour together, so the store holds their events interleaved as a live platform's would. Then:
 * the large chatbot's reads as in the benchmark, and one small chatbot's computed overview, in
 * that store and in a second store that holds only that chatbot's identical traffic. Everything
 * goes through the service's HTTP API.
 */
public final class Fleet {

    /**
     * @param chatbots chatbots in the store, the large one included
     * @param scale the large chatbot's traffic, as {@code --scale}
     * @param otherConversations conversations of all the other chatbots together
     * @param skew exponent of the power law: the chatbot of rank r (1 the largest of the others) has conversations ∝ r^−skew
     * @param smallRank the rank among the others of the small chatbot that is measured
     */
    public record Options(int chatbots, double scale, long otherConversations, double skew, int smallRank, int requests,
            int clients, int batchEvents, long seed, Path outDir, String maxHeap, List<String> serverJavaOptions, boolean keepData,
            Path serverJar, Duration warmUp) {
        public Options {
            if (chatbots < 2) {
                throw new IllegalArgumentException("--fleet needs 2 chatbots or more, not " + chatbots);
            }
            if (smallRank < 1 || smallRank > chatbots - 1) {
                throw new IllegalArgumentException("--fleet-small-rank must be between 1 and " + (chatbots - 1) + ", not " + smallRank);
            }
            ProbeRunner.checkSeries(requests, warmUp);
        }
    }

    /** The results file of a fleet run; {@code ingestCpu} is the CPU use while the fleet was ingested ({@link CpuUse}; absent before 2026-12-05 15:00 UTC). */
    public record FleetResults(String run, String started, String finished, Machine machine, String loadAverageBefore,
            String loadAverageAfter, int chatbots, long conversations, long events, double ingestSeconds, long eventsPerSecond,
            String largeChatbot, long largeConversations, String smallChatbot, long smallConversations, long smallEvents,
            BenchmarkResults.FloorResult floor, Map<String, Object> large, Map<String, Object> smallInFleet,
            Map<String, Object> smallAlone, double smallRatio, long heapPeakBytes, long databaseBytes,
            Long residentPeakBytes, @JsonInclude(JsonInclude.Include.NON_NULL) CpuUse.Result ingestCpu) {}

    private final Options options;
    private final PrintStream out;

    public Fleet(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Conversations per chatbot: the large one first, then the others by rank. */
    static long[] sizes(Options o) {
        long[] sizes = new long[o.chatbots()];
        sizes[0] = Math.max(1, Math.round(TrafficModel.Scale.benchmark().conversationsPerChatbot() * o.scale()));
        double sum = 0;
        for (int r = 1; r < o.chatbots(); r++) {
            sum += Math.pow(r, -o.skew());
        }
        for (int r = 1; r < o.chatbots(); r++) {
            sizes[r] = Math.max(1, Math.round(o.otherConversations() * Math.pow(r, -o.skew()) / sum));
        }
        return sizes;
    }

    public Path run() {
        Instant started = Instant.now();
        String runName = Results.runName("fleet", started);
        Instant end = started.truncatedTo(ChronoUnit.DAYS);
        long[] sizes = sizes(options);
        TrafficModel model = TrafficModel.fleet(30, sizes, options.seed(), end, Benchmark.CHATBOT);
        DemoChatbot large = model.chatbots().get(0);
        DemoChatbot small = model.chatbots().get(options.smallRank());
        Instant from = model.start();
        String loadBefore = Results.loadAverage();
        Machine machine = Results.machine();
        out.printf("Sextant fleet %s: %d chatbots, %,d conversations over 30 days; large %s (%,d conversations), small %s (rank %d, %,d)%n",
                runName, sizes.length, model.conversations(), large.id(), sizes[0], small.id(), options.smallRank(), sizes[options.smallRank()]);
        out.printf("Machine: %s; load average %s%n", Results.describe(machine), loadBefore);

        Path dataDir = options.outDir().resolve(runName + "-data");
        Path aloneDir = options.outDir().resolve(runName + "-alone-data");
        Map<String, Object> largeResults = new LinkedHashMap<>();
        Map<String, Object> smallInFleet = new LinkedHashMap<>();
        Map<String, Object> smallAlone = new LinkedHashMap<>();
        EventSender.Result sent;
        CpuUse.Result ingestCpu;
        EventSender.Result sentAlone;
        long heapPeak;
        Long residentPeak;
        long databaseBytes;
        Floor floor;
        try {
            try (ServerProcess server = Benchmark.server(options.serverJar(), dataDir, options.outDir().resolve(runName + "-server.log"),
                    options.maxHeap(), options.serverJavaOptions())) {
                server.start();
                TrafficLoader loader = new TrafficLoader(server.baseUrl(), server.adminKey());
                CpuUse.Snapshot cpuBefore = CpuUse.take(server.process().toHandle());
                sent = ingest(loader, model);
                ingestCpu = CpuUse.between(cpuBefore, CpuUse.take(server.process().toHandle()), sent.events());
                out.printf("Ingested %,d events (%,d accepted) in %.1f s: %,.0f events/s%n", sent.events(), sent.accepted(),
                        sent.elapsed().toMillis() / 1000.0, sent.eventsPerSecond());
                out.printf("CPU during the load: %s%n", ingestCpu.describe(Runtime.getRuntime().availableProcessors()));
                Benchmark.awaitUpkeep(server, out);
                TrafficLoader.Key reader = loader.createKey("fleet reader", List.of(Grants.GET, Grants.EXPORT), List.of(large, small));
                ProbeRunner runner = new ProbeRunner(new Http(server.baseUrl(), reader.secret()), options.warmUp());
                for (Probe probe : Probe.all(large.id(), Benchmark.WEB_CHANNEL, Benchmark.VOICE_CHANNEL, from, end)) {
                    largeResults.put(probe.name(), measure(runner, probe, "large " + large.id()));
                }
                Probe smallOverview = Probe.all(small.id(), "-", "-", from, end).get(0);
                smallInFleet.put(smallOverview.name(), measure(runner, smallOverview, "small " + small.id() + " in the fleet"));
                server.restart();
                double first = new ProbeRunner(new Http(server.baseUrl(), reader.secret()))
                        .run(Probe.all(large.id(), Benchmark.WEB_CHANNEL, Benchmark.VOICE_CHANNEL, from, end).get(0)) / 1e6;
                largeResults.put("overview first after restart ms", Latencies.round(first));
                out.printf("  first after restart: large overview %.1f ms%n", first);
                heapPeak = server.heapPeakBytes();
                residentPeak = server.residentPeakBytes();
                server.stop();
            }
            databaseBytes = Results.fileSize(dataDir.resolve("sextant.duckdb"));
            floor = Floor.measure(dataDir.resolve("sextant.duckdb"), large.id(), from.toEpochMilli(), end.toEpochMilli() - 1, 20);
            out.printf("Floor (large chatbot, fleet store): %.2f ms over %,d rows, the lowest of %s%n", floor.medianMs(), floor.rows(),
                    floor.rounds());

            try (ServerProcess alone = Benchmark.server(options.serverJar(), aloneDir, options.outDir().resolve(runName + "-alone-server.log"),
                    options.maxHeap(), options.serverJavaOptions())) {
                alone.start();
                TrafficLoader loader = new TrafficLoader(alone.baseUrl(), alone.adminKey());
                sentAlone = ingest(loader, model.only(small.id()));
                TrafficLoader.Key reader = loader.createKey("fleet reader", List.of(Grants.GET), List.of(small));
                ProbeRunner runner = new ProbeRunner(new Http(alone.baseUrl(), reader.secret()), options.warmUp());
                Probe smallOverview = Probe.all(small.id(), "-", "-", from, end).get(0);
                smallAlone.put(smallOverview.name(), measure(runner, smallOverview, "small " + small.id() + " alone"));
                alone.stop();
            }
        } finally {
            if (!options.keepData()) {
                Directories.deleteTree(dataDir);
                Directories.deleteTree(aloneDir);
            }
        }
        double inFleet = computedP95(smallInFleet);
        double aloneP95 = computedP95(smallAlone);
        double ratio = inFleet / aloneP95;
        String loadAfter = Results.loadAverage();

        out.println();
        out.printf("Fleet: %d chatbots, %,d events in one store, ingested at %,.0f events/s; load average before %s, after %s%n",
                sizes.length, sent.events(), sent.eventsPerSecond(), loadBefore, loadAfter);
        out.printf("Floor: %.2f ms (%s, large chatbot)%n", floor.medianMs(), Floor.QUERY);
        out.printf("%-28s %10s %10s %12s %14s %12s%n", "request", "warm p95", "computed p95", "computed/floor", "", "");
        for (var e : largeResults.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m) {
                Object c = m.get("computed p95 ms");
                out.printf("large %-22s %10.1f %10s %12s%n", e.getKey(), (Double) m.get("warm p95 ms"), c == null ? "-" : String.format("%.1f", (Double) c),
                        c == null ? String.format("%.1fx", (Double) m.get("warm p95 ms") / floor.medianMs())
                                : String.format("%.1fx", (Double) c / floor.medianMs()));
            }
        }
        out.printf("small %s overview computed p95: %.1f ms in the fleet, %.1f ms alone: %.2fx (target <= 2x) %s%n", small.id(), inFleet,
                aloneP95, ratio, ratio <= 2 ? "PASS" : "MISS");
        out.printf("Server heap peak: %s; resident peak %s%n", Results.bytes(heapPeak), Results.bytes(residentPeak));
        FleetResults results = new FleetResults(runName, started.toString(), Instant.now().toString(), machine, loadBefore, loadAfter,
                sizes.length, model.conversations(), sent.events(), sent.elapsed().toMillis() / 1000.0, Math.round(sent.eventsPerSecond()),
                large.id(), sizes[0], small.id(), sizes[options.smallRank()], sentAlone.events(),
                floor.result(),
                largeResults, smallInFleet, smallAlone, Latencies.round(ratio), heapPeak, databaseBytes, residentPeak, ingestCpu);
        Path file = Results.write(options.outDir(), runName, results);
        out.printf("%nResults: %s%n", file.toAbsolutePath());
        return file;
    }

    private static double computedP95(Map<String, Object> m) {
        return (Double) ((Map<?, ?>) m.get("overview")).get("computed p95 ms");
    }

    /** Warm and, for reports, computed, as the benchmark times them ({@link ProbeRunner#warm}, {@link ProbeRunner#computed}). */
    private Map<String, Object> measure(ProbeRunner runner, Probe probe, String what) {
        Latencies warm = runner.warm(probe, options.requests(), null);
        Map<String, Object> m = new LinkedHashMap<>();
        Latencies.Summary w = warm.summary();
        m.put("warm p50 ms", Latencies.round(w.p50()));
        m.put("warm p95 ms", Latencies.round(w.p95()));
        String line = String.format("  %s %-20s warm p95 %8.1f ms", what, probe.name(), w.p95());
        if (probe.cacheable()) {
            Latencies computed = runner.computed(probe, options.requests(), null);
            Latencies.Summary c = computed.summary();
            m.put("computed p50 ms", Latencies.round(c.p50()));
            m.put("computed p95 ms", Latencies.round(c.p95()));
            line += String.format("  computed p50 %8.1f ms  p95 %8.1f ms", c.p50(), c.p95());
        }
        m.put("n", options.requests());
        out.println(line);
        return m;
    }

    private EventSender.Result ingest(TrafficLoader loader, TrafficModel model) {
        AtomicLong events = new AtomicLong();
        AtomicLong conversations = new AtomicLong();
        long began = System.nanoTime();
        AtomicLong lastPrint = new AtomicLong(began);
        return loader.load(model, options.batchEvents(), options.clients(), (c, n) -> {
            long e = events.addAndGet(n);
            long conv = conversations.addAndGet(c);
            long now = System.nanoTime();
            long last = lastPrint.get();
            if (now - last > 15_000_000_000L && lastPrint.compareAndSet(last, now)) {
                out.printf("  ingesting: %,d of %,d conversations, %,d events, %,.0f events/s, load average %s%n", conv,
                        model.conversations(), e, e / ((now - began) / 1e9), Results.loadAverage());
            }
        });
    }
}
