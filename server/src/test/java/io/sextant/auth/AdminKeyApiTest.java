package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The admin API for keys and the key model (SPEC §7). */
class AdminKeyApiTest extends ApiTest {

    static final String KEYS = "/v1/admin/api-keys";
    static final String BOT = "keys-bot";

    @BeforeEach
    void chatbotExists() {
        clock.set(Instant.parse("2025-02-03T04:05:06Z"));
        var ev = Map.of("id", "e1", "type", "interaction", "timestamp", "2025-02-03T04:00:00Z", "channelId", "web", "conversationId", "c");
        assertThat(api.ingest(BOT, List.of(ev)).status()).isEqualTo(200);
    }

    /** The server (and its clock) is shared with other test classes: give the real time back. */
    @AfterEach
    void realClock() {
        clock.set(Instant.now());
    }

    private static Map<String, Object> keyBody(Object name, Object permissions, Object resources) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("permissions", permissions);
        m.put("resources", resources);
        return m;
    }

    private String channels(String bot) {
        return "/v1/chatbots/" + bot + "/statistics/channels";
    }

    @Test
    void createAnswersTheKeyOnceAndListShowsNoSecret() {
        var r = api.postJson(KEYS, keyBody("reporting", List.of(Grants.GET, Grants.GET, Grants.EXPORT), List.of(Grants.chatbot(BOT))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode k = r.json();
        assertThat(k.propertyNames()).containsExactly("id", "apiKey", "name", "permissions", "resources", "createdAt");
        assertThat(k.get("id").asString()).matches("[0-9a-f-]{36}");
        String secret = k.get("apiKey").asString();
        assertThat(secret).startsWith("CCSB-");
        assertThat(Base64.getUrlDecoder().decode(secret.substring(5))).hasSizeGreaterThanOrEqualTo(16); // at least 128 random bits
        assertThat(k.get("name").asString()).isEqualTo("reporting");
        assertThat(k.get("permissions").toString()).isEqualTo("[\"chatbots.statistics.get\",\"chatbots.statistics.export\"]");
        assertThat(k.get("resources").toString()).isEqualTo("[\"chatbots/keys-bot\"]");
        assertThat(k.get("createdAt").asString()).isEqualTo("2025-02-03T04:05:06.000Z");

        // another key is another secret
        String other = api.createKey("other", List.of(Grants.GET), List.of("*"));
        assertThat(other).isNotEqualTo(secret);

        assertThat(api.get(channels(BOT), secret).status()).isEqualTo(200);

        var list = api.get(KEYS);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).doesNotContain(other).doesNotContain("\"apiKey\"").doesNotContain("hash");
        JsonNode listed = list.json().get("apiKeys").valueStream()
                .filter(n -> n.get("id").asString().equals(k.get("id").asString())).findFirst().orElseThrow();
        assertThat(listed.propertyNames()).containsExactly("id", "name", "permissions", "resources", "createdAt");
        assertThat(listed.get("createdAt").asString()).isEqualTo("2025-02-03T04:05:06.000Z");
        // the bootstrap admin key is listed too
        assertThat(list.json().get("apiKeys").valueStream().map(n -> n.get("name").asString())).contains("admin");
    }

    @Test
    void deleteRevokesAtOnce() {
        var created = api.postJson(KEYS, keyBody("short-lived", List.of(Grants.GET), List.of("*"))).json();
        String id = created.get("id").asString();
        String secret = created.get("apiKey").asString();
        assertThat(api.get(channels(BOT), secret).status()).isEqualTo(200);

        var del = api.delete(KEYS + "/" + id, api.adminKey());
        assertThat(del.status()).isEqualTo(204);
        assertThat(del.body()).isEmpty();

        var rejected = api.get(channels(BOT), secret);
        assertThat(rejected.status()).isEqualTo(401);
        assertThat(rejected.error()).isEqualTo("unknown or revoked API key");
        assertThat(api.get(KEYS).body()).doesNotContain(id);

        var again = api.delete(KEYS + "/" + id, api.adminKey());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.error()).isEqualTo("no active API key with id '" + id + "'");
        assertThat(api.delete(KEYS + "/no-such-key", api.adminKey()).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chatbots.statistics.gett", "chatbots.statistics", "CHATBOTS.statistics.get", "chatbots.statistics.get*",
            "chatbots.*.get", "other.*", "", " ", "chatbots.statistics.get chatbots.statistics.export"})
    void anInvalidPermissionIs400(String permission) {
        var r = api.postJson(KEYS, keyBody("k", List.of(Grants.GET, permission), List.of("*")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith("permissions: '" + permission + "' is not a permission");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bots/x", "chatbots/", "chatbots/a b", "chatbots/a*", "chatbots/a/b", "chatbots", "**", ""})
    void anInvalidResourceIs400(String resource) {
        var r = api.postJson(KEYS, keyBody("k", List.of(Grants.GET), List.of(resource)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith("resources: '" + resource + "' is not a resource");
    }

    @Test
    void missingOrInvalidFieldsAre400() {
        assertThat(api.postJson(KEYS, keyBody(null, List.of(Grants.GET), List.of("*"))).error()).isEqualTo("name must be 1 to 200 characters");
        assertThat(api.postJson(KEYS, keyBody("  ", List.of(Grants.GET), List.of("*"))).error()).isEqualTo("name must be 1 to 200 characters");
        assertThat(api.postJson(KEYS, keyBody("n".repeat(201), List.of(Grants.GET), List.of("*"))).error()).isEqualTo("name must be 1 to 200 characters");
        assertThat(api.postJson(KEYS, keyBody("k", List.of(), List.of("*"))).error()).isEqualTo("permissions must be a non-empty list");
        assertThat(api.postJson(KEYS, keyBody("k", null, List.of("*"))).error()).isEqualTo("permissions must be a non-empty list");
        assertThat(api.postJson(KEYS, keyBody("k", List.of(Grants.GET), List.of())).error()).isEqualTo("resources must be a non-empty list");
        assertThat(api.postJson(KEYS, keyBody("k", List.of(Grants.GET), null)).error()).isEqualTo("resources must be a non-empty list");
        for (String body : List.of("", "{", "[]", "{\"name\": \"k\", \"permissions\": \"chatbots.statistics.get\", \"resources\": [\"*\"]}")) {
            var r = api.postJson(KEYS, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.error()).as(body).isNotBlank();
        }
    }

    @Test
    void wildcardPermissionsAndResourcesGrantWhatTheyCover() {
        String statsStar = api.createKey("stats-star", List.of("chatbots.statistics.*"), List.of(Grants.chatbot(BOT)));
        String chatbotsStar = api.createKey("chatbots-star", List.of("chatbots.*"), List.of("chatbots/*"));
        String everything = api.createKey("everything-on-chatbots", List.of("*"), List.of("chatbots/*"));
        String getEverywhere = api.createKey("get-everywhere", List.of(Grants.GET), List.of("*"));
        String admin2 = api.createKey("second-admin", List.of("*"), List.of("*"));
        String adminOnly = api.createKey("admin-only", List.of(Grants.ADMIN), List.of("*"));

        String ingestPath = "/v1/chatbots/" + BOT + "/statistics/events";
        for (String key : List.of(statsStar, chatbotsStar, everything)) {
            assertThat(api.get(channels(BOT), key).status()).isEqualTo(200);
            assertThat(api.postJson(ingestPath, List.of(), key).status()).isEqualTo(200);
        }
        // a resource wildcard covers every chatbot; a single chatbot only itself
        assertThat(api.get(channels("another-bot"), chatbotsStar).status()).isEqualTo(404);
        assertThat(api.get(channels("another-bot"), statsStar).status()).isEqualTo(403);
        assertThat(api.get(channels(BOT), getEverywhere).status()).isEqualTo(200);
        assertThat(api.postJson(ingestPath, List.of(), getEverywhere).status()).isEqualTo(403);

        // chatbots/* is not *: no admin API, even with the permission *
        for (String key : List.of(statsStar, chatbotsStar, everything, getEverywhere)) {
            var r = api.get(KEYS, key);
            assertThat(r.status()).isEqualTo(403);
        }
        assertThat(api.get(KEYS, everything).error()).isEqualTo("API key lacks permission admin.apikeys on *");
        assertThat(api.get(KEYS, admin2).status()).isEqualTo(200);
        assertThat(api.get(KEYS, adminOnly).status()).isEqualTo(200);
        // the admin permission alone reads no statistics
        assertThat(api.get(channels(BOT), adminOnly).status()).isEqualTo(403);
    }

    @Test
    void theBootstrapKeyFileIsOwnerOnly() throws Exception {
        Path file = props.dataDir().resolve("admin.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).isEqualTo(api.adminKey()).startsWith("CCSB-");
        assertThat(Files.exists(props.dataDir().resolve("admin.key.tmp"))).isFalse();
    }

    @Test
    void keyHeaderIsTrimmedAndOtherHeadersDoNotCount() {
        assertThat(api.get(channels(BOT), "  " + api.adminKey() + " ").status()).isEqualTo(200);
        assertThat(api.get(channels(BOT), api.adminKey().toLowerCase()).status()).isEqualTo(401);
        assertThat(api.get(channels(BOT), "Bearer " + api.adminKey()).status()).isEqualTo(401);
        assertThat(api.get(channels(BOT), null).error()).isEqualTo("missing API key: send it in the x-chatcaptain-key header");
    }
}
