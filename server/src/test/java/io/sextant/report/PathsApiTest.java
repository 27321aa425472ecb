package io.sextant.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.auth.Grants;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The paths report over HTTP: a hand-computed answer, every bad parameter, unknown chatbots and channels, and access. */
class PathsApiTest extends ApiTest {

    private static final String BOT = "bot-paths-api";
    private static final String PATHS = "/v1/chatbots/" + BOT + "/statistics/reports/paths";
    /** The servers (by port) the events were sent to: a subclass runs on a server of its own. */
    private static final java.util.Set<Integer> LOADED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeEach
    void load() {
        if (LOADED.contains(port)) {
            return;
        }
        List<Map<String, Object>> events = new ArrayList<>();
        // c1: welcome → menu → menu → order (the two menus in one millisecond: ingestion order decides)
        events.add(step("a1", "2025-01-10T08:00:00.000Z", "web-1", "c1", "welcome", "Welcome"));
        events.add(step("a2", "2025-01-10T08:00:01.000Z", "web-1", "c1", "menu", null));
        events.add(step("a3", "2025-01-10T08:00:01.000Z", "web-1", "c1", "menu", "Main menu"));
        events.add(step("a4", "2025-01-10T08:00:02.000Z", "web-1", "c1", "order", null));
        // c2: welcome → menu → faq, sent out of order
        events.add(step("b3", "2025-01-10T09:00:02.000Z", "web-1", "c2", "faq", "FAQ"));
        events.add(step("b1", "2025-01-10T09:00:00.000Z", "web-1", "c2", "welcome", null));
        events.add(step("b2", "2025-01-10T09:00:01.000Z", "web-1", "c2", "menu", null));
        // c3 on voice-1: menu → order; its first step is a millisecond before the window
        events.add(step("d0", "2025-01-09T23:59:59.999Z", "voice-1", "c3", "welcome", null));
        events.add(step("d1", "2025-01-10T10:00:00.000Z", "voice-1", "c3", "menu", null));
        events.add(step("d2", "2025-01-10T10:00:01.000Z", "voice-1", "c3", "order", "Order status"));
        // c5: welcome → order; neither c1 nor c5 reaches a goal
        events.add(step("e1", "2025-01-10T12:00:00.000Z", "web-1", "c5", "welcome", null));
        events.add(step("e2", "2025-01-10T12:00:05.000Z", "web-1", "c5", "order", null));
        // goals reached by c2 (after the window, on another channel) and c3 (before it): they count whenever sent
        events.add(Map.of("id", "g1", "type", "goal", "timestamp", "2025-01-11T08:00:00.000Z", "channelId", "voice-1",
                "conversationId", "c2", "goalId", "faq-read"));
        events.add(Map.of("id", "g2", "type", "goal", "timestamp", "2025-01-05T00:00:00.000Z", "channelId", "web-1",
                "conversationId", "c3", "goalId", "order", "value", 19.9));
        // c4: a message, no steps: no path
        events.add(Map.of("id", "m1", "type", "message", "timestamp", "2025-01-10T11:00:00.000Z", "channelId", "web-1",
                "conversationId", "c4", "direction", "user", "length", 5));
        assertThat(api.ingest(BOT, events).status()).isEqualTo(200);
        LOADED.add(port);
    }

