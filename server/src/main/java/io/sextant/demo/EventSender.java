package io.sextant.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a {@link TrafficModel}'s traffic to a running Sextant through its ingestion endpoint
 * ({@code POST /v1/chatbots/{id}/statistics/events}), the same path every chatbot runtime uses.
 *
 * <p>Events are written as JSON straight into per-chatbot batches of whole conversations; a full
 * batch goes to one of {@code senders} HTTP workers while generation goes on. At most two batches
 * per worker wait, so memory stays bounded whatever the scale. The first failed request stops the
 * run with the service's own error message.
 */
public final class EventSender {

    /** Told after each acknowledged batch. */
    @FunctionalInterface
    public interface Progress {
        void acknowledged(long conversations, long events);

        /**
         * The same, with the time from sending the batch to its acknowledgement; the benchmark
         * records it. By default it only calls {@link #acknowledged(long, long)}.
         */
        default void acknowledged(long conversations, long events, long latencyNanos) {
            acknowledged(conversations, events);
        }
    }

    /** What a run sent: conversations, events stored, events skipped as already stored, and the time it took. */
    public record Result(long conversations, long accepted, long duplicates, Duration elapsed) {
        public long events() {
            return accepted + duplicates;
        }

        public double eventsPerSecond() {
            return events() / Math.max(0.001, elapsed.toNanos() / 1e9);
        }
    }

    /** Batch size and concurrency that ingest fastest on a small machine. */
    public static final int DEFAULT_BATCH_EVENTS = 5_000;
    public static final int DEFAULT_SENDERS = 3;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonFactory FACTORY = new JsonFactory();

    private final String baseUrl;
    private final String key;
    private final int batchEvents;
    private final int senders;
    private final HttpClient http;

    /**
     * @param baseUrl the service, such as {@code http://localhost:8080}
     * @param key an API key with {@code chatbots.statistics.ingest} on the model's chatbots
     * @param batchEvents events per request at least (a batch ends with a whole conversation; at most 10,000)
     * @param senders concurrent requests
     */
    public EventSender(String baseUrl, String key, int batchEvents, int senders) {
        if (batchEvents < 1 || batchEvents > 9_000) {
            throw new IllegalArgumentException("batchEvents must be 1 to 9,000 (a request holds at most 10,000 events)");
        }
        if (senders < 1) {
            throw new IllegalArgumentException("senders must be 1 or more");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
        this.batchEvents = batchEvents;
        this.senders = senders;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Generates the model's traffic and sends all of it; returns once every batch is acknowledged. */
    public Result send(TrafficModel model, Progress progress) {
        long started = System.nanoTime();
        try (Run run = new Run(progress)) {
            Map<String, Batch> open = new HashMap<>();
            model.generate((chatbotId, events) -> {
                Batch batch = open.computeIfAbsent(chatbotId, Batch::new);
                batch.add(events);
                if (batch.events >= batchEvents) {
                    open.remove(chatbotId);
                    run.submit(batch);
                }
            });
            for (Batch batch : List.copyOf(open.values())) {
                run.submit(batch);
            }
            run.awaitAll();
            return new Result(run.conversations.get(), run.accepted.get(), run.duplicates.get(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** One send: the workers, the batches in flight, the totals and the first failure. */
    private final class Run implements AutoCloseable {
        private final ExecutorService pool = Executors.newFixedThreadPool(senders,
                Thread.ofPlatform().name("sextant-demo-sender-", 0).factory());
        private final Semaphore inFlight = new Semaphore(senders * 2);
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicLong conversations = new AtomicLong();
        private final Progress progress;

        Run(Progress progress) {
            this.progress = progress;
        }

        /** Hands the batch to a worker; waits while all of them are busy and two batches each wait. */
        void submit(Batch batch) {
            rethrowFailure();
            inFlight.acquireUninterruptibly();
            Batch.Done done = batch.finish();
            pool.execute(() -> {
                try {
                    if (failure.get() == null) {
                        long sent = System.nanoTime();
                        JsonNode answer = post(done);
                        long latency = System.nanoTime() - sent;
                        accepted.addAndGet(answer.path("accepted").asLong());
                        duplicates.addAndGet(answer.path("duplicates").asLong());
                        conversations.addAndGet(done.conversations());
                        progress.acknowledged(done.conversations(), done.events(), latency);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            });
        }

        /** Returns once every submitted batch is answered; throws the first failure. */
        void awaitAll() {
            inFlight.acquireUninterruptibly(senders * 2);
            inFlight.release(senders * 2);
            rethrowFailure();
        }

        private void rethrowFailure() {
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private JsonNode post(Batch.Done batch) {
        URI uri = URI.create(baseUrl + "/v1/chatbots/" + URLEncoder.encode(batch.chatbotId(), StandardCharsets.UTF_8).replace("+", "%20")
                + "/statistics/events");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("x-chatcaptain-key", key)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("sending events to " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending events", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ingestion of a batch of " + batch.events() + " events for chatbot '"
                    + batch.chatbotId() + "' answered " + response.statusCode() + ": " + errorOf(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private static String errorOf(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isString() ? error.asString() : body;
        } catch (RuntimeException e) {
            return body;
        }
    }

    /** A JSON array of whole conversations of one chatbot, written as they come. */
    private static final class Batch {
        record Done(String chatbotId, byte[] body, int events, int conversations) {}

        private final String chatbotId;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        private final JsonGenerator json;
        private int events;
        private int conversations;

        Batch(String chatbotId) {
            this.chatbotId = chatbotId;
            this.json = FACTORY.createGenerator(ObjectWriteContext.empty(), bytes);
            json.writeStartArray();
        }

        void add(List<TrafficEvent> conversation) {
            for (TrafficEvent e : conversation) {
                e.writeJson(json);
            }
            events += conversation.size();
            conversations++;
        }

        Done finish() {
            json.writeEndArray();
            json.close();
            return new Done(chatbotId, bytes.toByteArray(), events, conversations);
        }
    }
}
