package io.sextant.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.api.Instants;
import io.sextant.event.Event;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.EventLog;
import io.sextant.support.JsonCompare;
import io.sextant.support.LoggedEvent;
import io.sextant.support.RandomEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live view at instants set on the service's clock: events exactly at the edges of the active
 * span (now − 5 min is out, now is in) and of the minutes (the first millisecond of the first
 * minute, the last of the minute holding now, one millisecond outside each), every event type,
 * another channel and another chatbot; then random traffic of every type around a moment, checked
 * against a brute-force count at that moment and at the edges around it.
 */
class LiveViewTest extends ApiTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:34:56.789Z");

    @Test
    void theFiveMinuteEdgeAndTheMinuteBuckets() {
        String bot = "bot-live";
        clock.set(NOW);
        long now = NOW.toEpochMilli();
        long fiveAgo = now - 300_000;
        List<Map<String, Object>> events = List.of(
                ev("e1", "message", fiveAgo, "web-1", "c-out", Map.of("direction", "user", "length", 3)),
                ev("e2", "step", fiveAgo + 1, "web-1", "c-in", Map.of("stepId", "menu")),
                ev("e3", "interaction", now, "web-1", "c-now", Map.of()),
                ev("e4", "conversation.started", now - 60_000, "web-1", "c-now", Map.of()),
                ev("e5", "intent", now + 1, "web-1", "c-after", Map.of("intent", "greeting", "score", 0.5)),
                ev("e6", "inbox.opened", at("12:34:59.999"), "web-1", "c-last-ms", Map.of()),
                ev("e7", "conversation.language", at("11:35:00.000"), "web-1", "c-first", Map.of("language", "de")),
                ev("e8", "call.ended", at("11:34:59.999"), "web-1", "c-before", Map.of("durationSeconds", 3, "endReason", "hangup")),
                ev("e9", "inbox.assigned", at("12:33:59.999"), "tg-1", "c-tg", Map.of("agentId", "anna")),
                ev("e10", "inbox.closed", at("12:34:00.000"), "tg-1", "c-tg", Map.of()),
                ev("e11", "message", at("12:34:00.000"), "tg-1", "c-tg", Map.of("direction", "agent", "length", 9, "agentId", "anna")),
                ev("e12", "goal", at("12:31:00.000"), "web-1", "c-goal", Map.of("goalId", "order", "value", 12.5)),
                ev("e13", "rating", at("12:32:00.000"), "tg-1", "c-tg", Map.of("thumbs", "up")));
        assertThat(api.ingest(bot, events).status()).isEqualTo(200);
        assertThat(api.ingest("bot-live-other", List.of(ev("o1", "message", now, "web-1", "c-now",
                Map.of("direction", "user", "length", 1)))).status()).isEqualTo(200);

        JsonNode all = live(bot, null);
        assertThat(all.get("now").asString()).isEqualTo("2025-06-01T12:34:56.789Z");
        // active in (12:29:56.789, 12:34:56.789]: c-in, c-now, c-tg, c-goal (not c-out at exactly now − 5 min, not c-after)
        assertThat(all.get("activeConversations").asLong()).isEqualTo(4);
        ArrayNode minutes = (ArrayNode) all.get("eventsPerMinute");
        assertThat(minutes).hasSize(60);
        assertThat(minutes.get(0).get("start").asString()).isEqualTo("2025-06-01T11:35:00.000Z");
        assertThat(minutes.get(59).get("start").asString()).isEqualTo("2025-06-01T12:34:00.000Z");
        assertThat(count(minutes, "11:35")).isEqualTo(1); // e7 at its first millisecond; e8 a millisecond before is out
        assertThat(count(minutes, "12:29")).isEqualTo(2); // e1, e2
        assertThat(count(minutes, "12:31")).isEqualTo(1); // e12
        assertThat(count(minutes, "12:32")).isEqualTo(1); // e13
        assertThat(count(minutes, "12:33")).isEqualTo(2); // e4, e9
        assertThat(count(minutes, "12:34")).isEqualTo(5); // e3, e5 and e6 after now but in its minute, e10, e11
        assertThat(minutes.valueStream().mapToLong(m -> m.get("count").asLong()).sum()).isEqualTo(12);

        JsonNode web = live(bot, "web-1");
        assertThat(web.get("activeConversations").asLong()).isEqualTo(3);
        assertThat(count((ArrayNode) web.get("eventsPerMinute"), "12:33")).isEqualTo(1);
        assertThat(count((ArrayNode) web.get("eventsPerMinute"), "12:34")).isEqualTo(3);

        // one millisecond later c-in's step is exactly now − 5 min (out) and c-after's intent is now (in)
        clock.advance(Duration.ofMillis(1));
        JsonNode later = live(bot, null);
        assertThat(later.get("activeConversations").asLong()).isEqualTo(4);
        assertThat(live(bot, "web-1").get("activeConversations").asLong()).as("c-now, c-after, c-goal").isEqualTo(3);
        clock.set(Instant.ofEpochMilli(at("12:34:59.999")));
        assertThat(live(bot, "web-1").get("activeConversations").asLong()).as("c-now, c-after, c-last-ms, c-goal").isEqualTo(4);
        // one millisecond earlier c-out's message is just inside; c-now is active by its start
        clock.set(Instant.ofEpochMilli(now - 1));
        assertThat(live(bot, "web-1").get("activeConversations").asLong()).as("c-out, c-in, c-now, c-goal").isEqualTo(4);

        // at the next minute's first millisecond the hour moves on: 11:35 drops out, 12:35 is the last
        clock.set(Instant.parse("2025-06-01T12:35:00.000Z"));
        JsonNode next = live(bot, null);
        ArrayNode shifted = (ArrayNode) next.get("eventsPerMinute");
        assertThat(shifted.get(0).get("start").asString()).isEqualTo("2025-06-01T11:36:00.000Z");
        assertThat(shifted.get(59).get("start").asString()).isEqualTo("2025-06-01T12:35:00.000Z");
        assertThat(count(shifted, "12:34")).isEqualTo(5);
        assertThat(shifted.valueStream().mapToLong(m -> m.get("count").asLong()).sum()).isEqualTo(11);
        assertThat(next.get("activeConversations").asLong()).as("c-now, c-after, c-last-ms, c-tg, c-goal").isEqualTo(5);
    }

    @Test
    void randomTrafficOfEveryTypeEqualsABruteForceCount() {
        String bot = "bot-live-random";
        long now = NOW.toEpochMilli();
        long minute = now - now % 60_000;
        List<Long> hot = List.of(now, now - 300_000, now - 299_999, now + 1, minute, minute - 1, minute + 59_999, minute + 60_000,
                minute - 59 * 60_000L, minute - 59 * 60_000L - 1);
        EventLog log = new EventLog();
        RandomEvents gen = new RandomEvents(20250601L, now - 70 * 60_000L, now + 60_000L, hot, List.of("web-1", "tg-1", "voice-1"));
        // the traffic reaches two days past its range: ingest it at a later time, then look at it at now
        clock.set(NOW.plus(Duration.ofDays(3)));
        for (List<Event> batch : gen.batches(150, 4)) {
            Api.Response r = api.ingest(bot, batch.stream().map(RandomEvents::wire).toList());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            log.accept(bot, batch);
        }
        List<LoggedEvent> events = log.model(bot).events();
        int compared = 0;
        for (long t : List.of(now, now + 1, now - 1, now + 299_999, minute, minute - 1, minute + 59_999, now - 30 * 60_000L)) {
            clock.set(Instant.ofEpochMilli(t));
            for (String channel : new String[] {null, "web-1", "voice-1"}) {
                JsonNode expected = expected(bot, events, channel, t);
                Optional<String> diff = JsonCompare.difference(expected, live(bot, channel));
                assertThat(diff).as("now %s channel %s", Instants.format(t), channel).isEmpty();
                compared++;
            }
        }
        assertThat(compared).isEqualTo(24);
        assertThat(expected(bot, events, null, now).get("activeConversations").asLong()).as("the traffic is busy at now").isGreaterThan(10);
    }

    /** The live view by brute force, from the words of docs/quality.md. */
    static JsonNode expected(String bot, List<LoggedEvent> events, String channel, long now) {
        long first = Math.floorDiv(now, 60_000L) * 60_000L - 59 * 60_000L;
        Set<String> active = new HashSet<>();
        long[] counts = new long[60];
        for (LoggedEvent e : events) {
            if (channel != null && !e.channelId().equals(channel)) {
                continue;
            }
            if (e.ts() > now - 300_000 && e.ts() <= now) {
                active.add(e.conversationId());
            }
            for (int k = 0; k < 60; k++) {
                if (e.ts() >= first + k * 60_000L && e.ts() <= first + (k + 1) * 60_000L - 1) {
                    counts[k]++;
                }
            }
        }
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("chatbotId", bot);
        root.put("now", Instants.format(now));
        root.put("activeConversations", active.size());
        ArrayNode minutes = root.putArray("eventsPerMinute");
        for (int k = 0; k < 60; k++) {
            minutes.addObject().put("start", Instants.format(first + k * 60_000L)).put("count", counts[k]);
        }
        return root;
    }

    private JsonNode live(String bot, String channel) {
        Api.Response r = api.get("/v1/chatbots/" + bot + "/statistics/live" + (channel == null ? "" : "?channelId=" + channel));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The count of the minute starting at {@code hhmm} on NOW's day. */
    private static long count(ArrayNode minutes, String hhmm) {
        String start = "2025-06-01T" + hhmm + ":00.000Z";
        for (JsonNode m : minutes) {
            if (m.get("start").asString().equals(start)) {
                return m.get("count").asLong();
            }
        }
        throw new AssertionError("no minute starts at " + start);
    }

    private static long at(String time) {
        return Instant.parse("2025-06-01T" + time + "Z").toEpochMilli();
    }

    private static Map<String, Object> ev(String id, String type, long ts, String channel, String conversation, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("timestamp", Instants.format(ts));
        m.put("channelId", channel);
        m.put("conversationId", conversation);
        m.putAll(fields);
        return m;
    }
}
