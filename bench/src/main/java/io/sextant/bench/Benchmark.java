package io.sextant.bench;

import io.sextant.auth.Grants;
import io.sextant.demo.EventSender;
import io.sextant.demo.TrafficLoader;
import io.sextant.demo.TrafficModel;
import io.sextant.testkit.Directories;
import io.sextant.testkit.ServerProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code bin/sextant bench}: ingests the benchmark traffic into a server child process over HTTP,
 * then times reads warm and first after a restart, compares them with the floor of a bare count
 * on the store ({@link BenchStore}: DuckDB, or a ClickHouse cluster the run starts), checks the
 * targets and writes the results.
 */
public final class Benchmark {

    /** The chatbot profile of the benchmark: web, Telegram and a voice line. */
    static final String CHATBOT = "demo-cityhall";
    static final String WEB_CHANNEL = "web";
    static final String VOICE_CHANNEL = "phone";
    /** The window of the slowest ingestion rate reported beside the average. */
    static final int SUSTAINED_WINDOW_SECONDS = 10;

    /**
     * @param scale multiplies the default traffic (1,000,000 conversations in 30 days)
     * @param requests timed warm requests of each kind
     * @param clients concurrent ingestion requests
     * @param batchEvents events per ingestion request
     * @param seed seed of the traffic
     * @param outDir where the data directory, the server log and the results go
     * @param maxHeap the server's {@code -Xmx}
     * @param serverJavaOptions more options of the server's JVM
     * @param keepData keep the data directory after the run
     * @param restartPerKind restart the server before the first request of every kind (else once before all of them)
     * @param timeBox the time after which the timed requests of a kind stop early, once there are at
     *     least {@value ProbeRunner#MIN_TIMED} of them; null to always make {@code requests}
     * @param serverJar the service's executable jar to run; null for the service on this JVM's class
     *     path (the tests)
     */
    public record Options(double scale, int requests, int clients, int batchEvents, long seed, Path outDir,
            String maxHeap, List<String> serverJavaOptions, boolean keepData, boolean restartPerKind, Duration timeBox,
            Path serverJar, Duration warmUp) {
        public Options {
            if (!(scale > 0)) {
                throw new IllegalArgumentException("--scale must be more than 0, not " + scale);
            }
            ProbeRunner.checkSeries(requests, warmUp);
            if (clients < 1) {
                throw new IllegalArgumentException("--clients must be 1 or more, not " + clients);
            }
        }
    }

    /**
     * The computed p95 of {@code name} (its warm p95 when the server never keeps its answers, so
     * that every warm answer is computed) as a multiple of the floor, at most {@code floors}.
     */
    private static Target computedTarget(String name, double floors, Map<String, Latencies.Summary> warm,
            Map<String, Latencies.Summary> computed, Floor floor) {
        Latencies.Summary k = computed.get(name);
        double p95 = k == null ? warm.get(name).p95() : k.p95();
        return new Target(name + " computed p95 / floor", "x floor", floors, false, p95 / floor.medianMs());
    }

    /** A target: the measured value must be at most (or, for throughput, at least) the limit. */
    record Target(String name, String unit, double limit, boolean atLeast, double measured) {
        boolean pass() {
            return atLeast ? measured >= limit : measured <= limit;
        }

        /** The target's line of a run's last table: PASS or MISS, the limit and what was measured. */
        String line() {
            return String.format("  %-4s %-38s %s %,.1f %s (measured %,.1f)", pass() ? "PASS" : "MISS", name, atLeast ? ">=" : "<=", limit,
                    unit, measured);
        }

        BenchmarkResults.TargetResult toResult() {
            return new BenchmarkResults.TargetResult(name, unit, atLeast ? limit : null, atLeast ? null : limit,
                    Latencies.round(measured), pass());
        }
    }

    private final Options options;
    private final PrintStream out;

    private final String store;

    public Benchmark(Options options, PrintStream out) {
        this(options, "duckdb", out);
    }

    /** @param store {@code duckdb} or {@code clickhouse} (a cluster the run starts: {@link ClickHouseBenchStore}) */
    public Benchmark(Options options, String store, PrintStream out) {
        this.options = options;
        this.store = store;
        this.out = out;
    }

