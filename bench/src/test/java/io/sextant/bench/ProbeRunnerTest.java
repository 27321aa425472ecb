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
import java.util.stream.LongStream;
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

    /** A warm series of {@code overview()} as the benchmark sends it, with a warm-up of {@code warmUp}. */
    private Latencies warm(int requests, Duration timeBox, Duration warmUp) {
        Probe p = overview();
        return runner().series(i -> p, i -> p, requests, timeBox, warmUp);
    }

    /** A computed series of {@code overview()} as the benchmark sends it, with a warm-up of {@code warmUp}. */
    private Latencies computed(int requests, Duration timeBox, Duration warmUp) {
        Probe p = overview();
        return runner().series(i -> p.computed(requests + 1 + i), i -> p.computed(i + 1), requests, timeBox, warmUp);
    }

    @Test
    void warmSendsTheUntimedRequestsThenTimesTheSameRequest() {
        Latencies l = warm(4, null, Duration.ZERO);

        assertThat(l.summary().count()).isEqualTo(4);
        assertThat(l.summary().untimed()).isEqualTo(ProbeRunner.UNTIMED);
        assertThat(asked).hasSize(ProbeRunner.UNTIMED + 4).containsOnly(asked.getFirst());
        assertThat(msBeforeEnd()).containsOnly(0L);
    }

    @Test
    void computedTimesWindowsOneTwoThreeMsShorterAfterUntimedOnesThatAskSomethingElse() {
        Latencies l = computed(4, null, Duration.ZERO);

        assertThat(l.summary().count()).isEqualTo(4);
        // untimed first, over windows none of the timed ones asks, then the timed 1, 2, 3, 4 ms shorter
        assertThat(msBeforeEnd()).containsExactly(5L, 6L, 7L, 1L, 2L, 3L, 4L);
        assertThat(asked).doesNotHaveDuplicates();
    }

    @Test
    void theWarmUpSendsUntimedRequestsUntilItHasPassed() {
        pauseMillis = 20;
        Latencies l = computed(4, null, Duration.ofMillis(300));

        int untimed = l.summary().untimed();
        // about 300 / 20 of them: more than the minimum, fewer than the most
        assertThat(untimed).isGreaterThan(ProbeRunner.UNTIMED).isLessThan(ProbeRunner.MAX_UNTIMED);
        assertThat(asked).hasSize(untimed + 4).doesNotHaveDuplicates();
        assertThat(msBeforeEnd().subList(0, untimed)).isEqualTo(LongStream.rangeClosed(5, 4 + untimed).boxed().toList());
        assertThat(msBeforeEnd().subList(untimed, untimed + 4)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(l.summary().toJson().untimed()).isEqualTo(untimed);
    }

    @Test
    void theWarmUpStopsAtTheMostUntimedRequests() {
        Latencies l = warm(2, null, Duration.ofHours(1));

        assertThat(l.summary().untimed()).isEqualTo(ProbeRunner.MAX_UNTIMED);
        assertThat(asked).hasSize(ProbeRunner.MAX_UNTIMED + 2);
    }

    @Test
    void theBenchmarksSeriesWarmUpForTheWarmUpTime() {
        pauseMillis = 20; // 2 s of them are fewer than the most
        long began = System.nanoTime();
        Latencies l = runner().warm(overview(), 1, null);

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(ProbeRunner.WARM_UP);
        assertThat(l.summary().untimed()).isEqualTo(asked.size() - 1).isGreaterThan(ProbeRunner.UNTIMED).isLessThan(ProbeRunner.MAX_UNTIMED);
    }

    @Test
    void aTimeBoxCutsTheTimedRequestsButNotBelowTheMinimum() {
        pauseMillis = 20;
        Latencies l = computed(50, Duration.ofMillis(1), Duration.ZERO);

        assertThat(l.summary().count()).isEqualTo(ProbeRunner.MIN_TIMED);
        assertThat(asked).hasSize(ProbeRunner.UNTIMED + ProbeRunner.MIN_TIMED);
    }
}
