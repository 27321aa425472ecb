package io.sextant.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.ApiTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Many clients at once, through the group-committing writer: every request succeeds, every event
 * is stored exactly once, and an id sent by all clients at once is accepted exactly once.
 */
class IngestConcurrencyTest extends ApiTest {

    static final int THREADS = 16;
    static final int BATCHES = 20;
    static final int OWN = 20;    // events per batch only this client sends
    static final int SHARED = 5;  // events per batch every client sends, with the same ids
    static final String BOT = "concurrency-bot";

    @Autowired
    JdbcClient jdbc;

    private static Map<String, Object> message(String id, String channel) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("type", "message");
        e.put("timestamp", "2025-01-01T00:00:00.000Z");
        e.put("channelId", channel);
        e.put("conversationId", "conv-" + id);
        e.put("direction", "user");
        e.put("length", 5);
        return e;
    }

    @Test
    void concurrentBatchesAreAllStoredExactlyOnce() throws Exception {
        List<int[]> answers;
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<int[]>> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int client = t;
                clients.add(pool.submit(() -> {
                    int accepted = 0;
                    int duplicates = 0;
                    for (int b = 0; b < BATCHES; b++) {
                        List<Map<String, Object>> batch = new ArrayList<>();
                        for (int i = 0; i < OWN; i++) {
                            batch.add(message("c" + client + "-b" + b + "-e" + i, "ch-" + client));
                        }
                        for (int k = 0; k < SHARED; k++) {
                            batch.add(message("shared-b" + b + "-e" + k, "shared"));
                        }
                        var r = api.ingest(BOT, batch);
                        assertThat(r.status()).as(r.body()).isEqualTo(200);
                        accepted += r.json().get("accepted").asInt();
                        duplicates += r.json().get("duplicates").asInt();
                    }
                    return new int[] {accepted, duplicates};
                }));
            }
            answers = new ArrayList<>();
            for (Future<int[]> f : clients) {
                answers.add(f.get());
            }
        }
        int unique = THREADS * BATCHES * OWN + BATCHES * SHARED;
        int sent = THREADS * BATCHES * (OWN + SHARED);
        assertThat(answers.stream().mapToInt(a -> a[0]).sum()).isEqualTo(unique);
        assertThat(answers.stream().mapToInt(a -> a[1]).sum()).isEqualTo(sent - unique);
        for (int[] a : answers) {
            assertThat(a[0]).isGreaterThanOrEqualTo(BATCHES * OWN); // its own events are never duplicates
        }
        assertThat(count("SELECT count(*) FROM event_ids WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)")).isEqualTo(unique);
        assertThat(count("SELECT count(*) FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)")).isEqualTo(unique);
        assertThat(count("SELECT count(DISTINCT conversation_id) FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)")).isEqualTo(unique);
        assertThat(count("SELECT count(DISTINCT seq) FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)")).isEqualTo(unique);
        assertThat(count("SELECT count(*) FROM channels WHERE chatbot_id = :b")).isEqualTo(THREADS + 1);
    }

    private long count(String sql) {
        return jdbc.sql(sql).param("b", BOT).query(Long.class).single();
    }
}