    /** Runs the benchmark; returns the results file. */
    public Path run() {
        Instant started = Instant.now();
        String runName = Results.runName("bench", started);
        Instant end = started.truncatedTo(ChronoUnit.DAYS);
        TrafficModel.Scale base = TrafficModel.Scale.benchmark();
        long conversations = Math.max(1, Math.round(base.conversationsPerChatbot() * options.scale()));
        TrafficModel model = new TrafficModel(new TrafficModel.Scale(1, base.days(), conversations), options.seed(), end, CHATBOT);
        String chatbot = model.chatbots().get(0).id();
        Instant from = model.start();

        Machine machine = Results.machine();
        var optionsResult = new BenchmarkResults.RunOptions(options.scale(), options.requests(), options.clients(),
                options.batchEvents(), options.seed(), options.maxHeap(), options.serverJavaOptions(), options.restartPerKind(),
                options.timeBox() == null ? null : options.timeBox().toSeconds());
        String lastDay = end.minusMillis(1).atZone(ZoneOffset.UTC).getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        var traffic = new BenchmarkResults.Traffic(chatbot, conversations, base.days(), from.toString(), end.minusMillis(1).toString(),
                lastDay);
        BenchmarkResults results;

        Path dataDir = options.outDir().resolve(runName + "-data");
        out.printf("Sextant benchmark %s: %,d conversations of chatbot %s over %d days (scale %s), the last a %s (%s)%n",
                runName, conversations, chatbot, base.days(), options.scale(), lastDay, end.minusMillis(1).toString().substring(0, 10));
        out.printf("Machine: %s%n", Results.describe(machine));
        out.printf("Load average at the start: %s%n", Results.loadAverage());
        out.printf("Server: child process, -Xmx%s, data directory %s%n", options.maxHeap(), dataDir);
        List<Target> targets = new ArrayList<>();
        long heapPeak = 0;
        Long residentPeak = null;
        try (BenchStore engine = BenchStore.open(store, options.outDir(), runName, options.keepData());
                ServerProcess server = engine.configure(builder(options.serverJar(), dataDir,
                        options.outDir().resolve(runName + "-server.log"), options.maxHeap(), options.serverJavaOptions()), dataDir).build()) {
            out.printf("Store: %s%n", engine.describe());
            Duration firstStart = server.start();

            // Ingestion
            TrafficLoader loader = new TrafficLoader(server.baseUrl(), server.adminKey());
            Latencies ack = new Latencies();
            Throughput throughput = new Throughput(System.nanoTime());
            ServerProcess.CommitGroups groupsBefore = server.commitGroups();
            CpuUse.Snapshot cpuBefore = CpuUse.take(server.process().toHandle());
            EventSender.Result sent = ingest(loader, model, ack, throughput);
            CpuUse.Result cpu = CpuUse.between(cpuBefore, CpuUse.take(server.process().toHandle()), sent.events());
            ServerProcess.CommitGroups groups = server.commitGroups().minus(groupsBefore);
            Throughput.Window slowest = throughput.slowest(SUSTAINED_WINDOW_SECONDS);
            Latencies.Summary ackSummary = ack.summary();
            Double writerBusy = groups.writerSeconds() == null ? null
                    : Math.round(groups.writerSeconds() / (sent.elapsed().toNanos() / 1e9) * 1000) / 1000.0;
            var ingestion = new BenchmarkResults.Ingestion(sent.events(), sent.accepted(), sent.duplicates(), sent.conversations(),
                    sent.elapsed().toMillis() / 1000.0, Math.round(sent.eventsPerSecond()), slowest == null ? null : slowest.toJson(),
                    throughput.wholeSeconds(), ackSummary.count(), ackSummary.toJson(), groups.groups(),
                    Math.round(groups.meanEvents() * 10) / 10.0, cpu, writerBusy);
            out.printf("Ingested %,d events (%,d conversations) in %.1f s: %,.0f events/s (slowest %s); acknowledgement p50 %.1f ms, p99 %.1f ms over %,d requests in %,d commit groups (%,.0f events each on average)%n",
                    sent.events(), sent.conversations(), sent.elapsed().toMillis() / 1000.0, sent.eventsPerSecond(),
                    window(slowest), ackSummary.p50(), ackSummary.p99(), ackSummary.count(), groups.groups(), groups.meanEvents());
            out.printf("CPU during the load: %s; %s%n", cpu.describe(Runtime.getRuntime().availableProcessors()), writerBusy(writerBusy));
            targets.add(new Target("ingestion, durable acknowledgement", "events/s", 100_000, true, sent.eventsPerSecond()));
            awaitUpkeep(server, out);

            TrafficLoader.Key reader = loader.createKey("benchmark reader", List.of(Grants.GET, Grants.EXPORT), model.chatbots());
            ProbeRunner runner = new ProbeRunner(new Http(server.baseUrl(), reader.secret()), options.warmUp());
            List<Probe> probes = Probe.all(chatbot, WEB_CHANNEL, VOICE_CHANNEL, from, end);

            // Warm: untimed requests for --warm-up seconds (ProbeRunner), then the timed ones, one at a time. For a report, also
            // "computed": the same report over windows 1, 2, 3 … ms shorter, which the server
            // cannot answer from its cache, so that the cost of computing one is in the table too
            // (after a few untimed ones as well).
            Map<String, Latencies.Summary> warm = new LinkedHashMap<>();
            Map<String, Latencies.Summary> computed = new LinkedHashMap<>();
            Map<String, Latencies> warmSamples = new LinkedHashMap<>();
            Map<String, Latencies> computedSamples = new LinkedHashMap<>();
            for (Probe probe : probes) {
                Latencies w = runner.warm(probe, options.requests(), options.timeBox());
                Latencies.Summary s = w.summary();
                warm.put(probe.name(), s);
                warmSamples.put(probe.name(), w);
                out.printf("  warm %-20s p50 %8.1f ms  p95 %8.1f ms  p99 %8.1f ms  (after %d untimed)%n", probe.name(), s.p50(), s.p95(), s.p99(), s.untimed());
                if (probe.cacheable()) {
                    Latencies kl = runner.computed(probe, options.requests(), options.timeBox());
                    Latencies.Summary c = kl.summary();
                    computed.put(probe.name(), c);
                    computedSamples.put(probe.name(), kl);
                    out.printf("  computed %-16s p50 %8.1f ms  p95 %8.1f ms  p99 %8.1f ms  (after %d untimed)%n", probe.name(), c.p50(), c.p95(), c.p99(), c.untimed());
                }
            }
            heapPeak = Math.max(heapPeak, server.heapPeakBytes());
            residentPeak = larger(residentPeak, server.residentPeakBytes());

            // First request after a restart: one restart per kind, so that every one is the first
            Map<String, Double> cold = new LinkedHashMap<>();
            List<Double> restarts = new ArrayList<>();
            for (Probe probe : probes) {
                if (options.restartPerKind() || restarts.isEmpty()) {
                    Duration restart = server.restart();
                    restarts.add(restart.toMillis() / 1000.0);
                    out.printf("  restarted the server in %.1f s%n", restart.toMillis() / 1000.0);
                }
                double ms = new ProbeRunner(new Http(server.baseUrl(), reader.secret())).run(probe) / 1e6;
                cold.put(probe.name(), ms);
                heapPeak = Math.max(heapPeak, server.heapPeakBytes());
                residentPeak = larger(residentPeak, server.residentPeakBytes());
                out.printf("  first after restart %-20s %8.1f ms%n", probe.name(), ms);
            }
            server.stop();
            long dataDirBytes = Results.size(dataDir);
            BenchmarkResults.ClusterResult cluster = engine.cluster(chatbot);
            long databaseBytes = engine.databaseBytes(dataDir);

            // The floor, on the file the server left (DuckDB), or through the cluster's HTTP interface
            Floor floor = engine.floor(dataDir, chatbot, from.toEpochMilli(), end.toEpochMilli() - 1, 20);
            var floorResult = floor.result();

            List<BenchmarkResults.RequestResult> requests = new ArrayList<>();
            for (Probe probe : probes) {
                Latencies.Summary k = computed.get(probe.name());
                requests.add(new BenchmarkResults.RequestResult(probe.name(), probe.description(),
                        (probe.export() ? "POST " : "GET ") + probe.path(), warm.get(probe.name()).toJson(),
                        k == null ? null : k.toJson(), Latencies.round(cold.get(probe.name())),
                        Latencies.round(warm.get(probe.name()).p50() / floor.medianMs()),
                        Latencies.round(cold.get(probe.name()) / floor.medianMs()), warmSamples.get(probe.name()).inOrderMs(),
                        k == null ? null : computedSamples.get(probe.name()).inOrderMs()));
            }

            // Issue 13's targets: a computed answer (not a cache hit) within a few floors of the same
            // run, a first request after a restart within 1 s, the daily export within 250 ms.
            for (String name : List.of("overview", "channel-web", "channel-voice")) {
                targets.add(new Target(name + " p95 warm", "ms", 150, false, warm.get(name).p95()));
                targets.add(new Target(name + " first after restart", "ms", 1_000, false, cold.get(name)));
                targets.add(computedTarget(name, 5, warm, computed, floor));
            }
            targets.add(new Target("single-component p95 warm", "ms", 30, false, warm.get("single-component").p95()));
            targets.add(computedTarget("single-component", 2, warm, computed, floor));
            targets.add(computedTarget("overview-hourly-day", 2, warm, computed, floor));
            targets.add(computedTarget("inbox", 5, warm, computed, floor));
            // the export of a window whose last day the server has not seen: computed (the same
            // export again comes from kept days alone)
            Latencies.Summary export = computed.getOrDefault("export-daily", warm.get("export-daily"));
            targets.add(new Target("export-daily computed p95", "ms", 250, false, export.p95()));
            targets.add(new Target("server heap peak", "MiB", 2_048, false, heapPeak / (double) (1L << 20)));
            results = new BenchmarkResults(runName, started.toString(), machine, optionsResult, traffic,
                    firstStart.toMillis() / 1000.0, ingestion, restarts, floorResult, requests, heapPeak, dataDirBytes, databaseBytes,
                    targets.stream().map(Target::toResult).toList(), null, engine.name(), cluster, residentPeak);

            printTable(probes, warm, computed, cold, floor, sent, slowest, ackSummary, cpu, writerBusy, heapPeak, residentPeak, dataDirBytes, databaseBytes,
                    targets);
            ClickHouseBenchStore.print(cluster, out);
        } finally {
            if (!options.keepData()) {
                Directories.deleteTree(dataDir);
            }
        }
        Path file = Results.write(options.outDir(), runName, results.finished(Instant.now()));
        out.printf("%nResults: %s%n", file.toAbsolutePath());
        return file;
    }

