package io.sextant.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP/1.1 client of the service: every call returns the status and the whole body. */
final class Http {

    record Response(int status, String body) {}

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;
    private final String key;

    /** @param key the API key sent with every request; null for none */
    Http(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    Response get(String pathOrUrl) {
        return send(request(pathOrUrl).GET().build());
    }

    /** The same, or null when nothing listens yet. */
    Response tryGet(String path) {
        try {
            return get(path);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof IOException) {
                return null;
            }
            throw e;
        }
    }

    Response post(String path, byte[] json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    /** Downloads the body and returns its size in bytes; the content is read and dropped. */
    long download(String url) {
        try {
            HttpResponse<InputStream> r = CLIENT.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + new String(in.readAllBytes()));
                }
                long size = 0;
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    size += n;
                }
                return size;
            }
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
        if (key != null && !pathOrUrl.startsWith("http")) {
            b.header("x-chatcaptain-key", key);
        }
        return b;
    }

    /** Sleeps; an interruption ends the run. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
