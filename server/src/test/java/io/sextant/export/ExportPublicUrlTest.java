package io.sextant.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.ApiTest;
import io.sextant.support.Exports;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** With sextant.public-url set, links and Location use it instead of the request's host. */
@TestPropertySource(properties = {"sextant.public-url=https://stats.example.com/sextant/", "sextant.export.link-ttl=2h"})
class ExportPublicUrlTest extends ApiTest {

    @Test
    void linksUseThePublicUrlAndTheConfiguredLifetime() {
        var ev = Map.of("id", "m1", "type", "message", "timestamp", "2025-06-01T12:00:00.000Z",
                "channelId", "web-1", "conversationId", "c1", "direction", "user", "text", "hello");
        assertThat(api.ingest("bot-pub", List.of(ev)).status()).isEqualTo(200);
        var created = api.post("/v1/chatbots/bot-pub/statistics/export?from=2025-06-01T00:00:00Z&to=2025-06-01T23:59:59.999Z",
                null, "", api.adminKey());
        String id = created.json().get("exportId").asString();
        assertThat(created.headers().firstValue("Location"))
                .hasValue("https://stats.example.com/sextant/v1/chatbots/bot-pub/statistics/export/" + id);
        JsonNode done = Exports.await(api, "bot-pub", id);
        String url = done.get("downloadUrl").asString();
        assertThat(url).startsWith("https://stats.example.com/sextant/v1/exports/" + id + "/download?expires=");
        assertThat(java.time.Duration.between(java.time.Instant.parse(done.get("completedAt").asString()),
                java.time.Instant.parse(done.get("expiresAt").asString()))).isEqualTo(java.time.Duration.ofHours(2));
        // The signed path and query work on this server too.
        String local = api.base() + url.substring("https://stats.example.com/sextant".length());
        assertThat(api.get(local, null).status()).isEqualTo(200);
    }
}
