package io.sextant.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.store.duckdb.LocalExportFiles;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.Exports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Export jobs from the outside: statuses, links, expiry, cleanup, and every refusal. */
class ExportLifecycleTest extends ApiTest {

    private static final String BOT = "bot-life";
    private static final String DAY = "from=2025-06-01T00:00:00Z&to=2025-06-01T23:59:59.999Z";

    @Autowired
    ExportService service;

    @BeforeEach
    void someEvents() {
        var ev = Map.of("id", "m1", "type", "message", "timestamp", "2025-06-01T12:00:00.000Z",
                "channelId", "web-1", "conversationId", "c1", "direction", "user", "text", "hello");
        var started = Map.of("id", "s1", "type", "conversation.started", "timestamp", "2025-06-01T11:59:00.000Z",
                "channelId", "web-1", "conversationId", "=1+1");
        assertThat(api.ingest(BOT, List.of(ev, started)).status()).isEqualTo(200);
        assertThat(api.ingest("bot-other", List.of(ev)).status()).isEqualTo(200);
    }

    @Test
    void completedExportDownloadsWithoutKeyUntilItExpiresThenCleanupDeletesIt() throws Exception {
        Instant t0 = clock.instant();
        Api.Response created = api.post("/v1/chatbots/" + BOT + "/statistics/export?" + DAY, null, "", api.adminKey());
        assertThat(created.status()).isEqualTo(202);
        String id = created.json().get("exportId").asString();
        assertThat(created.json().get("status").asString()).isEqualTo("pending");
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(api.base() + "/v1/chatbots/" + BOT + "/statistics/export/" + id);

        JsonNode done = Exports.await(api, BOT, id);
        assertThat(api.get(location).json()).isEqualTo(done);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(Instant.parse(done.get("createdAt").asString())).isEqualTo(t0.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        Instant expiresAt = Instant.parse(done.get("expiresAt").asString());
        assertThat(Duration.between(Instant.parse(done.get("completedAt").asString()), expiresAt)).isEqualTo(Duration.ofHours(24));
        assertThat(done.has("error")).isFalse();
        String url = done.get("downloadUrl").asString();
        assertThat(url).startsWith(api.base() + "/v1/exports/" + id + "/download?expires=" + expiresAt.toEpochMilli() + "&signature=");

        Api.Response file = api.get(url, null);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("text/csv;charset=utf-8");
        assertThat(file.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"sextant-bot-life-daily-2025-06-01-2025-06-01.csv\"");
        List<List<String>> rows = Exports.parse(file.body());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).subList(0, 7)).containsExactly("2025-06-01T00:00:00.000Z", "2025-06-01T23:59:59.999Z",
                "web-1", "web-1", "unknown", "1", "1");
        assertThat(file.body()).contains("\r\n");

        // Tampered links: 403 with a JSON error, no key needed to learn that.
        Api.Response badSig = api.get(url.substring(0, url.length() - 2) + "AA", null);
        assertThat(badSig.status()).isEqualTo(403);
        assertThat(badSig.error()).contains("signature");
        Api.Response longer = api.get(url.replace("expires=" + expiresAt.toEpochMilli(), "expires=" + (expiresAt.toEpochMilli() + 86_400_000L)), null);
        assertThat(longer.status()).isEqualTo(403);
        Api.Response otherId = api.get(url.replace(id, "00000000-0000-0000-0000-000000000000"), null);
        assertThat(otherId.status()).isEqualTo(403);
        assertThat(api.get("/v1/exports/" + id + "/download", null).status()).isEqualTo(403);

