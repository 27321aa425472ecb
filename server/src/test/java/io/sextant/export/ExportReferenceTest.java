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
import io.sextant.support.ReferenceModel;
import io.sextant.support.SegmentModel;
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
    /** The random chatbot's events, whose segments the models restrict. */
    private static ReferenceModel randomChatbot;
    /** The server the models' events went to: a subclass runs on a server (an engine) of its own. */
    private static int ingestedInto;

    @BeforeEach
    void ingestOnce() {
        if (model != null && ingestedInto == port) {
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
        // two of its channels registered, so segments by channel type have some to find
        assertThat(api.put("/v1/chatbots/" + RANDOM_BOT + "/statistics/channels/web-1", Map.of("name", "Web", "type", "web"), api.adminKey()).status())
                .isEqualTo(200);
        assertThat(api.put("/v1/chatbots/" + RANDOM_BOT + "/statistics/channels/voice-1", Map.of("name", "Voice", "type", "voice"), api.adminKey()).status())
                .isEqualTo(200);
        RandomEvents random = new RandomEvents(SEED, T0, T0 + 10 * 86_400_000L, hot, List.of("web-1", "voice-1", "@chat"));
        for (var batch : random.batches(600, 8)) {
            Traffic.ingest(api, RANDOM_BOT, List.of(batch), log);
        }
        model = new ExportModel(log.model(BOT));
        randomChatbot = log.model(RANDOM_BOT);
        randomModel = new ExportModel(randomChatbot);
        ingestedInto = port;
    }

    private List<ExportModel.Channel> channels() {
        return channels(BOT);
    }

    private List<ExportModel.Channel> channels(String chatbotId) {
        return channels(api, chatbotId);
    }

    /** The chatbot's channels as the channel list answers them, for the model's grid. */
    static List<ExportModel.Channel> channels(Api api, String chatbotId) {
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
    void everyDailyRowEqualsTheChannelReportAndInboxStatisticsOfItsBucket() {
        // The same numbers through the other endpoints: each row is the channel report (and the
        // inbox statistics) with W = the row's bucket.
        List<List<String>> csv = roundTrip(RANDOM_BOT, Map.of("from", BERLIN_FROM, "to", BERLIN_TO, "timezone", "Europe/Berlin"));
        List<String> header = csv.get(0);
        String components = "CONVERSATION_COUNT_FOR_CHANNEL_ID,MESSAGE_COUNT_FOR_CHANNEL_ID,INTERACTION_COUNT_FOR_CHANNEL_ID,"
                + "STEP_EXEC_COUNT_FOR_CHANNEL_ID,INTENT_COUNT_FOR_CHANNEL_ID,INTENT_SCORE_MEDIAN_FOR_CHANNEL_ID,"
                + "CONVERSATION_MESSAGE_COUNT_MEDIAN_FOR_CHANNEL_ID,MESSAGE_LENGTH_MEDIAN_FOR_CHANNEL_ID,CALL_DURATION_TOTAL,"
                + "CALL_DURATION_MEDIAN";
        for (List<String> row : csv.subList(1, csv.size())) {
            Map<String, String> cell = new java.util.HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                cell.put(header.get(i), row.get(i));
            }
            String channel = row.get(2).startsWith("'") ? row.get(2).substring(1) : row.get(2);
            Map<String, String> q = new java.util.LinkedHashMap<>();
            q.put("channelId", channel);
            q.put("from", cell.get("bucketStart"));
            q.put("to", cell.get("bucketEnd"));
            q.put("interval", "86400");
            q.put("components", components);
            Api.Response r = api.get("/v1/chatbots/" + RANDOM_BOT + "/statistics/reports/channel?" + Api.query(q));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode c = r.json().get("components");
            String where = "row " + row;
            assertThat(cell.get("conversations")).as(where).isEqualTo(c.get("CONVERSATION_COUNT_FOR_CHANNEL_ID").get("value").asString());
            JsonNode messages = c.get("MESSAGE_COUNT_FOR_CHANNEL_ID");
            assertThat(cell.get("messages")).as(where).isEqualTo(messages.get("value").asString());
            assertThat(cell.get("userMessages")).as(where).isEqualTo(messages.get("byDirection").get("user").asString());
            assertThat(cell.get("botMessages")).as(where).isEqualTo(messages.get("byDirection").get("bot").asString());
            assertThat(cell.get("agentMessages")).as(where).isEqualTo(messages.get("byDirection").get("agent").asString());
            assertThat(cell.get("interactions")).as(where).isEqualTo(c.get("INTERACTION_COUNT_FOR_CHANNEL_ID").get("value").asString());
            assertThat(cell.get("stepExecutions")).as(where).isEqualTo(c.get("STEP_EXEC_COUNT_FOR_CHANNEL_ID").get("total").asString());
            assertThat(cell.get("intentHits")).as(where).isEqualTo(c.get("INTENT_COUNT_FOR_CHANNEL_ID").get("value").asString());
            assertThat(cell.get("calls")).as(where).isEqualTo(c.get("CALL_DURATION_TOTAL").get("calls").asString());
            assertNumber(where, cell.get("callDurationSeconds"), c.get("CALL_DURATION_TOTAL").get("value"));
            assertNumber(where, cell.get("intentScoreMedian"), c.get("INTENT_SCORE_MEDIAN_FOR_CHANNEL_ID").get("value"));
            assertNumber(where, cell.get("messagesPerConversationMedian"), c.get("CONVERSATION_MESSAGE_COUNT_MEDIAN_FOR_CHANNEL_ID").get("value"));
            assertNumber(where, cell.get("userMessageLengthMedian"), c.get("MESSAGE_LENGTH_MEDIAN_FOR_CHANNEL_ID").get("value"));
            assertNumber(where, cell.get("callDurationMedian"), c.get("CALL_DURATION_MEDIAN").get("value"));

            q.remove("interval");
            q.remove("components");
            JsonNode inbox = api.get("/v1/chatbots/" + RANDOM_BOT + "/statistics/inbox?" + Api.query(q)).json();
            assertThat(cell.get("inboxOpened")).as(where).isEqualTo(inbox.get("opened").asString());
            assertThat(cell.get("inboxClosed")).as(where).isEqualTo(inbox.get("closed").asString());
        }
    }

    /**
     * Every filter list of {@link SegmentModel#filterLists} (random traffic: goals, ratings,
     * attributes): the daily export (in Berlin's zone, and from an odd instant, in turn) and the
     * conversations export of the segment against the models of its conversations, found by brute force.
     */
    @Test
    void bothExportsOfEverySegmentEqualTheModelOfItsConversations() {
        List<ExportModel.Channel> channels = channels(RANDOM_BOT);
        Map<String, String> types = new java.util.HashMap<>();
        channels.forEach(c -> types.put(c.id(), c.type()));
        TimeWindow berlin = TimeWindow.parse(BERLIN_FROM, BERLIN_TO, "86400", "Europe/Berlin");
        long oddFrom = T0 + 2 * 86_400_000L + 60_007;
        long oddTo = T0 + 9 * 86_400_000L - 1;
        TimeWindow odd = TimeWindow.of(oddFrom, oddTo, TimeWindow.Interval.DAY, Optional.empty(), 366);
        List<List<String>> lists = SegmentModel.filterLists("voice-1", "web");
        int files = 0;
        for (int i = 0; i < lists.size(); i++) {
            List<String> filters = lists.get(i);
            ExportModel segment = new ExportModel(SegmentModel.checkedRestrict(randomChatbot, types, filters));
            boolean inBerlin = i % 2 == 0;
            TimeWindow w = inBerlin ? berlin : odd;
            Map<String, String> window = inBerlin ? Map.of("from", BERLIN_FROM, "to", BERLIN_TO, "timezone", "Europe/Berlin")
                    : Map.of("from", Instant.ofEpochMilli(oddFrom).toString(), "to", Instant.ofEpochMilli(oddTo).toString());
            for (String kind : segmentExportKinds(i)) {
                Map<String, String> params = new java.util.HashMap<>(window);
                params.put("kind", kind);
                List<List<String>> csv = roundTrip(RANDOM_BOT, params, filters);
                if (kind.equals("daily")) {
                    compare(csv, ExportFiles.DAILY_COLUMNS, segment.daily(w, channels));
                } else {
                    compare(csv, ExportFiles.CONVERSATION_COLUMNS, segment.conversations(w.from(), w.to(), channels));
                }
                files++;
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(lists.size());
    }

    /** The kinds of export each filter list is checked with: both (a subclass on a slower engine may check one, in turn). */
    protected List<String> segmentExportKinds(int list) {
        return List.of("daily", "conversations");
    }

    private static void assertNumber(String where, String cell, JsonNode reported) {
        if (reported.isNull()) {
            assertThat(cell).as(where).isEmpty();
        } else {
            assertThat(Double.parseDouble(cell)).as(where).isCloseTo(reported.asDouble(), within(1e-6));
        }
    }

    @Test
    void dailyExportWithFixedBucketsFromAnOddInstantEqualsTheModel() {
        long from = T0 + 5 * 3_600_000L + 7;
        long to = T0 + 11 * 86_400_000L;
        List<List<String>> csv = roundTrip(BOT, Map.of("from", Instant.ofEpochMilli(from).toString(), "to", Instant.ofEpochMilli(to).toString()));
        TimeWindow w = TimeWindow.of(from, to, TimeWindow.Interval.DAY, Optional.empty(), 366);
        compare(csv, ExportFiles.DAILY_COLUMNS, model.daily(w, channels()));
    }

    /**
     * Windows whose rows mix whole UTC days and hours (kept in the rollups) with millisecond edges
     * and hours that a bucket start cuts (read from the events): whole UTC days alone; UTC days from
     * and to an odd millisecond; the days of Kolkata (+5:30) and Kathmandu (+5:45), which start inside
     * a UTC hour — for the plain traffic and the awkward one (late, duplicate, hopping, crossing
     * conversations).
     */
    @Test
    void dailyExportsThatMixRollupSpansAndEventEdgesEqualTheModel() {
        long oddFrom = T0 + 86_400_000L + 7 * 3_600_000L + 7;
        long oddTo = T0 + 9 * 86_400_000L + 5 * 3_600_000L + 17;
        List<TimeWindow> windows = List.of(
                TimeWindow.of(T0 + 86_400_000L, T0 + 8 * 86_400_000L - 1, TimeWindow.Interval.DAY, Optional.empty(), 366),
                TimeWindow.of(oddFrom, oddTo, TimeWindow.Interval.DAY, Optional.of(java.time.ZoneId.of("UTC")), 366),
                TimeWindow.of(oddFrom, oddTo, TimeWindow.Interval.DAY, Optional.of(java.time.ZoneId.of("Asia/Kolkata")), 366),
                TimeWindow.of(T0, oddTo, TimeWindow.Interval.DAY, Optional.of(java.time.ZoneId.of("Asia/Kathmandu")), 366));
        for (TimeWindow w : windows) {
            Map<String, String> params = new java.util.HashMap<>(Map.of("from", Instant.ofEpochMilli(w.from()).toString(),
                    "to", Instant.ofEpochMilli(w.to()).toString()));
            w.zone().ifPresent(z -> params.put("timezone", z.getId()));
            compare(roundTrip(BOT, params), ExportFiles.DAILY_COLUMNS, model.daily(w, channels()));
            compare(roundTrip(RANDOM_BOT, params), ExportFiles.DAILY_COLUMNS, randomModel.daily(w, channels(RANDOM_BOT)));
        }
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
        return roundTrip(chatbotId, params, List.of());
    }

    /** The export of a segment ({@code filters} in the body; none: without a body). */
    private List<List<String>> roundTrip(String chatbotId, Map<String, String> params, List<String> filters) {
        String id = filters.isEmpty() ? Exports.create(api, chatbotId, params) : Exports.create(api, chatbotId, params, filters);
        JsonNode status = Exports.await(api, chatbotId, id);
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("completed");
        Api.Response file = api.get(status.get("downloadUrl").asString(), null);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("text/csv;charset=utf-8");
        return Exports.parse(file.body());
    }

    private static void compare(List<List<String>> csv, String[] columns, List<String[]> expected) {
        compare(SEED, csv, columns, expected);
    }

    /** A parsed file against the model's rows, cell by cell; decimals to 6 places; {@code seed} names the traffic. */
    static void compare(long seed, List<List<String>> csv, String[] columns, List<String[]> expected) {
        assertThat(csv.get(0)).containsExactly(columns);
        assertThat(csv).as("seed %d: header + rows", seed).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            List<String> got = csv.get(i + 1);
            String[] want = expected.get(i);
            assertThat(got).as("seed %d row %d", seed, i + 1).hasSize(columns.length);
            for (int c = 0; c < columns.length; c++) {
                String where = "seed " + seed + " row " + (i + 1) + " column " + columns[c] + ": got " + got + " want " + List.of(want);
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