    private static Map<String, Object> step(String id, String ts, String channel, String conversation, String stepId, String name) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("id", id, "type", "step", "timestamp", ts, "channelId", channel,
                "conversationId", conversation, "stepId", stepId));
        if (name != null) {
            m.put("stepName", name);
        }
        return m;
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", "2025-01-10T00:00:00.000Z");
        m.put("to", "2025-01-10T23:59:59.999Z");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove((String) kv[i]);
            } else {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private Api.Response paths(Object... kv) {
        return api.get(PATHS + "?" + Api.query(params(kv)));
    }

    @Test
    void aHandComputedAnswer() {
        Api.Response r = paths();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(Api.JSON.readTree("""
                {"chatbotId":"bot-paths-api","from":"2025-01-10T00:00:00.000Z","to":"2025-01-10T23:59:59.999Z","fromStep":null,
                 "conversations":4,
                 "steps":[
                  {"stepId":"menu","label":"Main menu","visits":4,"conversations":3,"endings":0,"dropOffs":0,"dropOffShare":0.0},
                  {"stepId":"order","label":"Order status","visits":3,"conversations":3,"endings":3,"dropOffs":2,"dropOffShare":0.6667},
                  {"stepId":"welcome","label":"Welcome","visits":3,"conversations":3,"endings":0,"dropOffs":0,"dropOffShare":0.0},
                  {"stepId":"faq","label":"FAQ","visits":1,"conversations":1,"endings":1,"dropOffs":0,"dropOffShare":0.0}],
                 "edges":[
                  {"from":"menu","to":"order","count":2,"conversations":2},
                  {"from":"welcome","to":"menu","count":2,"conversations":2},
                  {"from":"menu","to":"faq","count":1,"conversations":1},
                  {"from":"menu","to":"menu","count":1,"conversations":1},
                  {"from":"welcome","to":"order","count":1,"conversations":1}],
                 "totalEdges":5}"""));
    }

    @Test
    void fromAStepChannelAndLimit() {
        JsonNode fromMenu = paths("fromStep", "menu", "limit", "1").json();
        assertThat(fromMenu.get("fromStep").asString()).isEqualTo("menu");
        assertThat(fromMenu.get("conversations").asLong()).isEqualTo(3);
        assertThat(fromMenu.get("steps").valueStream().map(s -> s.get("stepId").asString()).toList()).containsExactly("menu", "order", "faq");
        assertThat(fromMenu.get("edges").toString()).isEqualTo("[{\"from\":\"menu\",\"to\":\"order\",\"count\":2,\"conversations\":2}]");
        assertThat(fromMenu.get("totalEdges").asLong()).isEqualTo(3);

        JsonNode voice = paths("channelId", "voice-1").json();
        assertThat(voice.get("conversations").asLong()).isEqualTo(1);
        assertThat(voice.get("edges").toString()).isEqualTo("[{\"from\":\"menu\",\"to\":\"order\",\"count\":1,\"conversations\":1}]");
        // the label is the chatbot's, whichever channel named the step
        assertThat(voice.get("steps").get(0).get("label").asString()).isEqualTo("Main menu");

        JsonNode none = paths("fromStep", "nowhere").json();
        assertThat(none.get("conversations").asLong()).isZero();
        assertThat(none.get("steps")).isEmpty();
        assertThat(none.get("edges")).isEmpty();
        assertThat(none.get("totalEdges").asLong()).isZero();

        // the window's first millisecond takes c3's welcome in; one millisecond later it is out again
        assertThat(paths("from", "2025-01-09T23:59:59.999Z").json().get("steps").get(1).toString())
                .isEqualTo("{\"stepId\":\"welcome\",\"label\":\"Welcome\",\"visits\":4,\"conversations\":4,\"endings\":0,"
                        + "\"dropOffs\":0,\"dropOffShare\":0.0}");
        assertThat(paths("from", "2025-01-10T01:00:00+01:00", "to", "2025-01-10T10:00:00.000Z").json().get("conversations").asLong())
                .as("offsets are instants; c3's menu at exactly to is in").isEqualTo(3);
        assertThat(paths("limit", "500").json().get("edges")).hasSize(5);
    }

    @Test
    void everyBadParameterIs400NamingIt() {
        expect400(paths("from", null), "missing required parameter 'from'");
        expect400(paths("to", null), "missing required parameter 'to'");
        expect400(paths("from", "yesterday"), "from 'yesterday' is not an ISO-8601 instant with offset");
        expect400(paths("to", "2025-01-10T23:59:59"), "to '2025-01-10T23:59:59' is not an ISO-8601 instant with offset");
        expect400(paths("from", "2025-01-11T00:00:00Z"), "to (2025-01-10T23:59:59.999Z) is before from (2025-01-11T00:00:00Z)");
        for (String bad : List.of("0", "501", "-1", "ten", "1.5", "")) {
            expect400(paths("limit", bad), "limit '" + bad + "' is invalid; expected a whole number from 1 to 500");
        }
        expect400(paths("fromStep", ""), "fromStep must be a step id of 1 to 200 characters");
        expect400(paths("fromStep", "x".repeat(201)), "fromStep must be a step id of 1 to 200 characters");
        expect400(paths("timezone", "Europe/Berlin"), "timezone is not a parameter of the paths report");
        assertThat(paths("limit", " 7 ").status()).isEqualTo(200);
        assertThat(paths("fromStep", "x".repeat(200)).status()).isEqualTo(200);
    }

    @Test
    void unknownChatbotsAndChannelsAre404() {
        Api.Response bot = api.get("/v1/chatbots/no-such-bot/statistics/reports/paths?" + Api.query(params()));
        assertThat(bot.status()).isEqualTo(404);
        assertThat(bot.error()).isEqualTo("unknown chatbot 'no-such-bot'");
        Api.Response channel = paths("channelId", "nope-1");
        assertThat(channel.status()).isEqualTo(404);
        assertThat(channel.error()).isEqualTo("unknown channel 'nope-1' of chatbot 'bot-paths-api'");
        assertThat(paths("channelId", "nope-1", "from", "bad").status()).as("the channel is checked first").isEqualTo(404);
    }

    @Test
    void accessNeedsTheGetPermissionOnTheChatbot() {
        String path = PATHS + "?" + Api.query(params());
        assertThat(api.get(path, null).status()).isEqualTo(401);
        assertThat(api.get(path, "CCSB-" + "A".repeat(43)).status()).isEqualTo(401);
        String ingestOnly = api.createKey("paths ingest only", List.of(Grants.INGEST), List.of(Grants.chatbot(BOT)));
        Api.Response forbidden = api.get(path, ingestOnly);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.error()).isEqualTo("API key lacks permission chatbots.statistics.get on chatbots/bot-paths-api");
        String otherBot = api.createKey("paths other bot", List.of(Grants.GET), List.of(Grants.chatbot("bot-elsewhere")));
        assertThat(api.get(path, otherBot).status()).isEqualTo(403);
        String reader = api.createKey("paths reader", List.of(Grants.GET), List.of(Grants.chatbot(BOT)));
        assertThat(api.get(path, reader).status()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesBothOperationsForGeneratedClients() {
        JsonNode doc = api.get("/v3/api-docs", null).json();
        JsonNode paths = doc.get("paths").get("/v1/chatbots/{chatbotId}/statistics/reports/paths").get("get");
        assertThat(paths.get("operationId").asString()).isEqualTo("getPathsReport");
        assertThat(paths.get("parameters").valueStream().map(p -> p.get("name").asString()).toList())
                .containsExactly("chatbotId", "from", "to", "channelId", "fromStep", "limit", "filter");
        JsonNode limit = paths.get("parameters").valueStream().filter(p -> p.get("name").asString().equals("limit")).findFirst().orElseThrow();
        assertThat(limit.get("schema").toString()).contains("\"type\":\"integer\"").contains("\"minimum\":1").contains("\"maximum\":500")
                .contains("\"default\":50");
        assertThat(paths.get("responses").propertyNames()).contains("200", "400", "401", "403", "404", "503");
        assertThat(paths.at("/responses/200/content/application~1json/schema/$ref").asString()).isEqualTo("#/components/schemas/PathsReport");
        assertThat(paths.at("/responses/200/content/application~1json/example/steps")).isNotEmpty();

        JsonNode live = doc.get("paths").get("/v1/chatbots/{chatbotId}/statistics/live").get("get");
        assertThat(live.get("operationId").asString()).isEqualTo("getLiveView");
        assertThat(live.get("parameters").valueStream().map(p -> p.get("name").asString()).toList()).containsExactly("chatbotId", "channelId");
        assertThat(live.get("responses").propertyNames()).contains("200", "401", "403", "404", "503");
        assertThat(live.at("/responses/200/content/application~1json/schema/$ref").asString()).isEqualTo("#/components/schemas/LiveView");
        assertThat(live.at("/responses/200/content/application~1json/example/eventsPerMinute")).hasSize(60);

        JsonNode schemas = doc.get("components").get("schemas");
        assertThat(schemas.at("/PathsStep/properties/label/nullable").asBoolean()).isTrue();
        assertThat(schemas.at("/PathsReport/properties/fromStep/nullable").asBoolean()).isTrue();
        assertThat(schemas.at("/LiveView/properties/eventsPerMinute/minItems").asInt()).isEqualTo(60);
        assertThat(schemas.at("/LiveMinute/required").valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrder("start", "count");
    }

    private static void expect400(Api.Response r, String errorStart) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).startsWith(errorStart);
    }
}