    /**
     * The service as a child process on {@code dataDir}: the executable jar, or without one the
     * service on this JVM's class path (the tests); output to {@code log}, heap {@code maxHeap}.
     */
    static ServerProcess server(Path serverJar, Path dataDir, Path log, String maxHeap, List<String> javaOptions) {
        return builder(serverJar, dataDir, log, maxHeap, javaOptions).build();
    }

    static ServerProcess.Builder builder(Path serverJar, Path dataDir, Path log, String maxHeap, List<String> javaOptions) {
        ServerProcess.Builder b = serverJar == null ? ServerProcess.currentClasspath() : ServerProcess.jar(serverJar);
        return b.dataDir(dataDir).log(log).maxHeap(maxHeap).javaOptions(javaOptions);
    }

    /** {@code the writer busy 97 % of the load}, or that the server does not tell. */
    private static String writerBusy(Double share) {
        return share == null ? "the server does not time its writer" : String.format("the writer busy %.0f %% of the load", share * 100);
    }

    /** {@code 10 s: 97,318 events/s (seconds 0–10 of the load)}. */
    private static String window(Throughput.Window w) {
        return w == null ? SUSTAINED_WINDOW_SECONDS + " s: none, the load was shorter"
                : String.format("%d s: %,.0f events/s (seconds %d–%d of the load)", w.seconds(), w.eventsPerSecond(), w.start(),
                        w.start() + w.seconds());
    }

