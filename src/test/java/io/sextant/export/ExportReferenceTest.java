package io.sextant.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.report.TimeWindow;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.EventLog;
import io.sextant.support.ExportModel;
import io.sextant.support.Exports;
import io.sextant.support.RandomEvents;
import io.sextant.support.Traffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Whole export files against the brute-force model, cell by cell. */
class ExportReferenceTest extends ApiTest {

    private static final long SEED = 7_2025_11_25L;
    private static final String BOT = "bot-export";
    private static final String RANDOM_BOT = "bot-random";
    private static final String BERLIN_FROM = "2025-03-25T00:00:00+01:00";
    private static final String BERLIN_TO = "2025-04-02T23:59:59.999+02:00";
    // Across the switch to summer time in Europe/Berlin (2025-03-30 has 23 hours).
    private static final long T0 = Instant.parse("2025-03-24T00:00:00Z").toEpochMilli();
    private static final List<String> EVENT_CHANNELS = List.of("web-1", "wa-1", "-voice");
    /** Columns holding medians or sums of decimals: compared as numbers (the file rounds them to 6 places). */
    private static final Set<String> DECIMAL_COLUMNS = Set.of("intentScoreMedian", "messagesPerConversationMedian",
            "userMessageLengthMedian", "callDurationSeconds", "callDurationMedian");

    private static ExportModel model;
    private static ExportModel randomModel;

    @BeforeEach
    void ingestOnce() {
        if (model != null) {
            return;
        }
        assertThat(api.put("/v1/chatbots/" + BOT + "/statistics/channels/web-1", Map.of("name", "=HYPERLINK(\"x\")", "type", "web"), api.adminKey()).status())
                .isEqualTo(200);
        assertThat(api.put("/v1/chatbots/" + BOT + "/statistics/channels/quiet", Map.of("name", "Quiet, \"empty\" channel", "type", "email"), api.adminKey()).status())
                .isEqualTo(200);
        EventLog log = new EventLog();
        Traffic.ingest(api, BOT, new Traffic(SEED, T0, 10, EVENT_CHANNELS).batches(900, 3000), log);
        // Awkward traffic too: duplicates re-sent with other payloads, conversations started twice or
        // never, channel hops, and timestamps exactly on bucket edges.
        List<Long> hot = new ArrayList<>();
        for (TimeWindow.Bucket b : TimeWindow.parse(BERLIN_FROM, BERLIN_TO, "86400", "Europe/Berlin").buckets()) {
            hot.add(b.start());
            hot.add(b.end());
        }
        RandomEvents random = new RandomEvents(SEED, T0, T0 + 10 * 86_400_000L, hot, List.of("web-1", "voice-1", "@chat"));
        for (var batch : random.batches(600, 8)) {
            Traffic.ingest(api, RANDOM_BOT, List.of(batch), log);
        }
        model = new ExportModel(log.model(BOT));
        randomModel = new ExportModel(log.model(RANDOM_BOT));
    }

    private List<ExportModel.Channel> channels() {
        return channels(BOT);
    }

    private List<ExportModel.Channel> channels(String chatbotId) {
        JsonNode list = api.get("/v1/chatbots/" + chatbotId + "/statistics/channels").json().get("channels");
        return list.valueStream().map(c -> new ExportModel.Channel(c.get("id").asString(), c.get("name").asString(), c.get("type").asString())).toList();
    }

    @Test
    void dailyExportInAZoneEqualsTheModel() {
        List<List<String>> csv = roundTrip(BOT, Map.of("from", BERLIN_FROM, "to", BERLIN_TO, "timezone", "Europe/Berlin"));
        TimeWindow w = TimeWindow.parse(BERLIN_FROM, BERLIN_TO, "86400", "Europe/Berlin");
        assertThat(w.buckets()).hasSize(9);
        compare(csv, ExportFiles.DAILY_COLUMNS, model.daily(w, channels()));
    }

    @Test
    void dailyAndConversationExportsOfAwkwardTrafficEqualTheModel() {
        List<List<String>> daily = roundTrip(RANDOM_BOT, Map.of("from", BERLIN_FROM, "to", BERLIN_TO, "timezone", "Europe/Berlin"));
        TimeWindow w = TimeWindow.parse(BERLIN_FROM, BERLIN_TO, "86400", "Europe/Berlin");
        compare(daily, ExportFiles.DAILY_COLUMNS, randomModel.daily(w, channels(RANDOM_BOT)));
        List<List<String>> conversations = roundTrip(RANDOM_BOT, Map.of("from", BERLIN_FROM, "to", BERLIN_TO, "kind", "conversations"));
        compare(conversations, ExportFiles.CONVERSATION_COLUMNS,
                randomModel.conversations(w.from(), w.to(), channels(RANDOM_BOT)));
    }

    @Test
    void dailyExportWithFixedBucketsFromAnOddInstantEqualsTheModel() {
        long from = T0 + 5 * 3_600_000L + 7;
        long to = T0 + 11 * 86_400_000L;
        List<List<String>> csv = roundTrip(BOT, Map.of("from", Instant.ofEpochMilli(from).toString(), "to", Instant.ofEpochMilli(to).toString()));
        TimeWindow w = TimeWindow.of(from, to, TimeWindow.Interval.DAY, Optional.empty(), 366);
        compare(csv, ExportFiles.DAILY_COLUMNS, model.daily(w, channels()));
    }

    @Test
    void conversationsExportEqualsTheModel() {
        long from = T0 + 2 * 86_400_000L + 60_000;
        long to = T0 + 8 * 86_400_000L - 1;
        List<List<String>> csv = roundTrip(BOT, Map.of("from", Instant.ofEpochMilli(from).toString(), "to", Instant.ofEpochMilli(to).toString(),
                "kind", "conversations"));
        List<String[]> expected = model.conversations(from, to, channels());
        assertThat(expected).as("conversations in the window").hasSizeGreaterThan(300);
        assertThat(expected.stream().filter(r -> r[15].equals("true"))).as("handed over").hasSizeGreaterThan(50);
        compare(csv, ExportFiles.CONVERSATION_COLUMNS, expected);
    }

    private List<List<String>> roundTrip(String chatbotId, Map<String, String> params) {
        String id = Exports.create(api, chatbotId, params);
        JsonNode status = Exports.await(api, chatbotId, id);
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("completed");
        Api.Response file = api.get(status.get("downloadUrl").asString(), null);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("text/csv;charset=utf-8");
        return Exports.parse(file.body());
    }

    private static void compare(List<List<String>> csv, String[] columns, List<String[]> expected) {
        assertThat(csv.get(0)).containsExactly(columns);
        assertThat(csv).as("seed %d: header + rows", SEED).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            List<String> got = csv.get(i + 1);
            String[] want = expected.get(i);
            assertThat(got).as("seed %d row %d", SEED, i + 1).hasSize(columns.length);
            for (int c = 0; c < columns.length; c++) {
                String where = "seed " + SEED + " row " + (i + 1) + " column " + columns[c] + ": got " + got + " want " + List.of(want);
                if (DECIMAL_COLUMNS.contains(columns[c]) && !want[c].isEmpty()) {
                    assertThat(got.get(c)).as(where).isNotEmpty();
                    assertThat(Double.parseDouble(got.get(c))).as(where).isCloseTo(Double.parseDouble(want[c]), within(1e-6));
                } else {
                    assertThat(got.get(c)).as(where).isEqualTo(want[c]);
                }
            }
        }
    }

}
