package io.sextant.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import io.sextant.support.Exports;
import io.sextant.testkit.ClickHouseCluster;
import io.sextant.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two API nodes (two server processes, data directories of their own) on one ClickHouse cluster
 * and one database: whatever one of them stored, the other answers.
 */
class ClickHouseTwoNodesTest {

    static final String DB = "two_nodes_test";
    static ServerProcess first;
    static ServerProcess second;
    static Api one;
    static Api two;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        first = node(cluster, "one");
        first.start(); // the first start on the empty database mints the admin key; the second finds it
        second = node(cluster, "two");
        second.launch().awaitUp(ServerProcess.START_TIMEOUT);
        one = new Api(first.baseUrl(), first.adminKey());
        two = new Api(second.baseUrl(), first.adminKey());
        assertThat(second.dataDir().resolve("admin.key")).as("the second node minted no key of its own").doesNotExist();
    }

    private static ServerProcess node(ClickHouseCluster cluster, String name) throws Exception {
        ServerProcess.Builder b = ServerProcess.currentClasspath()
                .dataDir(Files.createDirectories(dir.resolve(name)))
                .log(dir.resolve(name + ".log"))
                .maxHeap("384m");
        cluster.envWithDatabase(DB).forEach(b::env);
        return b.build();
    }

    @AfterAll
    static void stop() {
        for (ServerProcess p : new ServerProcess[] {first, second}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static List<Map<String, Object>> conversations(String prefix, int n, String day) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Map.of("id", prefix + i, "type", "conversation.started", "timestamp", day + "T10:00:0" + (i % 10) + ".000Z",
                    "channelId", "web-1", "conversationId", prefix + "c" + i, "language", "de"));
        }
        return out;
    }

    static long conversationCount(Api api, String bot) {
        Api.Response r = api.get("/v1/chatbots/" + bot + "/statistics/reports/overview?from=2025-06-01T00:00:00Z"
                + "&to=2025-06-30T23:59:59.999Z&interval=86400&components=CONVERSATION_COUNT");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("components").get("CONVERSATION_COUNT").get("value").asLong();
    }

    @Test
    void eachNodeAnswersWhatTheOtherIngested() {
        Api.Response a = one.ingest("bot-a", conversations("a", 7, "2025-06-02"));
        assertThat(a.json().get("accepted").asInt()).isEqualTo(7);
        Api.Response b = two.ingest("bot-a", conversations("a", 9, "2025-06-02"));
        assertThat(b.json().get("accepted").asInt()).as("the other node knows the first 7 ids").isEqualTo(2);
        assertThat(b.json().get("duplicates").asInt()).isEqualTo(7);
        assertThat(conversationCount(two, "bot-a")).isEqualTo(9);
        assertThat(conversationCount(one, "bot-a")).isEqualTo(9);
        JsonNode channels = two.get("/v1/chatbots/bot-a/statistics/channels").json().get("channels");
        assertThat(channels).hasSize(1);
        assertThat(one.put("/v1/chatbots/bot-a/statistics/channels/web-1", Map.of("name", "Website", "type", "web"), one.adminKey()).status())
                .isEqualTo(200);
        assertThat(two.get("/v1/chatbots/bot-a/statistics/channels").json().get("channels").get(0).get("type").asString()).isEqualTo("web");
    }

    @Test
    void anExportStartedOnOneNodeIsDownloadedThroughTheOther() {
        one.ingest("bot-x", conversations("x", 5, "2025-06-03"));
        String id = Exports.create(one, "bot-x", Map.of("from", "2025-06-01T00:00:00Z", "to", "2025-06-05T23:59:59.999Z",
                "kind", "conversations"));
        JsonNode done = Exports.await(two, "bot-x", id);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        String link = done.get("downloadUrl").asString().replace(second.baseUrl(), "").replace(first.baseUrl(), "");
        Api.Response viaTwo = two.get(second.baseUrl() + link, null);
        Api.Response viaOne = one.get(first.baseUrl() + link, null);
        assertThat(viaTwo.status()).isEqualTo(200);
        assertThat(viaTwo.body()).isEqualTo(viaOne.body());
        List<List<String>> rows = Exports.parse(viaTwo.body());
        assertThat(rows).hasSize(6); // header + 5 conversations
    }

    @Test
    void aKeyCreatedOnOneNodeWorksOnTheOtherAndRevokedOnOneIsRefusedByTheOther() {
        one.ingest("bot-k", conversations("k", 1, "2025-06-04"));
        Api.Response created = one.postJson("/v1/admin/api-keys",
                Map.of("name", "k", "permissions", List.of("chatbots.statistics.*"), "resources", List.of("chatbots/bot-k")));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("apiKey").asString();
        String keyId = created.json().get("id").asString();
        assertThat(two.get("/v1/chatbots/bot-k/statistics/channels", key).status()).isEqualTo(200);
        assertThat(one.get("/v1/chatbots/bot-k/statistics/channels", key).status()).isEqualTo(200);
        assertThat(two.delete("/v1/admin/api-keys/" + keyId, two.adminKey()).status()).isEqualTo(204);
        assertThat(one.get("/v1/chatbots/bot-k/statistics/channels", key).status()).isEqualTo(401);
        assertThat(two.get("/v1/chatbots/bot-k/statistics/channels", key).status()).isEqualTo(401);
    }
}
