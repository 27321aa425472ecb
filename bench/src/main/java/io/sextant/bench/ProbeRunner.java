package io.sextant.bench;

import java.time.Duration;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a {@link Probe} against the service and returns how long it took, end to end; and a series
 * of them, warm or computed, the way the benchmark and the fleet run time every kind of request.
 */
final class ProbeRunner {

    /**
     * Requests of a series sent untimed before its timed ones, warm and computed alike: at least
     * {@value #UNTIMED}, and more until {@link #WARM_UP} has passed, but at most {@value #MAX_UNTIMED}.
     * The first requests of a kind pay once for what a running service has paid before a
     * dashboard's next request: the JIT compiling the path, the first preparation of the statement
     * on its pooled connection. The first request after a restart measures those costs on its own.
     * Three were too few on two cores: the computed series' first 10 to 30 requests still ran
     * beside C2 compiling the kind's path and were its slowest (docs/benchmark.md, 2026-12-07
     * 23:30 UTC).
     */
    static final int UNTIMED = 3;
    /** How long a series is warmed before its timed requests, once {@value #UNTIMED} were sent: the benchmark's {@code --warm-up} default. */
    static final Duration WARM_UP = Duration.ofSeconds(2);
    /**
     * The most untimed requests of a series: a computed series' untimed windows end that many ms
     * before its timed ones begin, and should stay as near the data's end as they are.
     */
    static final int MAX_UNTIMED = 200;
    /** Timed requests of a series that a time box never cuts. */
    static final int MIN_TIMED = 5;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final long EXPORT_TIMEOUT_NANOS = 10L * 60 * 1_000_000_000L;

    private final Http http;
    /** How long each series is warmed up ({@link #WARM_UP} unless given). */
    private final Duration warmUp;

    /** Checks the options of every series, {@code --requests} and {@code --warm-up}, as the benchmark and the fleet run take them. */
    static void checkSeries(int requests, Duration warmUp) {
        if (requests < 1) {
            throw new IllegalArgumentException("--requests must be 1 or more, not " + requests);
        }
        if (warmUp == null || warmUp.isNegative()) {
            throw new IllegalArgumentException("--warm-up must be 0 or more seconds, not " + warmUp);
        }
    }

    ProbeRunner(Http http) {
        this(http, WARM_UP);
    }

    ProbeRunner(Http http, Duration warmUp) {
        this.http = http;
        this.warmUp = warmUp;
    }

    /**
     * Warm: untimed requests of {@code probe} ({@link #UNTIMED}), then {@code requests} timed ones, one
     * at a time; fewer when {@code timeBox} (null: none) has passed since the first timed one, but at
     * least {@value #MIN_TIMED}. A report's answers after the first come from the server's cache.
     */
    Latencies warm(Probe probe, int requests, Duration timeBox) {
        return series(i -> probe, i -> probe, requests, timeBox, warmUp);
    }

    /**
     * Computed: the same series over windows whose {@code to} is 1, 2, 3 … ms earlier (see
     * {@link Probe#computed}), each a question the server has not answered, so none comes from its
     * cache; the untimed requests before them ask windows {@code requests} + 1, + 2 … ms shorter.
     */
    Latencies computed(Probe probe, int requests, Duration timeBox) {
        return series(i -> probe.computed(requests + 1 + i), i -> probe.computed(i + 1), requests, timeBox, warmUp);
    }

    /**
     * Sends {@code untimed(0)}, {@code untimed(1)} … untimed for {@code warmUp} ({@link #UNTIMED}),
     * then times {@code timed(0)}, {@code timed(1)} …; the latencies say how many were untimed.
     */
    Latencies series(IntFunction<Probe> untimed, IntFunction<Probe> timed, int requests, Duration timeBox, Duration warmUp) {
        long warmEnd = System.nanoTime() + warmUp.toNanos();
        int sent = 0;
        while (sent < UNTIMED || (sent < MAX_UNTIMED && System.nanoTime() < warmEnd)) {
            run(untimed.apply(sent++));
        }
        Latencies l = new Latencies(sent);
        long boxEnd = timeBox == null ? Long.MAX_VALUE : System.nanoTime() + timeBox.toNanos();
        for (int i = 0; i < requests && (i < MIN_TIMED || System.nanoTime() < boxEnd); i++) {
            l.add(run(timed.apply(i)));
        }
        return l;
    }

    /** The nanoseconds from sending the request to having the whole answer (for an export: the downloaded file). */
    long run(Probe probe) {
        long began = System.nanoTime();
        if (!probe.export()) {
            Http.Response r = http.get(probe.path());
            long took = System.nanoTime() - began;
            expect(probe, r, 200);
            return took;
        }
        Http.Response created = http.post(probe.path(), new byte[0]);
        expect(probe, created, 202);
        String id = JSON.readTree(created.body()).path("exportId").asString();
        String statusPath = probe.path().substring(0, probe.path().indexOf('?')) + "/" + id;
        while (true) {
            Http.Response r = http.get(statusPath);
            expect(probe, r, 200);
            JsonNode status = JSON.readTree(r.body());
            switch (status.path("status").asString()) {
                case "completed" -> {
                    http.download(status.path("downloadUrl").asString());
                    return System.nanoTime() - began;
                }
                case "pending", "running" -> {
                    if (System.nanoTime() - began > EXPORT_TIMEOUT_NANOS) {
                        throw new IllegalStateException("export " + id + " did not complete within 10 minutes");
                    }
                    Http.pause(5);
                }
                default -> throw new IllegalStateException("export " + id + " ended " + status);
            }
        }
    }

    private static void expect(Probe probe, Http.Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException(probe.name() + " answered " + r.status() + " instead of " + status + ": "
                    + (r.body().length() > 500 ? r.body().substring(0, 500) + "…" : r.body()));
        }
    }
}
