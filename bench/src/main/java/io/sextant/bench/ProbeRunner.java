package io.sextant.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Runs one {@link Probe} against the service and returns how long it took, end to end. */
final class ProbeRunner {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final long EXPORT_TIMEOUT_NANOS = 10L * 60 * 1_000_000_000L;

    private final Http http;

    ProbeRunner(Http http) {
        this.http = http;
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
