package io.sextant.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The report endpoints over HTTP: access, every bad parameter, and hand-computed answers. */
class ReportApiTest extends ApiTest {

    private static final String BOT = "bot-api";
    private static final String OVERVIEW = "/v1/chatbots/" + BOT + "/statistics/reports/overview";
    private static final String CHANNEL = "/v1/chatbots/" + BOT + "/statistics/reports/channel";
    private static boolean loaded;

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        List<Map<String, Object>> events = new ArrayList<>();
        // 32 intents on 2025-01-10: 1 × "rare", 31 × "common" → shares 1/32 = 0.03125 and 31/32 = 0.96875
        for (int i = 0; i < 32; i++) {
            events.add(event("i" + i, "intent", "2025-01-10T12:00:00.000Z", "web-1", "c1",
                    Map.of("intent", i == 0 ? "rare" : "common", "score", i == 0 ? 0.5 : 0.75)));
        }
        events.add(event("s1", "conversation.started", "2025-01-10T08:00:00.000Z", "web-1", "c1", Map.of("language", "de-AT")));
        events.add(event("m1", "message", "2025-01-10T08:00:01.000Z", "web-1", "c1", Map.of("direction", "user", "text", "Grüß Gott")));
        events.add(event("m2", "message", "2025-01-10T08:00:02.000Z", "web-1", "c1", Map.of("direction", "bot", "length", 30)));
        events.add(event("m3", "message", "2025-01-10T08:00:03.000Z", "web-1", "c1", Map.of("direction", "user", "length", 4)));
        events.add(event("s2", "conversation.started", "2025-01-10T09:00:00.000Z", "voice-1", "c2", Map.of()));
        events.add(event("k1", "call.ended", "2025-01-10T09:05:00.000Z", "voice-1", "c2",
                Map.of("durationSeconds", 300.5, "endReason", "hangup")));
        assertThat(api.ingest(BOT, events).status()).isEqualTo(200);
        assertThat(api.put("/v1/chatbots/" + BOT + "/statistics/channels/voice-1", Map.of("name", "Hotline", "type", "voice"),
                api.adminKey()).status()).isEqualTo(200);
        loaded = true;
    }

    private static Map<String, Object> event(String id, String type, String ts, String channel, String conversation, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("id", id, "type", type, "timestamp", ts, "channelId", channel, "conversationId", conversation));
        m.putAll(extra);
        return m;
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", "2025-01-10T00:00:00.000Z");
        m.put("to", "2025-01-10T23:59:59.999Z");
        m.put("interval", "86400");
        m.put("components", "1");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove((String) kv[i]);
            } else {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private Api.Response overview(Object... kv) {
        return api.get(OVERVIEW + "?" + Api.query(params(kv)));
    }

    private Api.Response channel(Object... kv) {
        Object[] withChannel = new Object[kv.length + 2];
        withChannel[0] = "channelId";
        withChannel[1] = "web-1"; // the default; kv may override or remove it
        System.arraycopy(kv, 0, withChannel, 2, kv.length);
        return api.get(CHANNEL + "?" + Api.query(params(withChannel)));
    }

    private static void assertError(Api.Response r, int status, String... mentions) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().size()).as(r.body()).isEqualTo(1);
        assertThat(r.error()).as(r.body()).contains(mentions);
    }

    @Test
    void keyIsCheckedBeforeAnythingElse() {
        assertError(api.get(OVERVIEW + "?" + Api.query(params()), null), 401, "API key");
        assertError(api.get("/v1/chatbots/nobody/statistics/reports/overview?interval=7", "CCSB-wrong"), 401, "API key");
        String ingestOnly = api.createKey("ingest", List.of("chatbots.statistics.ingest"), List.of("*"));
        assertError(api.get(OVERVIEW + "?" + Api.query(params()), ingestOnly), 403, "chatbots.statistics.get");
        String otherBot = api.createKey("other", List.of("chatbots.statistics.get"), List.of("chatbots/other"));
        // unknown chatbot and bad parameters: still 403, so the caller learns nothing
        assertError(api.get("/v1/chatbots/nobody/statistics/reports/channel?interval=7", otherBot), 403, "chatbots/nobody");
        String reader = api.createKey("reader", List.of("chatbots.statistics.get"), List.of("chatbots/" + BOT));
        assertThat(api.get(OVERVIEW + "?" + Api.query(params()), reader).status()).isEqualTo(200);
    }

    @Test
    void unknownChatbotOrChannelIs404BeforeAnyParameterIsChecked() {
        assertError(api.get("/v1/chatbots/nobody/statistics/reports/overview?interval=7"), 404, "'nobody'");
        assertError(api.get("/v1/chatbots/nobody/statistics/reports/channel?channelId=web-1"), 404, "'nobody'");
        assertError(channel("channelId", "nope", "interval", "7"), 404, "'nope'");
    }

    @Test
    void channelIdIsRequired() {
        assertError(channel("channelId", null), 400, "'channelId'");
        assertError(channel("channelId", ""), 400, "'channelId'");
    }

    @Test
    void fromAndToMustBeInstantsInOrder() {
        assertError(overview("from", null), 400, "'from'");
        assertError(overview("to", null), 400, "'to'");
        assertError(overview("from", "yesterday"), 400, "from", "'yesterday'");
        assertError(overview("from", "2025-01-10T00:00:00"), 400, "from", "'2025-01-10T00:00:00'");
        assertError(channel("to", "2025-13-01T00:00:00Z"), 400, "to", "'2025-13-01T00:00:00Z'");
        assertError(overview("to", "2025-01-09T23:59:59.999Z"), 400, "to", "from", "2025-01-09T23:59:59.999Z");
    }

    @Test
    void intervalMustBe3600Or86400() {
        assertError(overview("interval", null), 400, "'interval'");
        for (String bad : List.of("60", "abc", "86400.0", "")) {
            assertError(overview("interval", bad), 400, "interval", "'" + bad + "'");
        }
        assertError(channel("interval", "7200"), 400, "interval", "'7200'");
    }

    @Test
    void timezoneMustBeAnIanaZone() {
        assertError(overview("timezone", "Mars/Olympus_Mons"), 400, "timezone", "'Mars/Olympus_Mons'");
        assertError(channel("timezone", "CEST"), 400, "timezone", "'CEST'");
    }

    @Test
    void bucketLimits() {
        // 744 hourly buckets are fine, 745 are not; 1,098 daily buckets are fine, 1,099 are not
        assertThat(overview("from", "2025-01-01T00:00:00Z", "to", "2025-01-31T23:59:59.999Z", "interval", "3600").status()).isEqualTo(200);
        assertError(overview("from", "2025-01-01T00:00:00Z", "to", "2025-02-01T00:00:00.000Z", "interval", "3600"), 400, "from/to", "744");
        assertThat(overview("from", "2025-01-01T00:00:00Z", "to", "2028-01-03T23:59:59.999Z", "interval", "86400").status()).isEqualTo(200);
        assertError(overview("from", "2025-01-01T00:00:00Z", "to", "2028-01-04T00:00:00Z", "interval", "86400"), 400, "from/to", "1098");
        assertError(overview("from", "2025-01-01T00:00:00Z", "to", "2025-02-01T00:00:00Z", "interval", "3600", "timezone", "Europe/Berlin"),
                400, "744");
    }

    @Test
    void componentsMustBeKnownToTheRequestedReport() {
        assertError(overview("components", null), 400, "'components'");
        assertError(overview("components", ""), 400, "components", "empty item");
        assertError(overview("components", "1,,2"), 400, "components", "empty item", "'1,,2'");
        assertError(overview("components", "1, "), 400, "components", "empty item");
        assertError(overview("components", "23"), 400, "components", "'23'");
        assertError(overview("components", "1,abc"), 400, "components", "'abc'");
        assertError(overview("components", "-1"), 400, "components", "'-1'");
        assertError(overview("components", "CALL_DURATION_TOTAL"), 400, "components", "'CALL_DURATION_TOTAL'");
        assertError(channel("components", "29"), 400, "components", "'29'");
        assertError(channel("components", "CONVERSATION_BY_CHANNEL_TYPE"), 400, "components", "'CONVERSATION_BY_CHANNEL_TYPE'");
        assertError(channel("components", "CONVERSATION_COUNT"), 400, "components", "'CONVERSATION_COUNT'");
    }

    @Test
    void answersExactlyTheRequestedComponentsByName() {
        JsonNode r = overview("components", " 1 ,CONVERSATION_COUNT, 13").json();
        assertThat(r.get("chatbotId").asString()).isEqualTo(BOT);
        assertThat(r.has("channelId")).isFalse();
        assertThat(r.has("timezone")).isFalse();
        assertThat(r.get("from").asString()).isEqualTo("2025-01-10T00:00:00.000Z");
        assertThat(r.get("to").asString()).isEqualTo("2025-01-10T23:59:59.999Z");
        assertThat(r.get("interval").isIntegralNumber()).isTrue();
        assertThat(r.get("interval").asInt()).isEqualTo(86400);
        assertThat(r.get("components").propertyNames()).containsExactly("CONVERSATION_COUNT", "INTENT_COUNT");
        assertThat(r.get("components").get("CONVERSATION_COUNT").toString()).isEqualTo("{\"id\":1,\"value\":2}");
        assertThat(r.get("components").get("INTENT_COUNT").toString()).isEqualTo("{\"id\":13,\"value\":32,\"distinct\":2}");

        JsonNode c = channel("channelId", "voice-1", "components", "16,1", "timezone", "Europe/Berlin",
                "from", "2025-01-09T23:00:00+00:00", "to", "2025-01-10T22:59:59.999Z").json();
        assertThat(c.get("channelId").asString()).isEqualTo("voice-1");
        assertThat(c.get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(c.get("from").asString()).isEqualTo("2025-01-09T23:00:00.000Z");
        assertThat(c.get("components").get("CONVERSATION_COUNT_FOR_CHANNEL_ID").toString()).isEqualTo("{\"id\":1,\"value\":1}");
        assertThat(c.get("components").get("CALL_DURATION_TOTAL").toString()).isEqualTo("{\"id\":16,\"value\":300.5,\"calls\":1}");
    }

    @Test
    void sharesAreRoundedHalfUpToFourDecimals() {
        JsonNode hits = overview("components", "INTENT_HITS").json().get("components").get("INTENT_HITS");
        assertThat(hits.toString()).isEqualTo("{\"id\":11,\"total\":32,\"items\":["
                + "{\"key\":\"common\",\"count\":31,\"share\":0.9688},{\"key\":\"rare\",\"count\":1,\"share\":0.0313}]}");
    }

    @Test
    void shapesOfMediansTrendsAndDistributions() {
        // web-1 was never registered: its type is "unknown"; equal counts are ordered by key
        JsonNode comps = overview("components", "3,4,5,6,7,10,12").json().get("components");
        assertThat(comps.get("CONVERSATION_LANGUAGES").toString()).isEqualTo("{\"id\":3,\"total\":2,\"items\":["
                + "{\"key\":\"de\",\"count\":1,\"share\":0.5},{\"key\":\"unknown\",\"count\":1,\"share\":0.5}]}");
        assertThat(comps.get("CONVERSATION_BY_CHANNEL_TYPE").toString()).isEqualTo("{\"id\":4,\"total\":2,\"items\":["
                + "{\"key\":\"unknown\",\"count\":1,\"share\":0.5},{\"key\":\"voice\",\"count\":1,\"share\":0.5}]}");
        assertThat(comps.get("CONVERSATION_COUNT_PERIODIC_TREND").toString()).isEqualTo("{\"id\":5,\"current\":2,\"previous\":0,"
                + "\"change\":null,\"previousFrom\":\"2025-01-09T00:00:00.000Z\",\"previousTo\":\"2025-01-09T23:59:59.999Z\"}");
        // c1 has 3 messages, c2 none: median of [0, 3] = 1.5
        assertThat(comps.get("CONVERSATION_MESSAGE_COUNT_MEDIAN").toString()).isEqualTo("{\"id\":6,\"value\":1.5,\"samples\":2}");
        assertThat(comps.get("MESSAGE_COUNT").toString()).isEqualTo("{\"id\":7,\"value\":3,\"byDirection\":{\"user\":2,\"bot\":1,\"agent\":0}}");
        // user messages of 9 ("Grüß Gott") and 4 code points
        assertThat(comps.get("MESSAGE_LENGTH_MEDIAN").toString()).isEqualTo("{\"id\":10,\"value\":6.5,\"samples\":2}");
        assertThat(comps.get("INTENT_SCORE_MEDIAN").toString()).isEqualTo("{\"id\":12,\"value\":0.75,\"samples\":32}");

        JsonNode empty = overview("from", "2024-01-10T00:00:00Z", "to", "2024-01-10T01:59:59.999Z", "interval", "3600",
                "components", "2,6,0").json().get("components");
        assertThat(empty.get("CONVERSATION_MESSAGE_COUNT_MEDIAN").toString()).isEqualTo("{\"id\":6,\"value\":null,\"samples\":0}");
        assertThat(empty.get("STEP_EXEC_COUNT").toString()).isEqualTo("{\"id\":0,\"total\":0,\"items\":[]}");
        assertThat(empty.get("CONVERSATION_COUNT_INTERVAL").toString()).isEqualTo("{\"id\":2,\"buckets\":["
                + "{\"start\":\"2024-01-10T00:00:00.000Z\",\"end\":\"2024-01-10T00:59:59.999Z\",\"value\":0},"
                + "{\"start\":\"2024-01-10T01:00:00.000Z\",\"end\":\"2024-01-10T01:59:59.999Z\",\"value\":0}]}");
    }

    @Test
    void openApiDocumentsBothReports() {
        JsonNode doc = api.get("/v3/api-docs").json();
        for (String path : List.of("overview", "channel")) {
            JsonNode op = doc.get("paths").get("/v1/chatbots/{chatbotId}/statistics/reports/" + path).get("get");
            List<String> names = new ArrayList<>();
            op.get("parameters").forEach(p -> names.add(p.get("name").asString()));
            assertThat(names).contains("chatbotId", "from", "to", "interval", "components", "timezone");
            assertThat(names.contains("channelId")).isEqualTo(path.equals("channel"));
            assertThat(op.get("responses").propertyNames()).contains("200", "400", "401", "403", "404");
            String components = "";
            for (JsonNode p : op.get("parameters")) {
                if (p.get("name").asString().equals("components")) {
                    components = p.get("description").asString();
                }
                if (p.get("name").asString().equals("interval")) {
                    assertThat(p.get("schema").get("type").asString()).isEqualTo("number");
                    assertThat(p.get("schema").get("enum").toString()).isEqualTo("[3600,86400]");
                }
            }
            assertThat(components).contains(path.equals("channel") ? "22: CALL_TRANSFER_TARGET" : "16: INTERACTION_COUNT_PERIODIC_TREND");
            assertThat(components).contains(path.equals("channel") ? "0: STEP_EXEC_COUNT_FOR_CHANNEL_ID" : "4: CONVERSATION_BY_CHANNEL_TYPE");
            assertThat(components).contains(path.equals("channel") ? "27: GOAL_COMPLETION_RATE_FOR_CHANNEL_ID (goal rates)"
                    : "17: CONTAINMENT_RATE (rate)", path.equals("channel") ? "28: RATING_FOR_CHANNEL_ID (rating)" : "22: RATING (rating)");
        }
        // every component refers to its shape's schema, so a generated client gets typed fields
        JsonNode schemas = doc.get("components").get("schemas");
        JsonNode overview = schemas.get("OverviewComponents").get("properties");
        JsonNode channel = schemas.get("ChannelComponents").get("properties");
        for (var e : Map.of("CONTAINMENT_RATE", "ReportRate", "UNDERSTOOD_RATE", "ReportRate", "GOAL_COMPLETION_RATE", "ReportGoalRates",
                "RATING", "ReportRating").entrySet()) {
            assertThat(overview.get(e.getKey()).get("$ref").asString()).isEqualTo("#/components/schemas/" + e.getValue());
            assertThat(channel.get(e.getKey() + "_FOR_CHANNEL_ID").get("$ref").asString()).isEqualTo("#/components/schemas/" + e.getValue());
        }
        assertThat(schemas.get("ReportRate").get("required").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("id", "value", "count", "total", "previous", "change", "previousFrom", "previousTo");
        assertThat(schemas.get("ReportRate").get("properties").get("value").get("nullable").asBoolean()).isTrue();
        assertThat(schemas.get("ReportRatingScores").get("required").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        for (String derived : List.of("Rate", "GoalRates", "Rating", "RatePeriod", "GoalRate", "RatingPeriod")) {
            assertThat(schemas.has(derived)).as(derived).isFalse();
        }
    }

    /**
     * The quality KPIs by hand, with settings of the chatbot's own: 3 conversations started in W, 1 in
     * P, facts sent after W that count for W, a goal sent twice, scores and thumbs, and a channel
     * without P (nulls).
     */
    @Test
    void qualityKpisAnswerTheirShapes() {
        String bot = "bot-api-kpi";
        assertThat(api.ingest(bot, List.of(
                event("p1", "conversation.started", "2025-01-09T10:00:00.000Z", "web-1", "p1", Map.of()),
                event("p2", "goal", "2025-01-09T10:05:00.000Z", "web-1", "p1", Map.of("goalId", "newsletter")),
                event("p3", "rating", "2025-01-09T10:06:00.000Z", "web-1", "p1", Map.of("score", 2)),
                event("p4", "intent", "2025-01-09T10:01:00.000Z", "web-1", "p1", Map.of("intent", "order", "score", 0.8)),
                event("a1", "conversation.started", "2025-01-10T08:00:00.000Z", "web-1", "c1", Map.of()),
                event("a2", "message", "2025-01-10T08:00:01.000Z", "web-1", "c1", Map.of("direction", "user", "length", 4)),
                event("a3", "message", "2025-01-10T08:00:02.000Z", "web-1", "c1", Map.of("direction", "user", "length", 4)),
                event("a4", "inbox.opened", "2025-01-11T00:00:00.000Z", "web-1", "c1", Map.of()),
                event("a5", "goal", "2025-01-12T00:00:00.000Z", "web-1", "c1", Map.of("goalId", "order", "value", 12.5)),
                event("a6", "rating", "2025-01-10T08:10:00.000Z", "web-1", "c1", Map.of("score", 4)),
                event("a7", "rating", "2025-01-10T08:11:00.000Z", "web-1", "c1", Map.of("score", 5, "comment", "gut")),
                event("a8", "rating", "2025-01-10T08:12:00.000Z", "web-1", "c1", Map.of("thumbs", "up")),
                event("a9", "intent", "2025-01-10T08:00:01.000Z", "web-1", "c1", Map.of("intent", "fallback", "score", 0.9)),
                event("a10", "intent", "2025-01-10T08:00:02.000Z", "web-1", "c1", Map.of("intent", "order", "score", 0.5)),
                event("a11", "intent", "2025-01-10T08:00:03.000Z", "web-1", "c1", Map.of("intent", "order", "score", 0.49)),
                event("b1", "conversation.started", "2025-01-10T09:00:00.000Z", "web-1", "c2", Map.of()),
                event("b2", "message", "2025-01-10T09:00:01.000Z", "web-1", "c2", Map.of("direction", "user", "length", 4)),
                event("b3", "goal", "2025-01-10T09:01:00.000Z", "web-1", "c2", Map.of("goalId", "order")),
                event("b4", "goal", "2025-01-10T09:02:00.000Z", "web-1", "c2", Map.of("goalId", "order")),
                event("c1", "conversation.started", "2025-01-10T10:00:00.000Z", "voice-1", "c3", Map.of()),
                event("c2", "rating", "2025-01-10T10:05:00.000Z", "voice-1", "c3", Map.of("score", 4)),
                event("c3", "rating", "2025-01-10T10:06:00.000Z", "voice-1", "c3", Map.of("thumbs", "down")))).status()).isEqualTo(200);
        assertThat(api.put("/v1/chatbots/" + bot + "/statistics/settings", Map.of("fallbackIntents", List.of("fallback"),
                "understoodThreshold", 0.5), api.adminKey()).status()).isEqualTo(200);

        Map<String, Object> q = params("components", "17,18,19,20,21,22");
        JsonNode c = api.get("/v1/chatbots/" + bot + "/statistics/reports/overview?" + Api.query(q)).json().get("components");
        String p = ",\"previousFrom\":\"2025-01-09T00:00:00.000Z\",\"previousTo\":\"2025-01-09T23:59:59.999Z\"}";
        assertThat(c.get("CONTAINMENT_RATE").toString()).isEqualTo("{\"id\":17,\"value\":0.6667,\"count\":2,\"total\":3,"
                + "\"previous\":{\"value\":1.0,\"count\":1,\"total\":1},\"change\":-0.3333" + p);
        assertThat(c.get("HANDOVER_RATE").toString()).isEqualTo("{\"id\":18,\"value\":0.3333,\"count\":1,\"total\":3,"
                + "\"previous\":{\"value\":0.0,\"count\":0,\"total\":1},\"change\":0.3333" + p);
        // fallback (0.9) is a fallback intent, 0.49 is below the threshold, 0.5 meets it
        assertThat(c.get("UNDERSTOOD_RATE").toString()).isEqualTo("{\"id\":19,\"value\":0.3333,\"count\":1,\"total\":3,"
                + "\"previous\":{\"value\":1.0,\"count\":1,\"total\":1},\"change\":-0.6667" + p);
        // c2 wrote once, c3 never, p1 never
        assertThat(c.get("ABANDONMENT_RATE").toString()).isEqualTo("{\"id\":20,\"value\":0.6667,\"count\":2,\"total\":3,"
                + "\"previous\":{\"value\":1.0,\"count\":1,\"total\":1},\"change\":-0.3333" + p);
        assertThat(c.get("GOAL_COMPLETION_RATE").toString()).isEqualTo("{\"id\":21,\"total\":3,\"previousTotal\":1,\"items\":["
                + "{\"key\":\"order\",\"count\":2,\"value\":0.6667,\"previousCount\":0,\"previousValue\":0.0,\"change\":0.6667},"
                + "{\"key\":\"newsletter\",\"count\":0,\"value\":0.0,\"previousCount\":1,\"previousValue\":1.0,\"change\":-1.0}]" + p);
        assertThat(c.get("RATING").toString()).isEqualTo("{\"id\":22,\"average\":4.3333,\"count\":3,"
                + "\"scores\":{\"1\":0,\"2\":0,\"3\":0,\"4\":2,\"5\":1},\"thumbs\":{\"up\":1,\"down\":1},"
                + "\"previous\":{\"average\":2.0,\"count\":1},\"change\":2.3333" + p);

        Map<String, Object> voice = params("channelId", "voice-1", "components", "CONTAINMENT_RATE_FOR_CHANNEL_ID,27,28");
        c = api.get("/v1/chatbots/" + bot + "/statistics/reports/channel?" + Api.query(voice)).json().get("components");
        assertThat(c.get("CONTAINMENT_RATE_FOR_CHANNEL_ID").toString()).isEqualTo("{\"id\":23,\"value\":1.0,\"count\":1,\"total\":1,"
                + "\"previous\":{\"value\":null,\"count\":0,\"total\":0},\"change\":null" + p);
        assertThat(c.get("GOAL_COMPLETION_RATE_FOR_CHANNEL_ID").toString())
                .isEqualTo("{\"id\":27,\"total\":1,\"previousTotal\":0,\"items\":[]" + p);
        assertThat(c.get("RATING_FOR_CHANNEL_ID").toString()).isEqualTo("{\"id\":28,\"average\":4.0,\"count\":1,"
                + "\"scores\":{\"1\":0,\"2\":0,\"3\":0,\"4\":1,\"5\":0},\"thumbs\":{\"up\":0,\"down\":1},"
                + "\"previous\":{\"average\":null,\"count\":0},\"change\":null" + p);
    }

    @Test
    void aStepLabelIsTheChatbotsLatestNameEvenWhenAnotherChannelGaveIt() {
        String bot = "bot-step-labels";
        // the voice flow's steps carry no names; the web channel names the same step ids, the later name wins
        assertThat(api.ingest(bot, List.of(
                event("v1", "step", "2025-01-10T10:00:00.000Z", "voice-1", "c1", Map.of("stepId", "greet")),
                event("v2", "step", "2025-01-10T10:00:01.000Z", "voice-1", "c1", Map.of("stepId", "ask")),
                event("w1", "step", "2025-01-09T10:00:00.000Z", "web-1", "c2", Map.of("stepId", "greet", "stepName", "Hello (old)")),
                event("w2", "step", "2025-01-11T10:00:00.000Z", "web-1", "c3", Map.of("stepId", "greet", "stepName", "Greeting"))))
                .status()).isEqualTo(200);
        Map<String, Object> q = params("channelId", "voice-1", "components", "0");
        JsonNode steps = api.get("/v1/chatbots/" + bot + "/statistics/reports/channel?" + Api.query(q)).json()
                .get("components").get("STEP_EXEC_COUNT_FOR_CHANNEL_ID");
        assertThat(steps.toString()).isEqualTo("{\"id\":0,\"total\":2,\"items\":["
                + "{\"key\":\"ask\",\"count\":1,\"share\":0.5,\"label\":null},"
                + "{\"key\":\"greet\",\"count\":1,\"share\":0.5,\"label\":\"Greeting\"}]}");
    }
}
