package io.sextant.cli;

import io.sextant.support.Servers;
import io.sextant.testkit.ServerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the data directory, for real: a small tmpfs is mounted as the data directory of
 * a server process and filled up. While no commit fits, ingestion and the channel PUT answer 507
 * with Retry-After, health is 503 DOWN and reads answer 200; once space is freed the same process
 * ingests again, and every batch answered 200 is stored exactly once, also after a restart.
 *
 * <p>Needs root (to mount); skipped otherwise. Two runs: with the default checkpoint threshold the
 * commit fails writing the WAL; with a tiny one, DuckDB also fails in the checkpoint a commit
 * starts, which invalidates the database instance, and the writer must reopen it in-process.
 */
class DiskFullTest {

    static final String BOT = "bot-disk";
    static final int BATCH = 100; // conversations per batch: 1 start + 2 messages each
    static final String OVERVIEW = "/v1/chatbots/" + BOT + "/statistics/reports/overview?" + Api.query(Map.of(
            "from", "2025-03-01T00:00:00.000Z", "to", "2025-03-01T23:59:59.999Z", "interval", "86400",
            "components", "MESSAGE_COUNT"));

    @TempDir
    Path tmp;

    private int nextBatch;

    @Test
    void aFullDiskFailingTheWalWriteIs507AndIngestionRecoversOnceSpaceIsFreed() throws Exception {
        scenario(Map.of(), 0, false);
    }

    @Test
    void aFullDiskFailingACheckpointIs507AndTheWriterReopensTheDatabase() throws Exception {
        // Checkpoints at every 64 KB of WAL (each batch's commit starts one), and room left for some
        // WAL but no checkpoint: the failure comes in the checkpoint a commit starts (DuckDB then
        // invalidates the instance). The database file grows and shrinks by whole blocks of 256 KB and
        // the WAL is removed after each checkpoint, so the free space before a commit stays equal to the
        // room given back modulo 256 KB: 128 KB more than whole blocks always holds a batch's WAL (about
        // 58 KB) and never a block. With whole blocks alone, a checkpoint could take the last free
        // byte and the next commit fail in its WAL write instead, a path the other test covers.
        scenario(Map.of("SEXTANT_CHECKPOINT_THRESHOLD", "64KB"), (3 << 20) + (128 << 10), true);
    }

    private static ServerProcess start(Path dataDir, Path log, Map<String, String> env) {
        ServerProcess.Builder server = Servers.small(dataDir, log);
        env.forEach(server::env);
        return server.launch();
    }

