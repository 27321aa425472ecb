package io.sextant.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.sextant.auth.RequiresPermission;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** Health, metrics and the OpenAPI document (SPEC §8). */
class OperationsTest extends ApiTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void healthAnswersExactlyUpWithoutAKey() {
        var r = api.get("/actuator/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void prometheusWorksAndHoldsNoTenantData() {
        String bot = "tenant-zebra-4711";
        String channel = "channel-okapi-0815";
        var ev = Map.of("id", "evt-narwhal-1", "type", "message", "timestamp", "2025-01-01T00:00:00Z", "channelId", channel,
                "conversationId", "conv-quokka-1", "direction", "agent", "agentId", "agent-axolotl", "text", "hello");
        assertThat(api.ingest(bot, List.of(ev)).status()).isEqualTo(200);
        assertThat(api.get("/v1/chatbots/" + bot + "/statistics/channels").status()).isEqualTo(200);
        assertThat(api.get("/v1/chatbots/" + bot + "/statistics/channels/" + channel).status()).isEqualTo(405); // a path of another method
        assertThat(api.get("/v1/chatbots/" + bot + "/statistics/channels", "CCSB-wrong").status()).isEqualTo(401);

        var r = api.get("/actuator/prometheus", api.adminKey());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("sextant_ingest_events_total").contains("http_server_requests_seconds_count");
        for (String secret : List.of("zebra", "okapi", "narwhal", "quokka", "axolotl", "hello", api.adminKey())) {
            assertThat(r.body()).as(secret).doesNotContain(secret);
        }
    }

    @Test
    void prometheusNeedsAKeyWithTheMetricsPermission() throws Exception {
        var none = api.get("/actuator/prometheus", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.error()).startsWith("missing API key");
        assertThat(none.body()).doesNotContain("jvm_");
        assertThat(api.get("/actuator/prometheus", "CCSB-unknown").status()).isEqualTo(401);

        String reader = api.createKey("no metrics", List.of("chatbots.statistics.*", "admin.apikeys"), List.of("*"));
        var forbidden = api.get("/actuator/prometheus", reader);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.error()).isEqualTo("API key lacks permission admin.metrics on *");

        String scraper = api.createKey("prometheus", List.of("admin.metrics"), List.of("*"));
        assertThat(api.get("/actuator/prometheus", scraper).status()).isEqualTo(200);
        var bearer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api.base() + "/actuator/prometheus")).header("Authorization", "Bearer " + scraper).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.body()).contains("sextant_ingest_events_total");
        // a key for one chatbot never reads the metrics, whatever its permissions
        assertThat(api.get("/actuator/prometheus", api.createKey("bot only", List.of("*"), List.of("chatbots/x"))).status())
                .isEqualTo(403);
        // health stays open for load balancers
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump")) {
            var r = api.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        }
    }

    @Test
    void apiDocsDescribeEveryFoundationEndpointWithItsErrors() {
        var r = api.get("/v3/api-docs", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode paths = r.json().get("paths");

        assertOperation(paths, "/v1/chatbots/{chatbotId}/statistics/events", "post", List.of("chatbotId"), "200", "400", "401", "403", "413", "415");
        assertOperation(paths, "/v1/chatbots/{chatbotId}/statistics/channels", "get", List.of("chatbotId"), "200", "401", "403", "404");
        assertOperation(paths, "/v1/chatbots/{chatbotId}/statistics/channels/{channelId}", "put", List.of("chatbotId", "channelId"),
                "200", "400", "401", "403");
        assertOperation(paths, "/v1/admin/api-keys", "post", List.of(), "201", "400", "401", "403");
        assertOperation(paths, "/v1/admin/api-keys", "get", List.of(), "200", "401", "403");
        assertOperation(paths, "/v1/admin/api-keys/{id}", "delete", List.of("id"), "204", "401", "403", "404");

        assertThat(paths.get("/v1/chatbots/{chatbotId}/statistics/events").get("post").get("requestBody").get("content").propertyNames())
                .contains("application/json", "application/x-ndjson");
        assertThat(paths.get("/v1/admin/api-keys").get("post").get("requestBody")).isNotNull();
        assertThat(paths.get("/v1/chatbots/{chatbotId}/statistics/channels/{channelId}").get("put").get("requestBody")).isNotNull();
        assertThat(r.json().get("components").get("securitySchemes").get("apiKey").get("name").asString()).isEqualTo("x-chatcaptain-key");
    }

    @Test
    void everyDocumentedOperationHasASummaryAndDescribedParameters() {
        JsonNode paths = api.get("/v3/api-docs", null).json().get("paths");
        List<String> problems = new ArrayList<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode o = op.getValue();
            if (o.path("summary").asString("").isBlank()) {
                problems.add(name + " has no summary");
            }
            o.path("parameters").forEach(p -> {
                if (p.path("description").asString("").isBlank()) {
                    problems.add(name + " parameter " + p.path("name").asString() + " has no description");
                }
            });
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyEndpointThatNeedsAKeyIsDocumentedWith401And403() {
        JsonNode paths = api.get("/v3/api-docs", null).json().get("paths");
        List<String> problems = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getMethodAnnotation(RequiresPermission.class) == null) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                for (var method : info.getMethodsCondition().getMethods()) {
                    JsonNode op = paths.path(pattern).path(method.name().toLowerCase());
                    if (op.isMissingNode()) {
                        problems.add(method + " " + pattern + " is not documented");
                    } else if (!op.path("responses").has("401") || !op.path("responses").has("403")) {
                        problems.add(method + " " + pattern + " does not document 401 and 403");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    private static void assertOperation(JsonNode paths, String path, String method, List<String> parameters, String... responses) {
        JsonNode op = paths.path(path).path(method);
        assertThat(op.isMissingNode()).as(method + " " + path + " is documented").isFalse();
        assertThat(op.get("responses").propertyNames()).as(method + " " + path).contains(responses);
        List<String> names = new ArrayList<>();
        op.path("parameters").forEach(p -> names.add(p.get("name").asString()));
        assertThat(names).as(method + " " + path).containsAll(parameters);
        for (String code : responses) {
            if (code.startsWith("4")) {
                assertThat(op.get("responses").get(code).path("description").asString()).as(method + " " + path + " " + code).isNotBlank();
            }
        }
    }
}
