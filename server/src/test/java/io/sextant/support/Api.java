package io.sextant.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests: real requests against a running Sextant. Every answer to a
 * {@code /v1} request on that server is checked against the server's OpenAPI document
 * ({@link OpenApiValidation}): an answer the document does not describe fails the test that got it.
 */
public final class Api {

    public static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String base;
    private final String adminKey;

    public Api(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    public String base() {
        return base;
    }

    public String adminKey() {
        return adminKey;
    }

    /** An answer: status, headers and body (parsed as JSON when it is JSON). */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String error() {
            return json().path("error").asString();
        }
    }

    public Response get(String path, String key) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), key);
    }

    public Response get(String path) {
        return get(path, adminKey);
    }

    public Response post(String path, String contentType, String body, String key) {
        var b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, key);
    }

    public Response postJson(String path, Object body, String key) {
        return post(path, "application/json", body instanceof String s ? s : JSON.writeValueAsString(body), key);
    }

    public Response postJson(String path, Object body) {
        return postJson(path, body, adminKey);
    }

    public Response put(String path, Object body, String key) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))), key);
    }

    public Response delete(String path, String key) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), key);
    }

    /** Sends events of {@code chatbotId} as a JSON array with the admin key. */
    public Response ingest(String chatbotId, List<?> events) {
        return postJson("/v1/chatbots/" + chatbotId + "/statistics/events", events);
    }

    /** Creates a key and returns its secret. */
    public String createKey(String name, List<String> permissions, List<String> resources) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("permissions", permissions);
        body.put("resources", resources);
        Response r = postJson("/v1/admin/api-keys", body);
        if (r.status() != 201) {
            throw new IllegalStateException("creating a key failed: " + r);
        }
        return r.json().get("apiKey").asString();
    }

    public static String query(Map<String, ?> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    private Response send(HttpRequest.Builder b, String key) {
        if (key != null) {
            b.header("x-chatcaptain-key", key);
        }
        try {
            HttpRequest request = b.build();
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Response response = new Response(r.statusCode(), r.headers(), r.body());
            URI uri = request.uri();
            if (uri.toString().startsWith(base + "/v1/")) {
                OpenApiValidation.check(base, request.method(), uri.getRawPath(), response);
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