    private void scenario(Map<String, String> env, long room, boolean reopens) throws Exception {
        Path mnt = mountTmpfs("48m");
        ServerProcess server = null;
        try {
            Path log = tmp.resolve("server.log");
            server = start(mnt, log, env).awaitUp(Duration.ofSeconds(120));
            Api api = new Api(server.baseUrl(), Files.readString(mnt.resolve("admin.key")).strip());
            List<List<Map<String, Object>>> acknowledged = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                send(api, acknowledged);
            }
            assertThat(api.put("/v1/chatbots/" + BOT + "/statistics/channels/web", Map.of("name", "Web", "type", "web"), api.adminKey()).status())
                    .isEqualTo(200);

            Path filler = mnt.resolve("filler");
            fill(filler, room);

            // Batches fit while room is left; the first one that does not is refused as a whole.
            List<List<Map<String, Object>>> refused = new ArrayList<>();
            for (int i = 0; i < 500 && refused.isEmpty(); i++) {
                List<Map<String, Object>> batch = batch();
                Api.Response r = api.ingest(BOT, batch);
                if (r.status() == 200) {
                    acknowledged.add(batch);
                } else {
                    assertDiskFull(r);
                    refused.add(batch);
                }
            }
            assertThat(refused).as("no batch was refused although the disk is full").isNotEmpty();
            for (int i = 0; i < 3; i++) { // not wedged into some other failure: still 507
                List<Map<String, Object>> batch = batch();
                assertDiskFull(api.ingest(BOT, batch));
                refused.add(batch);
            }
            // A PUT is small: it may still fit in the WAL's last page. Each one that fits is kept; the first that does not is refused.
            // The disk is filled again before each one: a failed checkpoint's recovery may give space back (a WAL replayed
            // and removed when the writer reopens the database), and the PUTs after it would fit in that space for a long while.
            List<Path> putFillers = new ArrayList<>();
            String savedName = "Web";
            Api.Response put = null;
            for (int i = 0; i < 100; i++) {
                Path putFiller = mnt.resolve("filler-put-" + i);
                fill(putFiller, 0);
                putFillers.add(putFiller);
                String name = "Web " + i + " " + "x".repeat(190);
                put = api.put("/v1/chatbots/" + BOT + "/statistics/channels/web",
                        Map.of("name", name, "type", "web", "number", "n".repeat(200), "status", "s".repeat(200)), api.adminKey());
                if (put.status() != 200) {
                    break;
                }
                savedName = name;
            }
            assertDiskFull(put);
            fill(mnt.resolve("filler-2"), 0); // what the failures gave back (a WAL truncated again) is full again

            Api.Response health = api.get("/actuator/health", null);
            assertThat(health.status()).as(health.body()).isEqualTo(503);
            assertThat(health.json().path("status").asString()).isIn("DOWN", "OUT_OF_SERVICE");

            // Reads go on, and see exactly the acknowledged batches.
            assertThat(messages(api)).isEqualTo(messagesIn(acknowledged));
            assertThat(api.get("/v1/chatbots/" + BOT + "/statistics/inbox?" + Api.query(Map.of(
                    "from", "2025-03-01T00:00:00.000Z", "to", "2025-03-01T23:59:59.999Z"))).status()).isEqualTo(200);
            Api.Response channels = api.get("/v1/chatbots/" + BOT + "/statistics/channels");
            assertThat(channels.status()).isEqualTo(200);
            assertThat(channels.body()).contains("\"name\":\"" + savedName + "\"");

            Files.delete(filler);
            Files.delete(mnt.resolve("filler-2"));
            for (Path putFiller : putFillers) {
                Files.delete(putFiller);
            }

            // The same process recovers: the refused batches were not stored at all, so all of them is new now.
            for (List<Map<String, Object>> batch : refused) {
                Api.Response r = api.ingest(BOT, batch);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().path("accepted").asInt()).isEqualTo(batch.size());
                acknowledged.add(batch);
            }
            put = api.put("/v1/chatbots/" + BOT + "/statistics/channels/web",
                    Map.of("name", "Web site", "type", "web"), api.adminKey());
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            health = api.get("/actuator/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
            send(api, acknowledged);

            assertStoredOnce(api, acknowledged);
            assertThat(server.output()).doesNotContain("CCSB-");
            if (reopens) { // the path this run is for was taken
                assertThat(server.output()).contains("Opened the database again after: FATAL Error");
            }

            server.close();
            assertThat(server.process().exitValue()).as(server.output()).isIn(0, 143);
            server = start(mnt, tmp.resolve("restarted.log"), env)
                    .awaitUp(Duration.ofSeconds(120));
            api = new Api(server.baseUrl(), api.adminKey());
            assertStoredOnce(api, acknowledged);
            assertThat(api.get("/v1/chatbots/" + BOT + "/statistics/channels").body()).contains("\"name\":\"Web site\"");
        } catch (Throwable t) {
            if (server != null) {
                System.out.println("server log:\n" + server.output());
            }
            throw t;
        } finally {
            if (server != null) {
                server.close();
            }
            unmount(mnt);
        }
    }

    /** Every acknowledged event is counted once, and sending every batch again stores nothing. */
    private static void assertStoredOnce(Api api, List<List<Map<String, Object>>> acknowledged) {
        assertThat(messages(api)).isEqualTo(messagesIn(acknowledged));
        for (List<Map<String, Object>> batch : acknowledged) {
            Api.Response r = api.ingest(BOT, batch);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("accepted").asInt()).as("a batch answered 200 was not stored (wholly)").isZero();
        }
        assertThat(messages(api)).isEqualTo(messagesIn(acknowledged));
    }

    private static void assertDiskFull(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(507);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(r.error()).contains("disk is full").contains("No space left on device").contains("send it again");
    }

    private void send(Api api, List<List<Map<String, Object>>> acknowledged) {
        List<Map<String, Object>> batch = batch();
        Api.Response r = api.ingest(BOT, batch);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt()).isEqualTo(batch.size());
        acknowledged.add(batch);
    }

    private List<Map<String, Object>> batch() {
        int b = nextBatch++;
        List<Map<String, Object>> events = new ArrayList<>();
        for (int c = 0; c < BATCH; c++) {
            String conv = "c" + b + "-" + c;
            String ts = "2025-03-01T%02d:%02d:%02d".formatted(b % 24, c % 60, 0);
            events.add(event(conv + "-s", "conversation.started", ts + ".000Z", conv, Map.of("language", "de")));
            events.add(event(conv + "-m1", "message", ts + ".100Z", conv,
                    Map.of("direction", "user", "text", "hello, this is message one of " + conv)));
            events.add(event(conv + "-m2", "message", ts + ".200Z", conv,
                    Map.of("direction", "bot", "text", "and this is the answer to " + conv + ", a little longer")));
        }
        return events;
    }

    private static Map<String, Object> event(String id, String type, String ts, String conv, Map<String, Object> extra) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("type", type);
        e.put("timestamp", ts);
        e.put("channelId", "web");
        e.put("conversationId", conv);
        e.putAll(extra);
        return e;
    }

    private static long messages(Api api) {
        Api.Response r = api.get(OVERVIEW);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/components/MESSAGE_COUNT/value").asLong();
    }

    private static long messagesIn(List<List<Map<String, Object>>> batches) {
        return batches.stream().flatMap(List::stream).filter(e -> e.get("type").equals("message")).count();
    }

    /** Writes {@code filler} until the file system is full, then gives {@code room} bytes back. */
    private static void fill(Path filler, long room) throws IOException {
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left on device");
        }
        if (room > 0) {
            try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.WRITE)) {
                ch.truncate(Math.max(0, ch.size() - room));
            }
        }
    }

    private Path mountTmpfs(String size) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to mount a small tmpfs as a full disk; running as " + System.getProperty("user.name"));
        Path mnt = Files.createDirectories(tmp.resolve("data"));
        Run r = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mnt.toString());
        Assumptions.assumeTrue(r.status() == 0, "mounting a tmpfs is not permitted here: " + r.output());
        return mnt;
    }

    private static void unmount(Path mnt) throws Exception {
        Run r = run("umount", mnt.toString());
        if (r.status() != 0) {
            run("umount", "-l", mnt.toString());
        }
    }

    record Run(int status, String output) {}

    private static Run run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Run(-1, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "timed out: " + out);
        }
        return new Run(p.exitValue(), out.strip());
    }
}