        // Still valid at expiresAt itself, expired one millisecond later.
        clock.set(expiresAt);
        assertThat(api.get(url, null).status()).isEqualTo(200);
        clock.set(expiresAt.plusMillis(1));
        Api.Response expired = api.get(url, null);
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.error()).contains("expired");
        JsonNode afterExpiry = api.get(location).json();
        assertThat(afterExpiry.get("status").asString()).isEqualTo("expired");
        assertThat(afterExpiry.has("downloadUrl")).isFalse();

        Path csv = props.dataDir().resolve("exports").resolve(id + ".csv");
        assertThat(csv).exists();
        assertThat(service.cleanupExpired()).isGreaterThanOrEqualTo(1);
        assertThat(csv).doesNotExist();
        assertThat(api.get(location).json().get("status").asString()).isEqualTo("expired");
        assertThat(api.get(url, null).status()).isEqualTo(403);
    }

    @Test
    void theOpenApiDocumentShowsTheDownloadWithoutKey() {
        JsonNode paths = api.get("/v3/api-docs", null).json().get("paths");
        assertThat(paths.get("/v1/exports/{exportId}/download").get("get").get("security")).isEmpty();
        assertThat(paths.has("/v1/chatbots/{chatbotId}/statistics/export/{exportId}")).isTrue();
        assertThat(paths.get("/v1/chatbots/{chatbotId}/statistics/inbox").get("get").has("security")).isFalse();
    }

    @Test
    void theLinkSecretIsOwnerOnly() throws Exception {
        Path secret = props.dataDir().resolve(LocalExportFiles.SECRET_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
    }

    @Test
    void textCellsThatLookLikeFormulasAreDefused() {
        String id = Exports.create(api, BOT, Map.of("from", "2025-06-01T00:00:00Z", "to", "2025-06-01T23:59:59.999Z", "kind", "conversations"));
        JsonNode done = Exports.await(api, BOT, id);
        List<List<String>> rows = Exports.parse(api.get(done.get("downloadUrl").asString(), null).body());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(0)).isEqualTo("'=1+1");
        assertThat(rows.get(1).subList(1, 6)).containsExactly("web-1", "unknown", "2025-06-01T11:59:00.000Z", "", "0");
    }

    @Test
    void unknownChatbotOrExportIs404() {
        String id = Exports.create(api, BOT, Map.of("from", "2025-06-01T00:00:00Z", "to", "2025-06-01T23:59:59.999Z"));
        assertThat(api.get("/v1/chatbots/bot-other/statistics/export/" + id).status()).isEqualTo(404);
        assertThat(api.get("/v1/chatbots/" + BOT + "/statistics/export/no-such-export").status()).isEqualTo(404);
        assertThat(api.get("/v1/chatbots/nobody/statistics/export/" + id).status()).isEqualTo(404);
        Api.Response post = api.post("/v1/chatbots/nobody/statistics/export?" + DAY, null, "", api.adminKey());
        assertThat(post.status()).isEqualTo(404);
        assertThat(post.error()).contains("nobody");
    }

    @Test
    void badParametersAre400NamingThem() {
        assertThat(post("from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z&kind=weekly")).contains("kind 'weekly'");
        assertThat(post("from=2025-06-01T00:00:00Z")).contains("'to'");
        assertThat(post("from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z")).contains("before from");
        assertThat(post("from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z&timezone=Moon/Base")).contains("timezone 'Moon/Base'");
        // 366 daily buckets are allowed, 367 are not.
        assertThat(api.post("/v1/chatbots/" + BOT + "/statistics/export?from=2024-01-01T00:00:00Z&to=2024-12-31T23:59:59.999Z",
                null, "", api.adminKey()).status()).isEqualTo(202);
        assertThat(post("from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z")).contains("at most 366");
        assertThat(post("from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&kind=conversations")).contains("at most 366");
    }

    @Test
    void keysNeedTheExportPermission() {
        String getter = api.createKey("getter", List.of("chatbots.statistics.get"), List.of("*"));
        assertThat(api.post("/v1/chatbots/" + BOT + "/statistics/export?" + DAY, null, "", getter).status()).isEqualTo(403);
        assertThat(api.post("/v1/chatbots/nobody/statistics/export?" + DAY, null, "", getter).status()).isEqualTo(403);
        assertThat(api.post("/v1/chatbots/" + BOT + "/statistics/export?" + DAY, null, "", null).status()).isEqualTo(401);
        String exporter = api.createKey("exporter", List.of("chatbots.statistics.export"), List.of("chatbots/" + BOT));
        Api.Response ok = api.post("/v1/chatbots/" + BOT + "/statistics/export?" + DAY, null, "", exporter);
        assertThat(ok.status()).isEqualTo(202);
        String id = ok.json().get("exportId").asString();
        assertThat(api.get("/v1/chatbots/" + BOT + "/statistics/export/" + id, exporter).status()).isEqualTo(200);
        assertThat(api.get("/v1/chatbots/" + BOT + "/statistics/export/" + id, getter).status()).isEqualTo(403);
    }

    private String post(String query) {
        Api.Response r = api.post("/v1/chatbots/" + BOT + "/statistics/export?" + query, null, "", api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        return r.error();
    }
}
