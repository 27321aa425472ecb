package io.sextant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.store.duckdb.Database;
import io.sextant.support.Api;
import io.sextant.support.Servers;
import io.sextant.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The real service as separate processes: acknowledged events survive a kill -9 under load, a
 * second process on the same data directory is refused, and the admin key is created once,
 * owner-only, and never logged (SPEC §2 durability, §7, §8).
 */
class ServerProcessTest {

    static final Duration START_DEADLINE = Duration.ofSeconds(120);
    static final String BOT = "crash-bot";
    static final int CLIENTS = 6;
    static final int BATCH = 40;

    @TempDir
    Path tmp;

    private final List<ServerProcess> servers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        for (ServerProcess s : servers) {
            s.kill();
        }
    }

    private ServerProcess start(Path dataDir, String logName) throws Exception {
        ServerProcess s = Servers.small(dataDir, tmp.resolve(logName)).launch();
        servers.add(s);
        return s;
    }

    record Batch(List<Map<String, Object>> events) {}

    private static Batch batch(int client, int n) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", "c" + client + "-b" + n + "-e" + i);
            e.put("type", i % 2 == 0 ? "message" : "step");
            e.put("timestamp", "2025-01-01T00:00:00.000Z");
            e.put("channelId", "ch-" + client);
            e.put("conversationId", "conv-" + client + "-" + n);
            if (i % 2 == 0) {
                e.put("direction", "user");
                e.put("text", "hello");
            } else {
                e.put("stepId", "s" + i);
            }
            events.add(e);
        }
        return new Batch(events);
    }

    @Test
    void acknowledgedEventsSurviveKillMinus9AndASecondProcessIsRefused() throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess first = start(data, "first.log").awaitUp(START_DEADLINE);

        Path keyFile = data.resolve("admin.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String adminKey = Files.readString(keyFile).strip();
        assertThat(adminKey).startsWith("CCSB-");
        FileTime keyWritten = Files.getLastModifiedTime(keyFile);
        assertThat(first.output()).contains("Created an admin API key; it is in " + keyFile.toAbsolutePath()).doesNotContain(adminKey);

        // several clients send batches; the server is killed while they do
        Api api = new Api(first.baseUrl(), adminKey);
        ConcurrentLinkedQueue<Batch> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int n = 0; ; n++) {
                        Batch b = batch(client, n);
                        Api.Response r;
                        try {
                            r = api.ingest(BOT, b.events());
                        } catch (IllegalStateException connectionLost) {
                            assertThat(killed).as("the connection failed before the kill").isTrue();
                            return null;
                        }
                        assertThat(r.status()).as(r.body()).isEqualTo(200);
                        assertThat(r.json().get("accepted").asInt()).isEqualTo(BATCH);
                        acknowledged.add(b);
                    }
                }));
            }
            while (acknowledged.size() < 60 && clients.stream().noneMatch(Future::isDone)) {
                Thread.sleep(10);
            }
            for (Future<?> f : clients) {
                if (f.isDone()) {
                    f.get(); // a client that stopped before the kill failed: show why
                }
            }
            killed.set(true);
            first.kill();
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(first.process().exitValue()).isEqualTo(137); // 128 + SIGKILL
        List<Batch> acked = List.copyOf(acknowledged);

        // restart on the same data directory: every acknowledged event is there
        ServerProcess second = start(data, "second.log").awaitUp(START_DEADLINE);
        assertThat(Files.readString(keyFile).strip()).isEqualTo(adminKey);
        assertThat(Files.getLastModifiedTime(keyFile)).isEqualTo(keyWritten);
        assertThat(second.output()).doesNotContain(adminKey).doesNotContain("Created an admin API key");

        // a second process on the same data directory fails at once, naming the reason
        ServerProcess intruder = start(data, "intruder.log");
        assertThat(intruder.process().waitFor(90, TimeUnit.SECONDS)).as("the second process exits by itself").isTrue();
        assertThat(intruder.process().exitValue()).isNotZero();
        assertThat(intruder.output()).contains("data directory " + data.toAbsolutePath() + " is in use by another Sextant process")
                .doesNotContain("\tat ");
        assertThat(api(second, adminKey).get("/actuator/health", null).status()).isEqualTo(200);

        Api again = api(second, adminKey);
        for (Batch b : acked) {
            var r = again.ingest(BOT, b.events());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("accepted").asInt()).as("an acknowledged batch was lost").isZero();
            assertThat(r.json().get("duplicates").asInt()).isEqualTo(BATCH);
        }

        // a graceful stop, then the rows themselves
        second.close();
        try (Database db = Database.open(data, "256MB")) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            long ids = jdbc.sql("SELECT count(*) FROM event_ids WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)").param("b", BOT).query(Long.class).single();
            long rows = jdbc.sql("SELECT (SELECT count(*) FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)) + (SELECT count(*) FROM steps WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b))")
                    .param("b", BOT).query(Long.class).single();
            assertThat(ids).isGreaterThanOrEqualTo((long) acked.size() * BATCH).isEqualTo(rows);
            assertThat(ids % BATCH).as("batches are all-or-nothing").isZero();
        }
    }

    private static Api api(ServerProcess s, String key) {
        return new Api(s.baseUrl(), key);
    }
}
