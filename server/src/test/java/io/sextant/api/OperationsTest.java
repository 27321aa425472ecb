package io.sextant.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.sextant.auth.RequiresPermission;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.OpenApiValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
        // the writer's time per commit group: the batch above took one group at least, and some time
        var commits = java.util.regex.Pattern.compile("(?m)^sextant_ingest_commit_seconds_(count|sum) ([0-9.eE+-]+)$").matcher(r.body());
        Map<String, Double> commit = new java.util.HashMap<>();
        while (commits.find()) {
            commit.put(commits.group(1), Double.parseDouble(commits.group(2)));
        }
        assertThat(commit.get("count")).as(r.body()).isGreaterThanOrEqualTo(1);
        assertThat(commit.get("sum")).isPositive();
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

    /** springdoc names an operation without an operationId after its handler method, with _1, _2, ... for repeats. */
    @Test
    void everyOperationHasAUniqueOperationIdOfItsOwn() {
        JsonNode paths = api.get("/v3/api-docs", null).json().get("paths");
        Set<String> handlerMethods = new HashSet<>();
        mappings.getHandlerMethods().values().forEach(h -> handlerMethods.add(h.getMethod().getName()));
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        forEachOperation(paths, (name, op) -> {
            String id = op.path("operationId").asString("");
            if (id.isBlank()) {
                problems.add(name + " has no operationId");
            } else if (!seen.add(id)) {
                problems.add(name + " repeats operationId " + id);
            } else if (handlerMethods.contains(id) || id.matches(".*_\\d+")) {
                problems.add(name + " has springdoc's default operationId " + id + "; give it one with @Operation(operationId = ...)");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(seen).contains("ingestEvents", "putChannel", "listChannels", "getOverviewReport", "getChannelReport",
                "getInboxStatistics", "createExport", "getExport", "downloadExport", "createApiKey", "listApiKeys", "revokeApiKey",
                "getSettings", "putSettings", "putRetention");
    }

    @Test
    void everyErrorResponseIsAJsonErrorBodyAndEveryReferenceResolves() {
        JsonNode doc = api.get("/v3/api-docs", null).json();
        List<String> problems = new ArrayList<>();
        forEachOperation(doc.get("paths"), (name, op) -> op.path("responses").properties().forEach(r -> {
            if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                JsonNode content = r.getValue().path("content");
                if (!List.of("application/json").equals(List.copyOf(content.propertyNames()))
                        || !"#/components/schemas/ErrorBody".equals(content.path("application/json").path("schema").path("$ref").asString(""))) {
                    problems.add(name + " " + r.getKey() + " is not application/json ErrorBody: " + content);
                }
            }
        }));
        JsonNode schemas = doc.path("components").path("schemas");
        Matcher refs = Pattern.compile("\"\\$ref\":\"([^\"]*)\"").matcher(doc.toString());
        while (refs.find()) {
            String ref = refs.group(1);
            if (!ref.startsWith("#/components/schemas/") || !schemas.has(ref.substring("#/components/schemas/".length()))) {
                problems.add("reference " + ref + " resolves to no schema");
            }
        }
        assertThat(problems).isEmpty();

        JsonNode error = schemas.get("ErrorBody");
        assertThat(error.path("type").asString()).isEqualTo("object");
        assertThat(error.path("required").toString()).isEqualTo("[\"error\"]");
        JsonNode detail = schemas.get(error.path("properties").path("details").path("items").path("$ref").asString().replace("#/components/schemas/", ""));
        assertThat(detail.path("required").valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrder("index", "error");
        assertThat(detail.path("properties").path("index").path("type").asString()).isEqualTo("integer");
        assertThat(detail.path("properties").path("error").path("type").asString()).isEqualTo("string");
    }

    @Test
    void everyOperationDocumentsTheStatusesItCanAnswer() {
        JsonNode paths = api.get("/v3/api-docs", null).json().get("paths");
        List<String> problems = new ArrayList<>();
        forEachOperation(paths, (name, op) -> {
            Set<String> codes = new TreeSet<>(op.path("responses").propertyNames());
            Set<String> expected = new TreeSet<>(List.of("405", "406", "500"));
            if (op.has("requestBody")) {
                expected.add("415");
            }
            String id = op.path("operationId").asString("");
            if (id.equals("ingestEvents") || id.equals("putChannel")) {
                expected.addAll(List.of("503", "507"));
                for (String code : List.of("503", "507")) {
                    if (!op.path("responses").path(code).path("headers").has("Retry-After")) {
                        problems.add(name + " " + code + " does not document Retry-After");
                    }
                }
            }
            if (id.equals("revokeApiKey")) {
                expected.add("409");
            }
            if (!codes.containsAll(expected)) {
                problems.add(name + " documents " + codes + ", not all of " + expected);
            }
        });
        assertThat(problems).isEmpty();
    }

    /** The examples are answers and bodies as the API gives and takes them: each must match its own schema. */
    @Test
    void everyExampleMatchesItsSchema() {
        JsonNode paths = api.get("/v3/api-docs", null).json().get("paths");
        var validator = OpenApiValidation.validator(api.base());
        List<String> problems = new ArrayList<>();
        Set<String> withExamples = new TreeSet<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(o -> {
            String concrete = path.getKey().replaceAll("\\{([^}]*)}", "$1");
            Request.Method method = Request.Method.valueOf(o.getKey().toUpperCase());
            JsonNode op = o.getValue();
            op.path("responses").properties().forEach(r -> r.getValue().path("content").properties().forEach(media -> {
                if (media.getValue().has("example")) {
                    withExamples.add(op.path("operationId").asString() + " " + r.getKey());
                    ValidationReport report = validator.validateResponse(concrete, method, SimpleResponse.Builder
                            .status(Integer.parseInt(r.getKey())).withContentType(media.getKey()).withBody(media.getValue().get("example").toString()).build());
                    report.getMessages().forEach(m -> problems.add(op.path("operationId").asString() + " " + r.getKey() + ": " + m.getMessage()));
                }
            }));
            op.path("requestBody").path("content").properties().forEach(media -> {
                if (media.getValue().has("example") && media.getKey().equals("application/json")) {
                    withExamples.add(op.path("operationId").asString() + " request");
                    ValidationReport report = validator.validateRequest(new SimpleRequest.Builder(method, concrete)
                            .withContentType(media.getKey()).withBody(media.getValue().get("example").toString()).build());
                    report.getMessages().stream().filter(m -> m.getKey().startsWith("validation.request.body"))
                            .forEach(m -> problems.add(op.path("operationId").asString() + " request: " + m.getMessage()));
                }
            });
        }));
        assertThat(problems).isEmpty();
        assertThat(withExamples).contains("ingestEvents request", "getOverviewReport 200", "getChannelReport 200",
                "getInboxStatistics 200", "getExport 200", "createApiKey 201");
    }

    private static void forEachOperation(JsonNode paths, java.util.function.BiConsumer<String, JsonNode> action) {
        paths.properties().forEach(path -> path.getValue().properties().forEach(op ->
                action.accept(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue())));
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
