package io.sextant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import io.sextant.support.Servers;
import io.sextant.testkit.ServerProcess;
import io.sextant.support.Servers;
import io.sextant.testkit.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real service as a process: nobody can revoke the last key of the admin API (409), the offline
 * {@code admin-key} command mints a new one (and refuses while the service runs), and the data
 * directory and the files Sextant writes in it are its owner's alone.
 */
class AdminRecoveryAndPermissionsTest {

    static final Duration START_DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private ServerProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private Api start(Path data, String log) throws Exception {
        server = Servers.small(data, tmp.resolve(log)).launch().awaitUp(START_DEADLINE);
        return new Api(server.baseUrl(), Files.readString(data.resolve("admin.key")).strip());
    }

    record Cli(int exit, String out, String err) {}

    private static Cli cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = SextantCli.run(args);
            return new Cli(exit, o.toString(StandardCharsets.UTF_8).strip(), e.toString(StandardCharsets.UTF_8).strip());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String adminKeyId(Api api, String name) {
        for (JsonNode k : api.get("/v1/admin/api-keys").json().get("apiKeys")) {
            if (k.get("name").asString().equals(name)) {
                return k.get("id").asString();
            }
        }
        throw new AssertionError("no key named " + name);
    }

    @Test
    void theLastAdminKeyCannotBeRevokedAndAnOfflineCommandMintsANewOne() throws Exception {
        Path data = tmp.resolve("data");
        Api api = start(data, "first.log");
        String bootstrap = adminKeyId(api, "admin");

        // a second key of the admin API can go; then the last one cannot
        String second = api.createKey("second admin", List.of("admin.*"), List.of("*"));
        Api secondApi = new Api(server.baseUrl(), second);
        String secondId = adminKeyId(api, "second admin");
        Api.Response revokedBootstrap = secondApi.delete("/v1/admin/api-keys/" + bootstrap, second);
        assertThat(revokedBootstrap.status()).isEqualTo(204);
        Api.Response last = secondApi.delete("/v1/admin/api-keys/" + secondId, second);
        assertThat(last.status()).as(last.body()).isEqualTo(409);
        assertThat(last.error()).startsWith("refusing to revoke the last API key that can use the admin API (admin.apikeys on *)")
                .contains("bin/sextant admin-key");
        assertThat(secondApi.get("/v1/admin/api-keys", second).status()).isEqualTo(200); // still works
        // a key that cannot use the admin API is no obstacle to revoking others, and can be revoked itself
        String reader = secondApi.createKey("reader", List.of("chatbots.statistics.get"), List.of("chatbots/*"));
        assertThat(reader).startsWith("CCSB-");
        assertThat(secondApi.delete("/v1/admin/api-keys/" + adminKeyId(secondApi, "reader"), second).status()).isEqualTo(204);

        // while the service runs, the data directory is in use
        Cli busy = cli("admin-key", "--data-dir", data.toString());
        assertThat(busy.exit()).isEqualTo(1);
        assertThat(busy.err()).startsWith("sextant: data directory " + data).contains("is in use by another Sextant process");

        server.close();
        Files.delete(data.resolve("admin.key")); // lost
        Cli minted = cli("admin-key", "--data-dir", data.toString());
        assertThat(minted.exit()).as(minted.err()).isZero();
        assertThat(minted.out()).isEqualTo("sextant: a new admin API key is in " + data.resolve("admin.key").toAbsolutePath()
                + "; start the service again to use it");
        assertThat(mode(data.resolve("admin.key"))).isEqualTo("rw-------");

        Api recovered = start(data, "second.log");
        assertThat(recovered.adminKey()).isNotEqualTo(second).startsWith("CCSB-");
        Api.Response keys = recovered.get("/v1/admin/api-keys");
        assertThat(keys.status()).as(keys.body()).isEqualTo(200);
        assertThat(keys.body()).contains("\"name\":\"second admin\"").contains("\"name\":\"admin (recovered ");
        assertThat(recovered.get("/v1/admin/api-keys", second).status()).isEqualTo(200); // nothing else changed
    }

    @Test
    void theAdminKeyCommandNeedsADatabase() {
        Cli none = cli("admin-key", "--data-dir", tmp.resolve("empty").toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("sextant admin-key: there is no Sextant database in " + tmp.resolve("empty").toAbsolutePath()
                + "; start the service there once (it creates the first admin key itself)");
    }

    @Test
    void theDataDirectoryAndItsFilesAreTheOwnersAlone() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x")); // as a umask of 022 leaves it
        Api api = start(data, "server.log");
        String bot = "perm-bot";
        assertThat(api.ingest(bot, List.of(Map.of("id", "e1", "type", "conversation.started", "timestamp", "2025-01-01T10:00:00Z",
                "channelId", "web", "conversationId", "c1"))).status()).isEqualTo(200);
        Api.Response export = api.post("/v1/chatbots/" + bot + "/statistics/export?from=2025-01-01T00:00:00Z&to=2025-01-01T23:59:59.999Z",
                "application/json", "", api.adminKey());
        assertThat(export.status()).as(export.body()).isEqualTo(202);
        String status = "/v1/chatbots/" + bot + "/statistics/export/" + export.json().get("exportId").asString();
        Supplier<String> state = () -> api.get(status).json().get("status").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!state.get().equals("completed") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(state.get()).isEqualTo("completed");

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("sextant.duckdb"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("admin.key"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("exports"))).isEqualTo("rwx------");
        List<Path> csv;
        try (var files = Files.list(data.resolve("exports"))) {
            csv = files.filter(p -> p.toString().endsWith(".csv")).toList();
        }
        assertThat(csv).hasSize(1);
        assertThat(mode(csv.get(0))).isEqualTo("rw-------");
        try (var files = Files.list(data.resolve("exports"))) {
            for (Path p : files.toList()) {
                assertThat(mode(p)).as(p.toString()).isIn("rw-------", "rwx------");
            }
        }
    }
}
