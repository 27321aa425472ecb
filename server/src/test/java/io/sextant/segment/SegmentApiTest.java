package io.sextant.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.Exports;
import io.sextant.support.SegmentModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code filter} parameter over HTTP: every malformed filter is a 400 naming it, on each
 * endpoint that takes one (and in an export's body); a segment never reaches another chatbot's
 * conversations of the same id; a value keeps its commas and colons; the OpenAPI document gives the
 * parameter as a repeatable list with its grammar.
 */
class SegmentApiTest extends ApiTest {

    private static final String WINDOW = "from=2025-05-01T00:00:00Z&to=2025-05-01T23:59:59.999Z";
    private static final List<String> MALFORMED = List.of("handover:maybe", "goalReached:1", "rating:0", "rating:thumbs",
            "channelType:sms", "language:d", "language:", "lang:de", "attr:spring", "attr.:spring", "attr.a b:c", "nokey", ":de", "");

    private static String overview(String bot) {
        return "/v1/chatbots/" + bot + "/statistics/reports/overview?" + WINDOW + "&interval=86400&components=CONVERSATION_COUNT,MESSAGE_COUNT";
    }

    private static String channel(String bot) {
        return "/v1/chatbots/" + bot + "/statistics/reports/channel?channelId=web&" + WINDOW
                + "&interval=86400&components=CONVERSATION_COUNT_FOR_CHANNEL_ID,MESSAGE_COUNT_FOR_CHANNEL_ID";
    }

    private static String paths(String bot) {
        return "/v1/chatbots/" + bot + "/statistics/reports/paths?" + WINDOW;
    }

    private static String inbox(String bot) {
        return "/v1/chatbots/" + bot + "/statistics/inbox?" + WINDOW;
    }

    @Test
    void everyMalformedFilterIsA400NamingIt() {
        String bot = "bot-malformed";
        assertThat(api.ingest(bot, List.of(event("e1", "conversation.started", "c1", Map.of()))).status()).isEqualTo(200);
        for (String filter : MALFORMED) {
            for (String path : List.of(overview(bot), channel(bot), paths(bot), inbox(bot))) {
                // a good filter before it: the bad one is named whatever comes first
                Api.Response r = api.get(path + SegmentModel.query(List.of("handover:no", filter)));
                assertThat(r.status()).as("%s %s", path, filter).isEqualTo(400);
                assertThat(r.error()).as(path).startsWith("filter '" + filter + "' is malformed: ");
            }
            Api.Response export = api.postJson("/v1/chatbots/" + bot + "/statistics/export?" + WINDOW, Map.of("filters", List.of(filter)));
            assertThat(export.status()).as(filter).isEqualTo(400);
            assertThat(export.error()).startsWith("filter '" + filter + "' is malformed: ");
        }
        assertThat(api.get(overview(bot) + "&filter=handover:maybe").error())
                .isEqualTo("filter 'handover:maybe' is malformed: handover takes yes or no");

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("intent:i" + i);
        }
        Api.Response tooMany = api.get(inbox(bot) + SegmentModel.query(many));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.error()).isEqualTo("at most 20 filters may be combined, not 21");

        List<String> withNull = new ArrayList<>(List.of("language:de"));
        withNull.add(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filters", withNull);
        Api.Response nulls = api.postJson("/v1/chatbots/" + bot + "/statistics/export?" + WINDOW, body);
        assertThat(nulls.status()).isEqualTo(400);
        assertThat(nulls.error()).contains("filters");
        assertThat(api.postJson("/v1/chatbots/" + bot + "/statistics/export?" + WINDOW, Map.of("filters", "language:de")).status())
                .as("filters must be a list").isEqualTo(400);

        // the chatbot is checked first, and a well-formed filter that names nothing is no error
        assertThat(api.get(overview("bot-nobody") + "&filter=handover:maybe").status()).isEqualTo(404);
        Api.Response unknownAttribute = api.get(overview(bot) + "&filter=attr.nope:x");
        assertThat(unknownAttribute.status()).isEqualTo(200);
        assertThat(unknownAttribute.json().at("/components/CONVERSATION_COUNT/value").asLong()).isZero();
        assertThat(api.get(overview(bot)).json().at("/components/CONVERSATION_COUNT/value").asLong()).isEqualTo(1);
    }

    @Test
    void aSegmentKeepsChatbotsApartAndValuesKeepTheirCommasAndColons() {
        // the same conversation id in two chatbots, with different attributes
        assertThat(api.ingest("bot-seg-a", List.of(
                event("a1", "conversation.started", "c1", Map.of("attributes", Map.of("campaign", "spring,summer", "ref", "x:y:z"))),
                event("a2", "message", "c1", Map.of("direction", "user", "length", 3)),
                event("a3", "inbox.opened", "c1", Map.of()))).status()).isEqualTo(200);
        assertThat(api.ingest("bot-seg-b", List.of(
                event("b1", "conversation.started", "c1", Map.of("language", "de")),
                event("b2", "message", "c1", Map.of("direction", "user", "length", 3)),
                event("b3", "message", "c1", Map.of("direction", "bot", "length", 3)))).status()).isEqualTo(200);

        assertThat(messages(overview("bot-seg-a") + "&filter=" + enc("attr.campaign:spring,summer"))).isEqualTo(1);
        assertThat(messages(overview("bot-seg-a") + "&filter=attr.campaign:spring")).isZero();
        assertThat(messages(overview("bot-seg-a") + "&filter=" + enc("attr.ref:x:y:z"))).isEqualTo(1);
        assertThat(messages(overview("bot-seg-b") + "&filter=" + enc("attr.campaign:spring,summer"))).as("another chatbot's c1").isZero();
        assertThat(messages(overview("bot-seg-b") + "&filter=handover:yes")).as("another chatbot's hand-over").isZero();
        assertThat(messages(overview("bot-seg-b") + "&filter=handover:no")).isEqualTo(2);
        assertThat(messages(overview("bot-seg-a") + "&filter=language:de")).as("another chatbot's language").isZero();
        assertThat(messages(channel("bot-seg-b") + "&filter=language:de-CH")).isEqualTo(2);
        assertThat(api.get(inbox("bot-seg-a") + "&filter=" + enc("attr.campaign:spring,summer")).json().get("opened").asLong()).isEqualTo(1);
        assertThat(api.get(inbox("bot-seg-a") + "&filter=handover:no").json().get("opened").asLong()).isZero();

        String id = Exports.create(api, "bot-seg-b", Map.of("from", "2025-05-01T00:00:00Z", "to", "2025-05-01T23:59:59.999Z",
                "kind", "conversations"), List.of("handover:yes"));
        JsonNode done = Exports.await(api, "bot-seg-b", id);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(Exports.parse(api.get(done.get("downloadUrl").asString(), null).body())).as("the header only").hasSize(1);
    }

    @Test
    void theFilterParameterIsDocumentedAsARepeatableListWithItsGrammar() {
        JsonNode doc = api.get("/v3/api-docs", null).json();
        for (String path : List.of("/v1/chatbots/{chatbotId}/statistics/reports/overview", "/v1/chatbots/{chatbotId}/statistics/reports/channel",
                "/v1/chatbots/{chatbotId}/statistics/reports/paths", "/v1/chatbots/{chatbotId}/statistics/inbox")) {
            JsonNode filter = null;
            for (JsonNode p : doc.at("/paths/" + path.replace("~", "~0").replace("/", "~1") + "/get/parameters")) {
                if (p.get("name").asString().equals("filter")) {
                    filter = p;
                }
            }
            assertThat(filter).as(path).isNotNull();
            assertThat(filter.get("in").asString()).isEqualTo("query");
            assertThat(filter.get("style").asString()).isEqualTo("form");
            assertThat(filter.get("explode").asBoolean()).isTrue();
            assertThat(filter.path("required").asBoolean(false)).isFalse();
            assertThat(filter.at("/schema/type").asString()).isEqualTo("array");
            assertThat(filter.at("/schema/maxItems").asInt()).isEqualTo(20);
            assertThat(filter.at("/schema/items/pattern").asString()).isEqualTo(SegmentOpenApi.PATTERN);
            assertThat(filter.get("description").asString()).contains("handover:yes|no", "attr.<key>:<value>", "split at the first colon");
        }
        JsonNode request = doc.at("/components/schemas/ExportRequest/properties/filters");
        assertThat(request.get("type").asString()).isEqualTo("array");
        assertThat(request.at("/items/pattern").asString()).isEqualTo(SegmentOpenApi.PATTERN);
        assertThat(doc.at("/paths/~1v1~1chatbots~1{chatbotId}~1statistics~1export/post/requestBody/required").asBoolean(false)).isFalse();
        for (String filter : List.of("language:de", "attr.utm.source:a:b", "rating:up", "goalReached:no")) {
            assertThat(filter).matches(SegmentOpenApi.PATTERN);
        }
        for (String filter : List.of("lang:de", "language:", "attr:x")) {
            assertThat(filter).doesNotMatch(SegmentOpenApi.PATTERN);
        }
    }

    private long messages(String path) {
        Api.Response r = api.get(path);
        assertThat(r.status()).as("%s %s", path, r.body()).isEqualTo(200);
        JsonNode c = r.json().get("components");
        return (c.has("MESSAGE_COUNT") ? c.get("MESSAGE_COUNT") : c.get("MESSAGE_COUNT_FOR_CHANNEL_ID")).get("value").asLong();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<String, Object> event(String id, String type, String conversation, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("timestamp", "2025-05-01T10:00:0" + id.charAt(1) + ".000Z");
        m.put("channelId", "web");
        m.put("conversationId", conversation);
        m.putAll(extra);
        return m;
    }
}
