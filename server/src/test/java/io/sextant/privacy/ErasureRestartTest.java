package io.sextant.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Event;
import io.sextant.support.Api;
import io.sextant.support.EventLog;
import io.sextant.support.RandomEvents;
import io.sextant.support.Servers;
import io.sextant.testkit.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erased events stay erased across a crash: a real server erases conversations and is killed with
 * SIGKILL right after the answers (no checkpoint, no graceful stop); the next process on the same
 * data directory answers the same reports, has nothing left to erase, takes the erased events' ids
 * as duplicates, and its database file holds no row of the erased conversations.
 */
class ErasureRestartTest {

    private static final String BOT = "bot-erase-restart";
    private static final long LO = Instant.parse("2025-05-01T00:00:00Z").toEpochMilli();
    private static final long HI = Instant.parse("2025-05-08T00:00:00Z").toEpochMilli();
    private static final String REPORT = "/v1/chatbots/" + BOT + "/statistics/reports/overview?from=2025-04-30T00:00:00Z"
            + "&to=2025-05-11T23:59:59.999Z&interval=86400&timezone=Europe/Berlin&components="
            + "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16";
    private static final String INBOX = "/v1/chatbots/" + BOT + "/statistics/inbox?from=2025-04-30T00:00:00Z&to=2025-05-11T23:59:59.999Z";

    @TempDir
    Path tmp;

    private ServerProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void erasedEventsStayErasedAfterAKill() throws Exception {
        Path dataDir = tmp.resolve("data");
        int port = freePort();
        Api api = start(dataDir, port, "first");
        EventLog log = new EventLog();
        RandomEvents random = new RandomEvents(4242, LO, HI, List.of(LO + 86_400_000L), List.of("web-1", "voice-1"));
        List<List<Event>> batches = random.batches(120, 6);
        for (List<Event> batch : batches) {
            assertThat(api.ingest(BOT, batch.stream().map(RandomEvents::wire).toList()).status()).isEqualTo(200);
            log.accept(BOT, batch);
        }
        Set<String> erased = new TreeSet<>(List.of("conv-4242-tail"));
        List<String> conversations = log.model(BOT).byConversation().keySet().stream().sorted().toList();
        Random r = new Random(4242);
        while (erased.size() < 15) {
            erased.add(conversations.get(r.nextInt(conversations.size())));
        }
        for (String conversation : erased) {
            long stored = log.model(BOT).where(e -> e.conversationId().equals(conversation)).events().size();
            Api.Response erasure = api.delete("/v1/chatbots/" + BOT + "/statistics/conversations/" + conversation, api.adminKey());
            assertThat(erasure.status()).as(erasure.body()).isEqualTo(200);
            assertThat(erasure.json().get("erasedEvents").asLong()).isEqualTo(stored);
        }
        String report = api.get(REPORT).body();
        String inbox = api.get(INBOX).body();
        server.kill(); // SIGKILL: no shutdown hook, no checkpoint

        api = start(dataDir, port, "second");
        assertThat(api.get(REPORT).body()).as("the report after the restart").isEqualTo(report);
        assertThat(api.get(INBOX).body()).isEqualTo(inbox);
        for (String conversation : erased) {
            Api.Response again = api.delete("/v1/chatbots/" + BOT + "/statistics/conversations/" + conversation, api.adminKey());
            assertThat(again.json().get("erasedEvents").asLong()).as(conversation).isZero();
        }
        for (List<Event> batch : batches) {
            assertThat(api.ingest(BOT, batch.stream().map(RandomEvents::wire).toList()).json().get("accepted").asInt()).isZero();
        }
        server.kill();
        server = null;

        List<String> tables = List.of("conversation_events", "messages", "intents", "steps", "interactions", "calls", "inbox_events",
                "goals", "ratings", "conversation_attributes", "conversations");
        List<String> left = new ArrayList<>();
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("sextant.duckdb"))) {
            for (String table : tables) {
                try (var ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE "
                        // the event tables name the chatbot by its number, the conversations rollup by its id (V18)
                        + (table.equals("conversations") ? "chatbot_id = ?" : "chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = ?)")
                        + " AND conversation_id = ?")) {
                    for (String conversation : erased) {
                        ps.setString(1, BOT);
                        ps.setString(2, conversation);
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                left.add(table + ": " + conversation);
                            }
                        }
                    }
                }
            }
            try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM event_ids WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = '" + BOT + "')")) {
                rs.next();
                assertThat(rs.getLong(1)).as("every id stays known").isEqualTo(log.model(BOT).events().size());
            }
        }
        assertThat(left).as("rows of erased conversations in the database file").isEmpty();
    }

    private Api start(Path dataDir, int port, String name) {
        server = Servers.small(dataDir, tmp.resolve(name + ".log")).port(port).launch();
        try {
            server.awaitUp(Duration.ofMinutes(2));
        } catch (IllegalStateException e) {
            throw new AssertionError("the " + name + " server did not come up", e);
        }
        return new Api("http://localhost:" + port, server.adminKey());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
