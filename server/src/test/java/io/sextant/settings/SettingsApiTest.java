package io.sextant.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.auth.Grants;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The settings endpoints over HTTP: the defaults, what PUT stores (and what it leaves alone), every
 * 400 naming its field, and the permissions: {@code chatbots.statistics.settings} for the
 * understanding, {@code chatbots.privacy.retention} for the retention, which
 * {@code chatbots.statistics.*} does not grant.
 */
class SettingsApiTest extends ApiTest {

    private static final String BOT = "bot-settings";

    private static String settings(String bot) {
        return "/v1/chatbots/" + bot + "/statistics/settings";
    }

    private static String retention(String bot) {
        return "/v1/chatbots/" + bot + "/statistics/retention";
    }

    @Test
    void aChatbotNobodySetAnythingForHasTheDefaults() {
        Api.Response r = api.get(settings("bot-settings-never"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"chatbotId\":\"bot-settings-never\",\"fallbackIntents\":[],\"understoodThreshold\":0.0,"
                + "\"retentionDays\":null}");
    }

    @Test
    void putStoresTheUnderstandingAndLeavesTheRetentionAlone() {
        Api.Response r = api.put(retention(BOT), Map.of("days", 30), api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("retentionDays").asInt()).isEqualTo(30);

        r = api.put(settings(BOT), Map.of("fallbackIntents", List.of("fallback", "none", "fallback"), "understoodThreshold", 0.6),
                api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"chatbotId\":\"bot-settings\",\"fallbackIntents\":[\"fallback\",\"none\"],"
                + "\"understoodThreshold\":0.6,\"retentionDays\":30}");
        assertThat(api.get(settings(BOT)).body()).isEqualTo(r.body());

        // leaving the intents out clears them; the threshold's edges are allowed
        r = api.put(settings(BOT), Map.of("understoodThreshold", 1), api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("fallbackIntents").size()).isZero();
        assertThat(r.json().get("understoodThreshold").asDouble()).isEqualTo(1.0);
        assertThat(r.json().get("retentionDays").asInt()).isEqualTo(30);

        // the retention changes alone, and null keeps events for ever
        Map<String, Object> forever = new HashMap<>();
        forever.put("days", null);
        r = api.put(retention(BOT), forever, api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("retentionDays").isNull()).isTrue();
        assertThat(r.json().get("understoodThreshold").asDouble()).isEqualTo(1.0);
        assertThat(api.get(settings(BOT)).json().get("retentionDays").isNull()).isTrue();
    }

    @Test
    void badValuesAreA400NamingTheField() {
        String bot = "bot-settings-bad";
        assertError(api.put(settings(bot), Map.of("fallbackIntents", List.of("x")), api.adminKey()), "understoodThreshold");
        assertError(api.put(settings(bot), Map.of("understoodThreshold", 1.5), api.adminKey()), "understoodThreshold", "1.5");
        assertError(api.put(settings(bot), Map.of("understoodThreshold", -0.1), api.adminKey()), "understoodThreshold");
        assertError(api.put(settings(bot), Map.of("fallbackIntents", List.of("ok", " "), "understoodThreshold", 0.5), api.adminKey()),
                "fallbackIntents[1]");
        assertError(api.put(settings(bot), Map.of("fallbackIntents", List.of("x".repeat(201)), "understoodThreshold", 0.5),
                api.adminKey()), "fallbackIntents[0]");
        List<String> many = new ArrayList<>(IntStream.range(0, 51).mapToObj(i -> "intent-" + i).toList());
        assertError(api.put(settings(bot), Map.of("fallbackIntents", many, "understoodThreshold", 0.5), api.adminKey()),
                "fallbackIntents", "50");
        assertThat(api.put(settings(bot), Map.of("fallbackIntents", many.subList(0, 50), "understoodThreshold", 0.5), api.adminKey())
                .status()).isEqualTo(200);
        assertError(api.put(settings(bot), "", api.adminKey()), "understoodThreshold");

        assertError(api.put(retention(bot), Map.of("days", 0), api.adminKey()), "days", "0");
        assertError(api.put(retention(bot), Map.of("days", 3651), api.adminKey()), "days", "3651");
        assertError(api.put(retention(bot), "", api.adminKey()), "days");
        assertThat(api.put(retention(bot), Map.of("days", 3650), api.adminKey()).status()).isEqualTo(200);

        // nothing of the refused requests was stored
        JsonNode stored = api.get(settings(bot)).json();
        assertThat(stored.get("fallbackIntents").size()).isEqualTo(50);
        assertThat(stored.get("understoodThreshold").asDouble()).isEqualTo(0.5);
        assertThat(stored.get("retentionDays").asInt()).isEqualTo(3650);
    }

    @Test
    void eachEndpointNeedsItsOwnPermissionAndStatisticsStarDoesNotGrantRetention() {
        String bot = "bot-settings-perm";
        List<String> onBot = List.of(Grants.chatbot(bot));
        String reader = api.createKey("reader", List.of(Grants.GET), onBot);
        String setter = api.createKey("setter", List.of(Grants.GET, Grants.SETTINGS), onBot);
        String statsStar = api.createKey("stats-star", List.of("chatbots.statistics.*"), onBot);
        String keeper = api.createKey("keeper", List.of(Grants.RETENTION), onBot);
        String otherBot = api.createKey("other-bot", List.of("chatbots.statistics.*", Grants.RETENTION),
                List.of(Grants.chatbot("bot-settings-elsewhere")));
        Map<String, Object> understanding = Map.of("fallbackIntents", List.of("fallback"), "understoodThreshold", 0.3);
        Map<String, Object> days = Map.of("days", 7);

        assertThat(api.get(settings(bot), reader).status()).isEqualTo(200);
        assertThat(api.put(settings(bot), understanding, reader).status()).isEqualTo(403);
        assertThat(api.put(retention(bot), days, reader).status()).isEqualTo(403);

        assertThat(api.put(settings(bot), understanding, setter).status()).isEqualTo(200);
        assertThat(api.put(retention(bot), days, setter).status()).isEqualTo(403);

        assertThat(api.put(settings(bot), understanding, statsStar).status()).isEqualTo(200);
        Api.Response refused = api.put(retention(bot), days, statsStar);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).contains(Grants.RETENTION);

        assertThat(api.put(retention(bot), days, keeper).status()).isEqualTo(200);
        assertThat(api.put(settings(bot), understanding, keeper).status()).isEqualTo(403);
        assertThat(api.get(settings(bot), keeper).status()).isEqualTo(403);

        assertThat(api.get(settings(bot), otherBot).status()).isEqualTo(403);
        assertThat(api.put(retention(bot), days, otherBot).status()).isEqualTo(403);
        assertThat(api.get(settings(bot), null).status()).isEqualTo(401);

        JsonNode stored = api.get(settings(bot)).json();
        assertThat(stored.get("fallbackIntents").get(0).asString()).isEqualTo("fallback");
        assertThat(stored.get("understoodThreshold").asDouble()).isEqualTo(0.3);
        assertThat(stored.get("retentionDays").asInt()).isEqualTo(7);
    }

    private static void assertError(Api.Response r, String... fragments) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).as(r.body()).contains(fragments);
    }
}
