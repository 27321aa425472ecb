package io.sextant.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import io.sextant.support.EventLog;
import io.sextant.support.Exports;
import io.sextant.support.Traffic;
import io.sextant.testkit.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Jobs outlive the process: a real server is killed with SIGKILL while exports are pending or
 * running, and the next process on the same data directory finishes them with the same content
 * as exports made from scratch (of the same segment, for the jobs that have one).
 */
class ExportRestartTest {

    private static final String BOT = "bot-restart";
    private static final long T0 = Instant.parse("2025-02-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path tmp;

    private ServerProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void jobsPendingOrRunningAtAKillRunAfterTheRestart() throws Exception {
        Path dataDir = tmp.resolve("data");
        int port = freePort();
        Api api = start(dataDir, port, "first");
        Traffic.ingest(api, BOT, new Traffic(99, T0, 60, List.of("web-1", "wa-1", "voice-1")).batches(5_000, 5_000), new EventLog());

        List<Map<String, String>> requests = new ArrayList<>();
        List<List<String>> segments = List.of(List.of(), List.of("handover:yes"), List.of("language:de", "intent:refund"),
                List.of(), List.of("handover:no"), List.of("channel:wa-1"));
        for (int i = 0; i < 6; i++) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("from", Instant.ofEpochMilli(T0 + i * 3_600_000L).toString());
            p.put("to", Instant.ofEpochMilli(T0 + 59L * 86_400_000L).toString());
            if (i % 2 == 0) {
                p.put("kind", "conversations");
            } else {
                p.put("timezone", "America/New_York");
            }
            requests.add(p);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ids.add(create(api, requests.get(i), segments.get(i)));
        }
        server.kill(); // SIGKILL: no shutdown hook, no graceful stop

        // What the killed process left behind: some jobs not finished.
        List<String> unfinished = new ArrayList<>();
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("sextant.duckdb"));
                var rs = c.createStatement().executeQuery("SELECT id FROM export_jobs WHERE status IN ('pending', 'running')")) {
            while (rs.next()) {
                unfinished.add(rs.getString(1));
            }
        }
        assertThat(unfinished).as("jobs the kill interrupted (one worker, six jobs queued)").isNotEmpty();

        api = start(dataDir, port, "second");
        for (int i = 0; i < ids.size(); i++) {
            JsonNode resumed = Exports.await(api, BOT, ids.get(i));
            assertThat(resumed.get("status").asString()).as(resumed.toString()).isEqualTo("completed");
            Api.Response file = api.get(resumed.get("downloadUrl").asString(), null);
            assertThat(file.status()).isEqualTo(200);

            JsonNode fresh = Exports.await(api, BOT, create(api, requests.get(i), segments.get(i)));
            String expected = api.get(fresh.get("downloadUrl").asString(), null).body();
            assertThat(file.body()).as("export %s (%s %s) equals a fresh one", ids.get(i), requests.get(i), segments.get(i)).isEqualTo(expected);
            assertThat(Exports.parse(expected).size()).isGreaterThan(1);
        }
        try (Stream<Path> files = Files.list(dataDir.resolve("exports"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    private static String create(Api api, Map<String, String> params, List<String> filters) {
        return filters.isEmpty() ? Exports.create(api, BOT, params) : Exports.create(api, BOT, params, filters);
    }

    private Api start(Path dataDir, int port, String name) {
        server = ServerProcess.currentClasspath().dataDir(dataDir).port(port).log(tmp.resolve(name + ".log")).maxHeap("512m")
                .env("SEXTANT_EXPORT_WORKERS", "1").memoryLimit("1GB").launch();
        try {
            server.awaitUp(Duration.ofMinutes(2));
        } catch (IllegalStateException e) {
            throw new AssertionError("the " + name + " server did not come up", e);
        }
        return new Api("http://localhost:" + port, server.adminKey());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
