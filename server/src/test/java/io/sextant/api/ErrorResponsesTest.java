package io.sextant.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every failure answers JSON {"error": ...} with the right status: never HTML, never a stack trace (SPEC §1). */
@Import(ErrorResponsesTest.ProbeController.class)
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class ErrorResponsesTest extends ApiTest {

    /** Endpoints with query parameters and a failure, outside /v1 so that they touch nothing else. */
    @RestController
    static class ProbeController {
        @GetMapping("/test-probe/window")
        String window(@RequestParam String from, @RequestParam(required = false) Integer interval) {
            return from + interval;
        }

        @GetMapping("/test-probe/chatbots/{chatbotId}/guarded")
        @RequiresPermission(Grants.GET)
        String guarded(@PathVariable String chatbotId) {
            return chatbotId;
        }

        @GetMapping("/test-probe/fail")
        String fail() {
            throw new IllegalStateException("internal detail that must not leak");
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Api.Response send(String method, String path, String contentType, String body, String accept) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(api.base() + path)).header("x-chatcaptain-key", api.adminKey())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Api.Response(r.statusCode(), r.headers(), r.body());
    }

    private static void assertJsonError(Api.Response r, int status, String error) {
        assertJsonErrorStartingWith(r, status, error);
        assertThat(r.error()).isEqualTo(error);
    }

    private static void assertJsonErrorStartingWith(Api.Response r, int status, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.json().propertyNames()).containsExactly("error");
        assertThat(r.error()).startsWith(error);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("<html");
    }

    @Test
    void unknownRoutesAre404() throws Exception {
        assertJsonError(send("GET", "/v1/nothing-here", null, null, null), 404, "no such endpoint: GET /v1/nothing-here");
        assertJsonError(send("GET", "/nothing-here", null, null, "text/html"), 404, "no such endpoint: GET /nothing-here");
        assertJsonError(send("POST", "/v1/chatbots/b/statistics/nothing", "application/json", "[]", null), 404,
                "no such endpoint: POST /v1/chatbots/b/statistics/nothing");
        var noKey = api.get("/v1/nothing-here", null);
        assertJsonError(noKey, 404, "no such endpoint: GET /v1/nothing-here");
    }

    @Test
    void aWrongMethodIs405() throws Exception {
        assertJsonError(send("DELETE", "/v1/chatbots/b/statistics/events", null, null, null), 405, "method DELETE is not allowed here");
        assertJsonError(send("GET", "/v1/chatbots/b/statistics/events", null, null, "text/html"), 405, "method GET is not allowed here");
        assertJsonError(send("PATCH", "/v1/admin/api-keys", "application/json", "{}", null), 405, "method PATCH is not allowed here");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertJsonError(send("PUT", "/v1/chatbots/b/statistics/channels/c", "application/json", "{\"name\": ", null), 400,
                "request body is not valid JSON of the expected form");
        assertJsonError(send("POST", "/v1/admin/api-keys", "application/json", "{\"name\": [", null), 400,
                "request body is not valid JSON of the expected form");
        assertJsonError(send("POST", "/v1/chatbots/b/statistics/events", "application/json", "[{", null), 400,
                "request body is not valid JSON");
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        assertJsonErrorStartingWith(send("PUT", "/v1/chatbots/b/statistics/channels/c", "text/plain", "{\"name\": \"x\", \"type\": \"web\"}", null), 415,
                "content type 'text/plain");
        assertJsonErrorStartingWith(send("POST", "/v1/admin/api-keys", "application/xml", "<key/>", null), 415,
                "content type 'application/xml");
        assertJsonError(send("POST", "/v1/chatbots/b/statistics/events", "text/csv", "a,b", null), 415,
                "content type 'text/csv' is not supported; send application/json or application/x-ndjson");
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        String body = "[" + " ".repeat(10 * 1024 * 1024) + "]";
        assertJsonError(send("POST", "/v1/chatbots/b/statistics/events", "application/json", body, null), 413,
                "request body is larger than 10485760 bytes");
    }

    @Test
    void aMissingOrMalformedQueryParameterIs400NamingIt() throws Exception {
        assertJsonError(send("GET", "/test-probe/window", null, null, null), 400, "missing required parameter 'from'");
        assertJsonError(send("GET", "/test-probe/window?from=x&interval=hourly", null, null, null), 400,
                "parameter 'interval' has an invalid value 'hourly'");
        assertThat(send("GET", "/test-probe/window?from=x&interval=3600", null, null, null).status()).isEqualTo(200);
    }

    @Test
    void aPermissionIsCheckedOutsideV1Too() throws Exception {
        assertJsonError(api.get("/test-probe/chatbots/b/guarded", null), 401, "missing API key: send it in the x-chatcaptain-key header");
        String other = api.createKey("probe", List.of(Grants.GET), List.of("chatbots/other"));
        assertJsonError(api.get("/test-probe/chatbots/b/guarded", other), 403, "API key lacks permission chatbots.statistics.get on chatbots/b");
        assertThat(api.get("/test-probe/chatbots/b/guarded").body()).isEqualTo("b");
    }

    @Test
    void anUnexpectedFailureIs500WithoutDetails() throws Exception {
        assertJsonError(send("GET", "/test-probe/fail", null, null, "text/html"), 500, "internal error");
    }

    @Test
    void theErrorPageItselfAnswersJson() throws Exception {
        assertJsonError(send("GET", "/error", null, null, "text/html"), 500, "internal error");
    }

    @Test
    void requestsTheContainerRejectsAnswerJsonToo() throws Exception {
        for (String target : List.of("/v1/%zz", "/v1/chatbots/a%2Fb/statistics/channels", "/v1/a%00b")) {
            String response = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(response).as(target).startsWith("HTTP/1.1 400").contains("application/json").doesNotContain("<html")
                    .doesNotContainIgnoringCase("tomcat").contains("{\"error\":");
        }
    }

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("localhost", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What a client that sends a 300 MB body saw: the answer it read, and whether the server closed the connection. */
    record HugeBody(String answer, boolean closedByServer) {}

    /**
     * Announces a body of 300 MB and sends it in 64 KiB pieces (16 MiB at most) while another thread
     * reads the answer: the server must answer and then close the connection, not read on. Writing
     * may then fail (a reset or a broken pipe): that is the server's closing too.
     */
    private HugeBody sendHugeBody(String head) throws Exception {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(20_000);
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            java.util.concurrent.CompletableFuture<Boolean> closed = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                byte[] buffer = new byte[8192];
                try {
                    InputStream in = s.getInputStream();
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (answer) {
                            answer.write(buffer, 0, n);
                        }
                    }
                    return true; // the end of the stream: the server closed
                } catch (java.net.SocketTimeoutException e) {
                    return false; // the server kept the connection open, reading on
                } catch (java.io.IOException e) {
                    return true; // reset by the server
                }
            });
            OutputStream out = s.getOutputStream();
            try {
                out.write((head + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 300000000\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] piece = new byte[64 * 1024];
                for (int sent = 0; sent < 16 << 20 && !closed.isDone(); sent += piece.length) {
                    out.write(piece);
                }
                out.flush();
            } catch (java.io.IOException e) {
                // the server closed while we were still sending
            }
            boolean closedByServer = closed.get(30, java.util.concurrent.TimeUnit.SECONDS);
            synchronized (answer) {
                return new HugeBody(answer.toString(StandardCharsets.UTF_8), closedByServer);
            }
        }
    }

    @Test
    void aHugeBodyWithoutAKeyIsNotReadToTheEndBeforeThe401() throws Exception {
        HugeBody noKey = sendHugeBody("POST /v1/chatbots/b/statistics/events HTTP/1.1\r\n");
        assertThat(noKey.closedByServer()).as(noKey.answer()).isTrue();
        assertThat(noKey.answer()).startsWith("HTTP/1.1 401").contains("{\"error\":\"missing API key");
        HugeBody unknownKey = sendHugeBody("POST /v1/chatbots/b/statistics/events HTTP/1.1\r\nx-chatcaptain-key: CCSB-nope\r\n");
        assertThat(unknownKey.closedByServer()).as(unknownKey.answer()).isTrue();
        assertThat(unknownKey.answer()).startsWith("HTTP/1.1 401").contains("{\"error\":\"unknown or revoked API key\"}");
        HugeBody noRoute = sendHugeBody("POST /v1/no-such-endpoint HTTP/1.1\r\n");
        assertThat(noRoute.closedByServer()).as(noRoute.answer()).isTrue();
        assertThat(noRoute.answer()).startsWith("HTTP/1.1 404");
    }

    @Test
    void aClientThatGoesAwayMidBodyIsOneLineInTheLogNotAnError(org.springframework.boot.test.system.CapturedOutput output)
            throws Exception {
        try (Socket s = new Socket("localhost", port)) {
            s.getOutputStream().write(("POST /v1/chatbots/gone-bot/statistics/events HTTP/1.1\r\nHost: localhost\r\n"
                    + "x-chatcaptain-key: " + api.adminKey() + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[{\"id\":")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            Thread.sleep(200); // the server is reading the body now
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!output.getAll().contains("body ended early") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(output.getAll()).contains("An ingestion request's body ended early, nothing of it was stored")
                .doesNotContain("Unexpected failure on POST /v1/chatbots/gone-bot");
        assertThat(api.get("/v1/chatbots/gone-bot/statistics/channels").status()).isEqualTo(404); // nothing stored
    }
}
