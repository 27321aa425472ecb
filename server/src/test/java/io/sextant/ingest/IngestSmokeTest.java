package io.sextant.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSmokeTest extends ApiTest {

    @Test
    void storesEventsAndCountsDuplicates() {
        var ev = Map.of("id", "e1", "type", "message", "timestamp", "2025-01-04T23:00:00.000Z",
                "channelId", "web-1", "conversationId", "c1", "direction", "user", "text", "hi");
        var r = api.ingest("bot-1", List.of(ev, ev));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(r.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(api.get("/v1/chatbots/bot-1/statistics/channels").json().get("channels").get(0).get("type").asString())
                .isEqualTo("unknown");
    }
}
