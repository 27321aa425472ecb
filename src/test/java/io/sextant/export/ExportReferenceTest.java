package io.sextant.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.report.TimeWindow;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.ExportModel;
import io.sextant.support.Exports;
import io.sextant.support.Traffic;
import java.time.Instant;
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
    // Across the switch to summer time in Europe/Berlin (2025-03-30 has 23 hours).
    private static final long T0 = Instant.parse("2025-03-24T00:00:00Z").toEpochMilli();
    private static final List<String> EVENT_CHANNELS = List.of("web-1", "wa-1", "-voice");
    /** Columns holding medians or sums of decimals: compared as numbers (the file rounds them to 6 places). */
    private static final Set<String> DECIMAL_COLUMNS = Set.of("intentScoreMedian", "messagesPerConversationMedian",
            "userMessageLengthMedian", "callDurationSeconds", "callDurationMedian");

    private static Traffic traffic;
    private static ExportModel model;

    @BeforeEach
    void ingestOnce() {
        if (traffic != null) {
            return;
        }
        assertThat(api.put("/v1/chatbots/" + BOT + "/statistics/channels/web-1", Map.of("name", "=HYPERLINK(\"x\")", "type", "web"), api.adminKey()).status())
                .isEqualTo(200);
        assertThat(api.put("/v1/chatbots/" + BOT + "/statistics/channels/quiet", Map.of("name", "Quiet, \"empty\" channel", "type", "email"), api.adminKey()).status())
                .isEqualTo(200);
        Traffic t = new Traffic(SEED, T0, 10, 900, EVENT_CHANNELS);
        t.ingest(api, BOT);
        model = new ExportModel(t.events);
        traffic = t;
    }

    private List<ExportModel.Channel> channels() {
        JsonNode list = api.get("/v1/chatbots/" + BOT + "/statistics/channels").json().get("channels");
        return list.valueStream().map(c -> new ExportModel.Channel(c.get("id").asString(), c.get("name").asString(), c.get("type").asString())).toList();
    }

    @Test
    void dailyExportInAZoneEqualsTheModel() {
        String from = "2025-03-25T00:00:00+01:00";
        String to = "2025-04-02T23:59:59.999+02:00";
        List<List<String>> csv = roundTrip(Map.of("from", from, "to", to, "timezone", "Europe/Berlin"));
        TimeWindow w = TimeWindow.parse(from, to, "86400", "Europe/Berlin");
        assertThat(w.buckets()).hasSize(9);
        compare(csv, ExportFiles.DAILY_COLUMNS, model.daily(w, channels()));
    }

    @Test
    void dailyExportWithFixedBucketsFromAnOddInstantEqualsTheModel() {
        long from = T0 + 5 * 3_600_000L + 7;
        long to = T0 + 11 * 86_400_000L;
        List<List<String>> csv = roundTrip(Map.of("from", Instant.ofEpochMilli(from).toString(), "to", Instant.ofEpochMilli(to).toString()));
        TimeWindow w = TimeWindow.of(from, to, TimeWindow.Interval.DAY, Optional.empty(), 366);
        compare(csv, ExportFiles.DAILY_COLUMNS, model.daily(w, channels()));
    }

    @Test
    void conversationsExportEqualsTheModel() {
        long from = T0 + 2 * 86_400_000L + 60_000;
        long to = T0 + 8 * 86_400_000L - 1;
        List<List<String>> csv = roundTrip(Map.of("from", Instant.ofEpochMilli(from).toString(), "to", Instant.ofEpochMilli(to).toString(),
                "kind", "conversations"));
        List<String[]> expected = model.conversations(from, to, channels());
        assertThat(expected).as("conversations in the window").hasSizeGreaterThan(300);
        assertThat(expected.stream().filter(r -> r[15].equals("true"))).as("handed over").hasSizeGreaterThan(50);
        compare(csv, ExportFiles.CONVERSATION_COLUMNS, expected);
    }

    private List<List<String>> roundTrip(Map<String, String> params) {
        String id = Exports.create(api, BOT, params);
        JsonNode status = Exports.await(api, BOT, id);
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