    /**
     * Waits until the server's store has no upkeep waiting for ingestion to pause (DuckDB puts its
     * rollup tables in chatbot order then), so that the reads measure the store as it settles, not
     * the upkeep running beside them; prints how long that took.
     */
    static void awaitUpkeep(ServerProcess server, PrintStream out) {
        Duration waited = server.awaitUpkeep(Duration.ofMinutes(5));
        out.printf("Waited %.1f s for the store's upkeep after ingestion%n", waited.toMillis() / 1000.0);
    }

    private EventSender.Result ingest(TrafficLoader loader, TrafficModel model, Latencies ack, Throughput throughput) {
        AtomicLong events = new AtomicLong();
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("Ingesting")
                .setInitialMax(model.conversations())
                .setUnit(" conv.", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setMaxRenderedLength(100)
                .showSpeed()
                .build()) {
            return loader.load(model, options.batchEvents(), options.clients(), new EventSender.Progress() {
                @Override
                public void acknowledged(long conversations, long n) {
                    bar.stepBy(conversations);
                    bar.setExtraMessage(String.format(" | %,d events", events.addAndGet(n)));
                }

                @Override
                public void acknowledged(long conversations, long n, long latencyNanos) {
                    ack.add(latencyNanos);
                    throughput.add(System.nanoTime(), n);
                    acknowledged(conversations, n);
                }
            });
        }
    }

