package io.sextant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.ApiTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/** What {@code bin/sextant demo} does on a fresh, a filled, an interrupted and a foreign data directory. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoSetupTest extends ApiTest {

    private static final TrafficModel.Scale SMALL = new TrafficModel.Scale(3, 3, 40);
    private static String firstKey;

    private String run(boolean freshDatabase, Path dataDir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoSetup.run(api.base(), dataDir, freshDatabase, clock, 1, SMALL, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void aFreshDirectoryIsFilledAndGetsAReaderKey() throws IOException {
        String out = run(true, props.dataDir());
        Path keyFile = props.dataDir().resolve(DemoSetup.KEY_FILE);
        firstKey = Files.readString(keyFile).strip();

        assertThat(out).contains("Generating 120 conversations of 3 chatbots over 3 days")
                .contains("(120 conversations)")
                .contains("Dashboard:  " + api.base() + "/#key=" + firstKey + "&chatbots=demo-shop,demo-insurance,demo-cityhall")
                .contains("API key:    " + firstKey);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.readString(props.dataDir().resolve(DemoSetup.STATE_FILE))).contains("complete=true");

        // the printed key reads and exports the demo chatbots, and can do nothing else
        assertThat(api.get("/v1/chatbots/demo-insurance/statistics/channels", firstKey).json().get("channels"))
                .extracting(c -> c.get("id").asString() + ":" + c.get("type").asString())
                .containsExactly("hotline:voice", "web:web", "whatsapp:meta-whatsapp");
        assertThat(api.postJson("/v1/chatbots/demo-shop/statistics/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
                "", firstKey).status()).isEqualTo(202);
        assertThat(api.postJson("/v1/chatbots/demo-shop/statistics/events", List.of(), firstKey).status()).isEqualTo(403);
        assertThat(api.get("/v1/chatbots/other/statistics/channels", firstKey).status()).isEqualTo(403);
        // each chatbot's fallback intents and threshold were set through the settings endpoint
        for (DemoChatbot bot : new TrafficModel(SMALL, 1, clock.instant()).chatbots()) {
            JsonNode settings = api.get("/v1/chatbots/" + bot.id() + "/statistics/settings", firstKey).json();
            assertThat(settings.get("fallbackIntents")).extracting(JsonNode::asString).containsExactlyElementsOf(bot.fallbackIntents());
            assertThat(settings.get("understoodThreshold").asDouble()).isEqualTo(bot.understoodThreshold());
        }
        assertThat(api.get("/v1/chatbots/demo-cityhall/statistics/settings", firstKey).json().get("fallbackIntents"))
                .extracting(JsonNode::asString).containsExactly("fallback", "not_city_matter");
        // the loader's ingestion and settings keys were revoked; the reader key stays
        assertThat(api.get("/v1/admin/api-keys").json().get("apiKeys"))
                .extracting(k -> k.get("name").asString()).contains("demo dashboard")
                .doesNotContain("demo traffic loader", "demo settings");
    }

    @Test
    @Order(2)
    void aFilledDirectoryIsOnlyServedWithTheSameKey() {
        String out = run(false, props.dataDir());
        assertThat(out).doesNotContain("Generating").contains("API key:    " + firstKey);
    }

    @Test
    @Order(3)
    void anInterruptedRunIsResumedWithoutDuplicates() throws IOException {
        Path state = props.dataDir().resolve(DemoSetup.STATE_FILE);
        Files.writeString(state, Files.readString(state).replace("complete=true", "complete=false"));
        String out = run(false, props.dataDir());
        assertThat(out).contains("Generating 120 conversations").containsPattern("Ingested ([0-9,]+) events .* \\1 of them were already stored")
                .contains("API key:    " + firstKey);
        assertThat(Files.readString(state)).contains("complete=true");
    }

    @Test
    @Order(4)
    void aDirectoryWithOtherDataIsServedAsItIs() throws IOException {
        Path other = Files.createTempDirectory("sextant-not-a-demo");
        String out = run(false, other);
        assertThat(out).contains("holds data the demo did not generate").doesNotContain("Generating");
        assertThat(Files.list(other).map(p -> p.getFileName().toString()).toList()).isEmpty();
        Files.delete(other);
    }
}
