package io.sextant.demo;

import io.sextant.auth.Grants;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads generated traffic into a running Sextant through its public HTTP API, as an operator
 * would: with the admin key it creates a key of its own that may only ingest into the generated
 * chatbots, registers their channels, sends the events and revokes that key again.
 */
public final class TrafficLoader {

    /** A key made through the admin API; {@code secret} is shown only this once. */
    public record Key(String id, String secret) {}

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String adminKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param baseUrl the service, such as {@code http://localhost:8080}
     * @param adminKey a key with {@code admin.apikeys} on {@code *} (the data directory's admin.key)
     */
    public TrafficLoader(String baseUrl, String adminKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.adminKey = adminKey;
    }

    /** Registers the channels, sends every event of the model and returns what was stored. */
    public EventSender.Result load(TrafficModel model, EventSender.Progress progress) {
        return load(model, EventSender.DEFAULT_BATCH_EVENTS, EventSender.DEFAULT_SENDERS, progress);
    }

    /** The same, with {@code batchEvents} events per request and {@code senders} concurrent requests. */
    public EventSender.Result load(TrafficModel model, int batchEvents, int senders, EventSender.Progress progress) {
        Key ingest = createKey("demo traffic loader", List.of(Grants.INGEST), model.chatbots());
        try {
            registerChannels(model.chatbots(), ingest.secret());
            return new EventSender(baseUrl, ingest.secret(), batchEvents, senders).send(model, progress);
        } finally {
            revokeKey(ingest.id());
        }
    }

    /** Registers (or updates) every channel of the chatbots through the channel endpoint. */
    public void registerChannels(List<DemoChatbot> chatbots, String key) {
        for (DemoChatbot bot : chatbots) {
            for (DemoChatbot.Channel c : bot.channels()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", c.name());
                body.put("type", c.type());
                if (c.number() != null) {
                    body.put("number", c.number());
                }
                body.put("status", "active");
                send("PUT", "/v1/chatbots/" + encode(bot.id()) + "/statistics/channels/" + encode(c.id()), body, key, 200);
            }
        }
    }

    /**
     * Sets each chatbot's fallback intents and understood threshold through the settings endpoint
     * ({@code PUT /v1/chatbots/{id}/statistics/settings}), with a key of its own that may only do
     * that and is revoked afterwards.
     */
    public void applySettings(List<DemoChatbot> chatbots) {
        Key settings = createKey("demo settings", List.of(Grants.SETTINGS), chatbots);
        try {
            for (DemoChatbot bot : chatbots) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("fallbackIntents", bot.fallbackIntents());
                body.put("understoodThreshold", bot.understoodThreshold());
                send("PUT", "/v1/chatbots/" + encode(bot.id()) + "/statistics/settings", body, settings.secret(), 200);
            }
        } finally {
            revokeKey(settings.id());
        }
    }

    /** A key with these permissions on exactly these chatbots. */
    public Key createKey(String name, List<String> permissions, List<DemoChatbot> chatbots) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("permissions", permissions);
        body.put("resources", chatbots.stream().map(b -> Grants.chatbot(b.id())).toList());
        JsonNode created = send("POST", "/v1/admin/api-keys", body, adminKey, 201);
        return new Key(created.path("id").asString(), created.path("apiKey").asString());
    }

    public void revokeKey(String id) {
        send("DELETE", "/v1/admin/api-keys/" + encode(id), null, adminKey, 204);
    }

    private JsonNode send(String method, String path, Object body, String key, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("x-chatcaptain-key", key).timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + baseUrl + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
        if (r.statusCode() != expected) {
            String error = r.body();
            try {
                error = JSON.readTree(r.body()).path("error").asString(r.body());
            } catch (RuntimeException ignored) {
                // not JSON: show the body as it is
            }
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + error);
        }
        return r.body() == null || r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
