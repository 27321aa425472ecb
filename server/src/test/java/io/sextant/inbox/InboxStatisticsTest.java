package io.sextant.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Event;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.EventLog;
import io.sextant.support.InboxModel;
import io.sextant.support.LoggedEvent;
import io.sextant.support.RandomEvents;
import io.sextant.support.ReferenceModel;
import io.sextant.support.SegmentModel;
import io.sextant.support.Traffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InboxStatisticsTest extends ApiTest {

    private static final long T0 = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
    private static final List<String> CHANNELS = List.of("web-1", "wa-1", "voice-1");

    @Test
    void equalsTheBruteForceModelOnMessyHandOvers() {
        long seed = 20251125L;
        EventLog log = new EventLog();
        Traffic.ingest(api, "bot-inbox", new Traffic(seed, T0, 12, CHANNELS).batches(700, 2000), log);
        List<LoggedEvent> events = log.events();
        InboxModel model = new InboxModel(log.model("bot-inbox"));
        assertThat(model.threads).as("the traffic holds threads").hasSizeGreaterThan(200);
        assertThat(model.threads.stream().filter(t -> t.closedAt() == null)).as("threads never closed").isNotEmpty();

        Random rnd = new Random(seed);
        List<long[]> windows = new ArrayList<>();
        windows.add(new long[] {T0 - 86_400_000L, T0 + 40 * 86_400_000L}); // everything
        windows.add(new long[] {T0, T0}); // one millisecond
        for (int i = 0; i < 14; i++) {
            // Edges on event timestamps (±1 ms), so events sit exactly on from and to.
            long a = events.get(rnd.nextInt(events.size())).ts() + rnd.nextInt(3) - 1;
            long b = events.get(rnd.nextInt(events.size())).ts() + rnd.nextInt(3) - 1;
            windows.add(new long[] {Math.min(a, b), Math.max(a, b)});
        }
        int compared = 0;
        for (long[] w : windows) {
            for (String channel : new String[] {null, "web-1", "wa-1", "voice-1"}) {
                assertEqualsModel(model, "bot-inbox", w[0], w[1], channel, "seed " + seed);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(windows.size() * 4);
    }

    /**
     * The agents' counts of whole days are kept between requests ({@link KeptAgentCounts}): the same
     * windows asked again after more of the traffic arrived, late, in their days, equal the model of
     * everything sent so far. The traffic is sent in three parts, each spread over all five days.
     */
    @Test
    void windowsAskedAgainAfterLateTrafficEqualTheModel() {
        long day = 86_400_000L;
        List<List<Event>> batches = new Traffic(31, T0, 5, CHANNELS).batches(450, 150);
        List<long[]> windows = List.of(new long[] {T0, T0 + 4 * day - 1}, new long[] {T0, T0 + 4 * day - 2},
                new long[] {T0 + 5, T0 + 3 * day + 7}, new long[] {T0 + day, T0 + 3 * day - 1}, new long[] {T0 - 1, T0 + 6 * day});
        EventLog log = new EventLog();
        int third = (batches.size() + 2) / 3;
        for (int part = 0; part < 3; part++) {
            Traffic.ingest(api, "bot-kept", batches.subList(part * third, Math.min(batches.size(), (part + 1) * third)), log);
            InboxModel model = new InboxModel(log.model("bot-kept"));
            for (long[] w : windows) {
                for (String channel : new String[] {null, "web-1"}) {
                    assertEqualsModel(model, "bot-kept", w[0], w[1], channel, "part " + part);
                    assertEqualsModel(model, "bot-kept", w[0], w[1], channel, "part " + part + ", asked again");
                }
            }
        }
    }

    private void assertEqualsModel(InboxModel model, String chatbotId, long from, long to, String channel, String what) {
        Map<String, Object> expected = model.statistics(chatbotId, from, to, channel);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("from", Instant.ofEpochMilli(from).toString());
        params.put("to", Instant.ofEpochMilli(to).toString());
        if (channel != null) {
            params.put("channelId", channel);
        }
        Api.Response r = api.get("/v1/chatbots/" + chatbotId + "/statistics/inbox?" + Api.query(params));
        assertThat(r.status()).as("%s, window %s", what, params).isEqualTo(200);
        JsonNode want = Api.JSON.readTree(Api.JSON.writeValueAsString(expected));
        assertThat(r.json()).as("%s, window %s", what, params).isEqualTo(want);
    }

    /**
     * Every filter list of {@link SegmentModel#filterLists} on {@link RandomEvents} traffic (goals,
     * ratings, attributes, hand-overs with messy times): the inbox statistics of all channels and of
     * one channel, over windows taken in turn, against the model of the segment's conversations.
     */
    @Test
    void everySegmentEqualsTheModelOfItsConversations() {
        long seed = 20260216L;
        String bot = "bot-inbox-segments";
        Map<String, String> types = Map.of("web-1", "web", "wa-1", "meta-whatsapp");
        types.forEach((id, type) -> assertThat(api.put("/v1/chatbots/" + bot + "/statistics/channels/" + id,
                Map.of("name", id, "type", type), api.adminKey()).status()).isEqualTo(200));
        List<long[]> windows = List.of(
                new long[] {T0 - 86_400_000L, T0 + 40 * 86_400_000L}, // everything
                new long[] {T0 + 2 * 86_400_000L + 17, T0 + 5 * 86_400_000L - 1},
                new long[] {T0 + 86_400_000L, T0 + 86_400_000L + 3_600_000L},
                new long[] {T0 + 6 * 86_400_000L - 1, T0 + 9 * 86_400_000L + 1});
        List<Long> hot = new ArrayList<>();
        windows.forEach(w -> hot.addAll(List.of(w[0], w[0] - 1, w[1], w[1] + 1)));
        EventLog log = new EventLog();
        Traffic.ingest(api, bot, new RandomEvents(seed, T0, T0 + 10 * 86_400_000L, hot, CHANNELS).batches(400, 6), log);
        ReferenceModel chatbot = log.model(bot);
        List<List<String>> lists = SegmentModel.filterLists("wa-1", "web");
        String[] channels = {"web-1", "wa-1", "voice-1"};
        int perList = segmentChecksPerList();
        int compared = 0;
        for (int i = 0; i < lists.size(); i++) {
            List<String> filters = lists.get(i);
            InboxModel model = new InboxModel(SegmentModel.checkedRestrict(chatbot, types, filters));
            for (int k = 0; k < perList; k++) {
                long[] w = windows.get((i * perList + k) % windows.size());
                for (String channel : new String[] {null, channels[(i + k) % channels.length]}) {
                    Map<String, Object> params = new LinkedHashMap<>();
                    params.put("from", Instant.ofEpochMilli(w[0]).toString());
                    params.put("to", Instant.ofEpochMilli(w[1]).toString());
                    if (channel != null) {
                        params.put("channelId", channel);
                    }
                    String path = "/v1/chatbots/" + bot + "/statistics/inbox?" + Api.query(params) + SegmentModel.query(filters);
                    Api.Response r = api.get(path);
                    assertThat(r.status()).as("seed %d %s", seed, path).isEqualTo(200);
                    JsonNode want = Api.JSON.readTree(Api.JSON.writeValueAsString(model.statistics(bot, w[0], w[1], channel)));
                    assertThat(r.json()).as("seed %d %s", seed, path).isEqualTo(want);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(lists.size() * perList * 2);
    }

    /** How many windows each filter list is checked over (a subclass on a slower engine may check fewer). */
    protected int segmentChecksPerList() {
        return 2;
    }

    @Test
    void aHandOverStepByStep() {
        // One conversation: double open, agent answers for a colleague, a close without an open,
        // a reopened thread that is still open at the end, and a first response after `to`.
        List<Map<String, Object>> events = List.of(
                ev("1", "inbox.opened", "2025-05-01T10:00:00.000Z", Map.of()),
                ev("2", "inbox.opened", "2025-05-01T10:00:05.000Z", Map.of()),
                ev("3", "inbox.assigned", "2025-05-01T10:00:10.000Z", Map.of("agentId", "anna")),
                ev("4", "message", "2025-05-01T10:01:12.345Z", Map.of("direction", "agent", "text", "hi", "agentId", "bert")),
                ev("5", "message", "2025-05-01T10:02:00.000Z", Map.of("direction", "agent", "text", "so", "agentId", "anna")),
                ev("6", "inbox.closed", "2025-05-01T10:10:00.000Z", Map.of("agentId", "anna")),
                ev("7", "inbox.closed", "2025-05-01T10:11:00.000Z", Map.of("agentId", "bert")),
                ev("8", "inbox.opened", "2025-05-01T11:00:00.000Z", Map.of()),
                ev("9", "message", "2025-05-01T13:00:00.000Z", Map.of("direction", "agent", "text", "late", "agentId", "anna")));
        assertThat(api.ingest("bot-steps", events).status()).isEqualTo(200);
        JsonNode r = api.get("/v1/chatbots/bot-steps/statistics/inbox?from=2025-05-01T00:00:00Z&to=2025-05-01T12:00:00Z").json();
        assertThat(r.get("opened").asInt()).isEqualTo(2);
        assertThat(r.get("closed").asInt()).isEqualTo(1);
        assertThat(r.get("openAtEnd").asInt()).isEqualTo(1);
        assertThat(r.get("agentMessages").asInt()).isEqualTo(2);
        assertThat(r.get("firstResponseSeconds").get("samples").asInt()).isEqualTo(1);
        assertThat(r.get("firstResponseSeconds").get("median").asDouble()).isEqualTo(72.345);
        assertThat(r.get("resolutionSeconds").get("median").asDouble()).isEqualTo(600.0);
        assertThat(r.get("resolutionSeconds").get("p90").asDouble()).isEqualTo(600.0);
        assertThat(r.get("agents").toString()).isEqualTo("[{\"agentId\":\"anna\",\"assigned\":1,\"closed\":1,\"messages\":1,"
                + "\"firstResponseSeconds\":{\"median\":null,\"samples\":0}},"
                + "{\"agentId\":\"bert\",\"assigned\":0,\"closed\":1,\"messages\":1,"
                + "\"firstResponseSeconds\":{\"median\":72.345,\"samples\":1}}]");
    }

    @Test
    void emptyWindowHasNullDurations() {
        assertThat(api.ingest("bot-quiet", List.of(ev("q", "message", "2025-01-01T00:00:00Z", Map.of("direction", "user", "text", "x")))).status())
                .isEqualTo(200);
        Api.Response r = api.get("/v1/chatbots/bot-quiet/statistics/inbox?from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z");
        assertThat(r.body()).isEqualTo("{\"chatbotId\":\"bot-quiet\",\"from\":\"2025-01-01T00:00:00.000Z\",\"to\":\"2025-01-02T00:00:00.000Z\","
                + "\"opened\":0,\"closed\":0,\"openAtEnd\":0,\"agentMessages\":0,"
                + "\"firstResponseSeconds\":{\"median\":null,\"p90\":null,\"average\":null,\"samples\":0},"
                + "\"resolutionSeconds\":{\"median\":null,\"p90\":null,\"average\":null,\"samples\":0},\"agents\":[]}");
    }

    @Test
    void unknownChatbotOrChannelIs404AndBadWindowIs400() {
        assertThat(api.ingest("bot-x", List.of(ev("x", "inbox.opened", "2025-01-01T00:00:00Z", Map.of()))).status()).isEqualTo(200);
        String ok = "from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z";
        assertThat(api.get("/v1/chatbots/nobody/statistics/inbox?" + ok).status()).isEqualTo(404);
        Api.Response ch = api.get("/v1/chatbots/bot-x/statistics/inbox?" + ok + "&channelId=nope");
        assertThat(ch.status()).isEqualTo(404);
        assertThat(ch.error()).contains("nope");
        Api.Response missing = api.get("/v1/chatbots/bot-x/statistics/inbox?from=2025-01-01T00:00:00Z");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).contains("'to'");
        Api.Response reversed = api.get("/v1/chatbots/bot-x/statistics/inbox?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.error()).contains("before from");
        Api.Response garbage = api.get("/v1/chatbots/bot-x/statistics/inbox?from=monday&to=2025-01-01T00:00:00Z");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.error()).contains("from 'monday'");
        // Without a key: 401 before anything else; with a key for another chatbot: 403.
        assertThat(api.get("/v1/chatbots/nobody/statistics/inbox?" + ok, null).status()).isEqualTo(401);
        String other = api.createKey("other", List.of("chatbots.statistics.get"), List.of("chatbots/bot-y"));
        assertThat(api.get("/v1/chatbots/bot-x/statistics/inbox?" + ok, other).status()).isEqualTo(403);
    }

    private static Map<String, Object> ev(String id, String type, String ts, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("timestamp", ts);
        m.put("channelId", "web-1");
        m.put("conversationId", "c1");
        m.putAll(extra);
        return m;
    }

}
