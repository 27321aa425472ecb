package io.sextant.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Channel registration and listing (SPEC §2 channel metadata, §5). */
class ChannelApiTest extends ApiTest {

    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z"); // whole second: milliseconds must still show

    @BeforeEach
    void freezeClock() {
        clock.set(T0);
    }

    /** The server (and its clock) is shared with other test classes: give the real time back. */
    @AfterEach
    void realClock() {
        clock.set(Instant.now());
    }

    private static String channels(String bot) {
        return "/v1/chatbots/" + bot + "/statistics/channels";
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void registersListsSortedAndUpdates() {
        String bot = "channel-bot-1";
        var put = api.put(channels(bot) + "/web-2", body("name", "Website", "type", "web"), api.adminKey());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().toString()).isEqualTo("{\"id\":\"web-2\",\"name\":\"Website\",\"type\":\"web\",\"number\":null,\"status\":null,"
                + "\"created\":\"2025-03-01T08:00:00.000Z\",\"updated\":\"2025-03-01T08:00:00.000Z\"}");
        api.put(channels(bot) + "/voice-1", body("name", "Hotline", "type", "voice", "number", "+49 30 1234", "status", "active"), api.adminKey());
        api.put(channels(bot) + "/a-first", body("name", "A", "type", "telegram"), api.adminKey());

        clock.advance(Duration.ofMinutes(5));
        var update = api.put(channels(bot) + "/web-2", body("name", "Web shop", "type", "meta-whatsapp", "status", "paused"), api.adminKey());
        assertThat(update.json().get("created").asString()).isEqualTo("2025-03-01T08:00:00.000Z");
        assertThat(update.json().get("updated").asString()).isEqualTo("2025-03-01T08:05:00.000Z");

        var list = api.get(channels(bot));
        assertThat(list.status()).isEqualTo(200);
        JsonNode cs = list.json().get("channels");
        assertThat(cs.valueStream().map(c -> c.get("id").asString()).toList()).containsExactly("a-first", "voice-1", "web-2");
        assertThat(cs.get(1).toString()).isEqualTo("{\"id\":\"voice-1\",\"name\":\"Hotline\",\"type\":\"voice\",\"number\":\"+49 30 1234\","
                + "\"status\":\"active\",\"created\":\"2025-03-01T08:00:00.000Z\",\"updated\":\"2025-03-01T08:00:00.000Z\"}");
        assertThat(cs.get(2).get("name").asString()).isEqualTo("Web shop");
        assertThat(cs.get(2).get("type").asString()).isEqualTo("meta-whatsapp");
        assertThat(cs.get(2).get("status").asString()).isEqualTo("paused");
        assertThat(cs.get(2).get("number").isNull()).isTrue();
    }

    @Test
    void everyListedTypeCanBeRegistered() {
        for (String type : List.of("facebook", "voice", "audiocodes", "web", "meta-whatsapp", "telegram", "brevo", "email", "debug")) {
            var r = api.put(channels("channel-bot-types") + "/" + type, body("name", type, "type", type), api.adminKey());
            assertThat(r.status()).as(type).isEqualTo(200);
            assertThat(r.json().get("type").asString()).isEqualTo(type);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "Web", "sms", ""})
    void rejectsATypeNotListed(String type) {
        var r = api.put(channels("channel-bot-bad") + "/c1", body("name", "X", "type", type), api.adminKey());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("type '" + type + "' is unknown; expected one of facebook, voice, audiocodes, web, meta-whatsapp, telegram, brevo, email, debug");
        assertThat(api.get(channels("channel-bot-bad")).status()).isEqualTo(404);
    }

    @Test
    void rejectsMissingOrInvalidFields() {
        String path = channels("channel-bot-bad") + "/c1";
        assertThat(api.put(path, body("name", "X"), api.adminKey()).error()).startsWith("type is required");
        assertThat(api.put(path, body("type", "web"), api.adminKey()).error()).isEqualTo("name is required");
        assertThat(api.put(path, body("name", "  ", "type", "web"), api.adminKey()).error()).isEqualTo("name must not be blank");
        assertThat(api.put(path, body("name", "x".repeat(201), "type", "web"), api.adminKey()).error()).isEqualTo("name must be 1 to 200 characters");
        assertThat(api.put(path, body("name", "X", "type", "web", "number", ""), api.adminKey()).error()).isEqualTo("number must be 1 to 200 characters");
        assertThat(api.put(channels("channel-bot-bad") + "/" + "c".repeat(201), body("name", "X", "type", "web"), api.adminKey()).error())
                .isEqualTo("channelId must be 1 to 200 characters");
        assertThat(api.put(channels("%20") + "/c1", body("name", "X", "type", "web"), api.adminKey()).error())
                .isEqualTo("chatbotId must not be blank");
        assertThat(api.put(channels("channel-bot-bad") + "/%20", body("name", "X", "type", "web"), api.adminKey()).error())
                .isEqualTo("channelId must not be blank");
        var noBody = api.put(path, "", api.adminKey());
        assertThat(noBody.status()).isEqualTo(400);
        var notJson = api.put(path, "{name", api.adminKey());
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.error()).isEqualTo("request body is not valid JSON of the expected form");
        assertThat(api.put(path, "[]", api.adminKey()).status()).isEqualTo(400);
        assertThat(api.get(channels("channel-bot-bad")).status()).isEqualTo(404);
    }

    @Test
    void anEventRegistersItsChannelAsUnknownUntilItIsRegistered() {
        String bot = "channel-bot-auto";
        var ev = Map.of("id", "e1", "type", "interaction", "timestamp", "2025-03-01T07:00:00Z",
                "channelId", "wa-1", "conversationId", "c1");
        assertThat(api.ingest(bot, List.of(ev)).status()).isEqualTo(200);
        JsonNode auto = api.get(channels(bot)).json().get("channels").get(0);
        assertThat(auto.toString()).isEqualTo("{\"id\":\"wa-1\",\"name\":\"wa-1\",\"type\":\"unknown\",\"number\":null,\"status\":null,"
                + "\"created\":\"2025-03-01T08:00:00.000Z\",\"updated\":\"2025-03-01T08:00:00.000Z\"}");

        clock.advance(Duration.ofHours(1));
        api.put(channels(bot) + "/wa-1", body("name", "WhatsApp", "type", "meta-whatsapp"), api.adminKey());
        // a later event on the registered channel does not reset it
        var ev2 = Map.of("id", "e2", "type", "interaction", "timestamp", "2025-03-01T07:00:00Z",
                "channelId", "wa-1", "conversationId", "c1");
        assertThat(api.ingest(bot, List.of(ev2)).status()).isEqualTo(200);
        JsonNode registered = api.get(channels(bot)).json().get("channels").get(0);
        assertThat(registered.get("name").asString()).isEqualTo("WhatsApp");
        assertThat(registered.get("type").asString()).isEqualTo("meta-whatsapp");
        assertThat(registered.get("created").asString()).isEqualTo("2025-03-01T08:00:00.000Z");
        assertThat(registered.get("updated").asString()).isEqualTo("2025-03-01T09:00:00.000Z");
    }

    @Test
    void anUnknownChatbotIs404() {
        var r = api.get(channels("no-such-bot"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).isEqualTo("unknown chatbot 'no-such-bot'");
    }
}
