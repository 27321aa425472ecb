package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The series the benchmark and the fleet time, against a server that records what it is asked. */
class ProbeRunnerTest {

    private static final Instant END = Instant.parse("2026-12-02T00:00:00Z");

    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile long pauseMillis;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getRawQuery());
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ProbeRunner runner() {
        return new ProbeRunner(new Http("http://127.0.0.1:" + server.getAddress().getPort(), "key"));
    }

    private static Probe overview() {
        return Probe.all("bot", "web", "phone", END.minusSeconds(30 * 86_400), END).getFirst();
    }

    /** The {@code to} of each request asked, as milliseconds before the window's end. */
    private List<Long> msBeforeEnd() {
        return asked.stream().map(q -> q.replaceAll("(?:.*&)?to=([^&]+).*", "$1"))
                .map(to -> END.toEpochMilli() - 1 - Instant.parse(to).toEpochMilli()).toList();
    }

    @Test
    void warmSendsTheUntimedRequestsThenTimesTheSameRequest() {
        Latencies l = runner().warm(overview(), 4, null);

        assertThat(l.summary().count()).isEqualTo(4);
        assertThat(asked).hasSize(ProbeRunner.UNTIMED + 4).containsOnly(asked.getFirst());
        assertThat(msBeforeEnd()).containsOnly(0L);
    }

    @Test
    void computedTimesWindowsOneTwoThreeMsShorterAfterUntimedOnesThatAskSomethingElse() {
        Latencies l = runner().computed(overview(), 4, null);

        assertThat(l.summary().count()).isEqualTo(4);
        // untimed first, over windows none of the timed ones asks, then the timed 1, 2, 3, 4 ms shorter
        assertThat(msBeforeEnd()).containsExactly(5L, 6L, 7L, 1L, 2L, 3L, 4L);
        assertThat(asked).doesNotHaveDuplicates();
    }

    @Test
    void aTimeBoxCutsTheTimedRequestsButNotBelowTheMinimum() {
        pauseMillis = 20;
        Latencies l = runner().computed(overview(), 50, Duration.ofMillis(1));

        assertThat(l.summary().count()).isEqualTo(ProbeRunner.MIN_TIMED);
        assertThat(asked).hasSize(ProbeRunner.UNTIMED + ProbeRunner.MIN_TIMED);
    }
}
