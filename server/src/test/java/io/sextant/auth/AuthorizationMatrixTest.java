package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint that requires a permission, found in the running application, against every kind
 * of caller (SPEC §1, §7): no key, unknown key, revoked key 401; a key for another chatbot or
 * without the permission 403; the admin key neither. Endpoints added later are covered as they come.
 */
class AuthorizationMatrixTest extends ApiTest {

    static final String KNOWN_BOT = "matrix-bot";
    static final String OTHER_BOT = "matrix-other-bot";
    static final String PLACEHOLDER = "matrix-placeholder";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/:]+)(?::[^}]*)?}");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Endpoint(String method, String pattern, RequiresPermission required) {
        String path(String chatbotId) {
            Matcher m = VARIABLE.matcher(pattern);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, m.group(1).equals("chatbotId") ? chatbotId : PLACEHOLDER);
            }
            return m.appendTail(sb).toString();
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    /** Every handler method marked {@link RequiresPermission}, with each of its HTTP methods. */
    List<Endpoint> endpoints() {
        List<Endpoint> list = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            RequiresPermission required = handler.getMethodAnnotation(RequiresPermission.class);
            if (required == null) {
                return;
            }
            var methods = info.getMethodsCondition().getMethods();
            List<String> names = methods.isEmpty() ? List.of("GET") : methods.stream().map(RequestMethod::name).toList();
            for (String pattern : info.getPatternValues()) {
                for (String method : names) {
                    list.add(new Endpoint(method, pattern, required));
                }
            }
        });
        list.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        return list;
    }

    private String revokedKey;
    private String otherChatbotKey;

    @BeforeEach
    void keys() {
        var ev = Map.of("id", "e1", "type", "interaction", "timestamp", "2025-01-01T00:00:00Z", "channelId", "web", "conversationId", "c");
        assertThat(api.ingest(KNOWN_BOT, List.of(ev)).status()).isEqualTo(200);
        var created = api.postJson("/v1/admin/api-keys", Map.of("name", "revoked", "permissions", List.of("*"), "resources", List.of("*"))).json();
        revokedKey = created.get("apiKey").asString();
        assertThat(api.delete("/v1/admin/api-keys/" + created.get("id").asString(), api.adminKey()).status()).isEqualTo(204);
        otherChatbotKey = api.createKey("other chatbot", List.of("*"), List.of(Grants.chatbot(OTHER_BOT)));
    }

    /** A key with every permission except the one required, on every resource. */
    private String keyWithout(String permission) {
        List<String> others = Grants.PERMISSIONS.stream().filter(p -> !p.equals(permission)).toList();
        return api.createKey("without " + permission, others, List.of("*"));
    }

    private Api.Response call(Endpoint e, String path, String key) {
        var b = HttpRequest.newBuilder(URI.create(api.base() + path));
        boolean withBody = e.method().equals("POST") || e.method().equals("PUT") || e.method().equals("PATCH");
        b.method(e.method(), withBody ? HttpRequest.BodyPublishers.ofString(path.endsWith("/events") ? "[]" : "{}")
                : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("x-chatcaptain-key", key);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.headers(), r.body());
        } catch (Exception ex) {
            throw new IllegalStateException(e + " failed", ex);
        }
    }

    private static void assertStatus(Api.Response r, int status, String what) {
        assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/json");
        assertThat(r.error()).as(what).isNotBlank();
    }

    @Test
    void theMatrixFindsEveryFoundationEndpoint() {
        assertThat(endpoints()).extracting(Endpoint::toString).contains(
                "POST /v1/chatbots/{chatbotId}/statistics/events",
                "GET /v1/chatbots/{chatbotId}/statistics/channels",
                "PUT /v1/chatbots/{chatbotId}/statistics/channels/{channelId}",
                "POST /v1/admin/api-keys",
                "GET /v1/admin/api-keys",
                "DELETE /v1/admin/api-keys/{id}");
        for (Endpoint e : endpoints()) {
            assertThat(e.required().global() || e.pattern().contains("{chatbotId}"))
                    .as("%s names the chatbot it needs a permission on", e).isTrue();
        }
    }

    /** The API endpoints that deliberately need no key: the signed export download link (SPEC §6). */
    static final List<String> PUBLIC_API_ENDPOINTS = List.of("GET /v1/exports/{exportId}/download");

    @Test
    void everyApiEndpointNeedsAPermissionUnlessItIsDeliberatelyPublic() {
        List<String> unguarded = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getMethodAnnotation(RequiresPermission.class) != null) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/v1/")) {
                    continue;
                }
                var methods = info.getMethodsCondition().getMethods();
                for (String method : methods.isEmpty() ? List.of("ANY") : methods.stream().map(RequestMethod::name).toList()) {
                    unguarded.add(method + " " + pattern);
                }
            }
        });
        assertThat(unguarded).as("/v1 endpoints without @RequiresPermission").isSubsetOf(PUBLIC_API_ENDPOINTS);
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAgainstEveryCaller() {
        return endpoints().stream().map(e -> DynamicTest.dynamicTest(e.toString(), () -> {
            String path = e.path(KNOWN_BOT);
            String without = keyWithout(e.required().value());

            assertStatus(call(e, path, null), 401, e + " without a key");
            assertStatus(call(e, path, "CCSB-" + "A".repeat(43)), 401, e + " with an unknown key");
            assertStatus(call(e, path, "not-even-a-key"), 401, e + " with a malformed key");
            assertStatus(call(e, path, revokedKey), 401, e + " with a revoked key");
            assertStatus(call(e, path, otherChatbotKey), 403, e + " with a key of another chatbot");
            assertStatus(call(e, path, without), 403, e + " with a key without " + e.required().value());

            var admin = call(e, path, api.adminKey());
            assertThat(admin.status()).as(e + " with the admin key: " + admin.body()).isNotIn(401, 403, 405, 415, 500);
        }));
    }

    @TestFactory
    Stream<DynamicTest> aCallerWithoutAccessLearnsNothingAboutAnUnknownChatbot() {
        String keyOfKnownBot = api.createKey("known bot only", List.of("*"), List.of(Grants.chatbot(KNOWN_BOT)));
        return endpoints().stream().filter(e -> !e.required().global()).map(e -> DynamicTest.dynamicTest(e.toString(), () -> {
            String path = e.path("matrix-no-such-bot");
            assertStatus(call(e, path, keyOfKnownBot), 403, e + " on an unknown chatbot with a key of another chatbot");
            assertStatus(call(e, path, null), 401, e + " on an unknown chatbot without a key");
        }));
    }

    @Test
    void anUnknownChatbotIs404OnlyForACallerWithAccess() {
        String keyOfKnownBot = api.createKey("known bot reader", List.of(Grants.GET), List.of(Grants.chatbot(KNOWN_BOT)));
        assertThat(api.get("/v1/chatbots/matrix-no-such-bot/statistics/channels", keyOfKnownBot).status()).isEqualTo(403);
        assertThat(api.get("/v1/chatbots/matrix-no-such-bot/statistics/channels").status()).isEqualTo(404);
    }
}
