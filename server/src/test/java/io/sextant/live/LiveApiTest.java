package io.sextant.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.auth.Grants;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live view over HTTP: unknown chatbots and channels, and access. */
class LiveApiTest extends ApiTest {

    private static final String BOT = "bot-live-api";
    private static final String LIVE = "/v1/chatbots/" + BOT + "/statistics/live";

    @Test
    void unknownChatbotsAndChannelsAre404AndAccessNeedsTheGetPermission() {
        var ev = Map.of("id", "e1", "type", "interaction", "timestamp", "2025-01-01T00:00:00Z", "channelId", "web-1", "conversationId", "c");
        assertThat(api.ingest(BOT, List.of(ev)).status()).isEqualTo(200);

        Api.Response bot = api.get("/v1/chatbots/no-such-bot/statistics/live");
        assertThat(bot.status()).isEqualTo(404);
        assertThat(bot.error()).isEqualTo("unknown chatbot 'no-such-bot'");
        Api.Response channel = api.get(LIVE + "?channelId=nope-1");
        assertThat(channel.status()).isEqualTo(404);
        assertThat(channel.error()).isEqualTo("unknown channel 'nope-1' of chatbot 'bot-live-api'");
        assertThat(api.get(LIVE + "?channelId=web-1").status()).isEqualTo(200);

        assertThat(api.get(LIVE, null).status()).isEqualTo(401);
        String ingestOnly = api.createKey("live ingest only", List.of(Grants.INGEST), List.of(Grants.chatbot(BOT)));
        Api.Response forbidden = api.get(LIVE, ingestOnly);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.error()).isEqualTo("API key lacks permission chatbots.statistics.get on chatbots/bot-live-api");
        String otherBot = api.createKey("live other bot", List.of(Grants.GET), List.of(Grants.chatbot("bot-elsewhere")));
        assertThat(api.get(LIVE, otherBot).status()).isEqualTo(403);
        String reader = api.createKey("live reader", List.of(Grants.GET), List.of(Grants.chatbot(BOT)));
        Api.Response ok = api.get(LIVE, reader);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("activeConversations").asLong()).isZero();
        assertThat(ok.json().get("eventsPerMinute")).hasSize(60);
    }
}