    /** The larger of two resident peaks, either of which may be unknown (null). */
    private static Long larger(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    private void printTable(List<Probe> probes, Map<String, Latencies.Summary> warm, Map<String, Latencies.Summary> computed,
            Map<String, Double> cold, Floor floor,
            EventSender.Result sent, Throughput.Window slowest, Latencies.Summary ack, CpuUse.Result cpu, Double writerBusy, long heapPeak, Long residentPeak, long dataDirBytes, long databaseBytes,
            List<Target> targets) {
        out.println();
        out.printf("Ingestion: %,d events in %.1f s = %,.0f events/s (%d clients, batches of %,d); slowest %s; acknowledgement p50 %.1f ms, p99 %.1f ms%n",
                sent.events(), sent.elapsed().toMillis() / 1000.0, sent.eventsPerSecond(), options.clients(), options.batchEvents(),
                window(slowest), ack.p50(), ack.p99());
        out.printf("CPU during the load: %s; %s%n", cpu.describe(Runtime.getRuntime().availableProcessors()), writerBusy(writerBusy));
        out.printf("Floor: %s over %,d rows: %.2f ms, the lowest of %s (first %.2f ms)%n", floor.query(), floor.rows(), floor.medianMs(),
                floor.rounds(), floor.firstMs());
        out.printf("Load average at the end: %s%n", Results.loadAverage());
        out.println();
        out.printf("%-20s %5s %10s %10s %10s %12s %10s %12s %14s %14s%n", "request", "n", "p50 ms", "p95 ms", "p99 ms", "1st restart",
                "p50/floor", "1st/floor", "computed p95", "computed/floor");
        for (Probe probe : probes) {
            Latencies.Summary s = warm.get(probe.name());
            double c = cold.get(probe.name());
            Latencies.Summary k = computed.get(probe.name());
            out.printf("%-20s %5d %10.1f %10.1f %10.1f %12.1f %9.1fx %11.1fx %14s %14s%n", probe.name(), s.count(), s.p50(), s.p95(), s.p99(), c,
                    s.p50() / floor.medianMs(), c / floor.medianMs(), k == null ? "-" : String.format("%.1f (n %d)", k.p95(), k.count()),
                    String.format("%.1fx", (k == null ? s.p95() : k.p95()) / floor.medianMs()));
        }
        out.println();
        out.printf("Server heap peak: %s; resident peak %s; data directory %s (database %s)%n", Results.bytes(heapPeak),
                Results.bytes(residentPeak), Results.bytes(dataDirBytes), Results.bytes(databaseBytes));
        out.println();
        for (Target t : targets) {
            out.println(t.line());
        }
    }
}
