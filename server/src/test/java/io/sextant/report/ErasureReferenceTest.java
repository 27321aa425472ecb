package io.sextant.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.auth.Grants;
import io.sextant.event.Event;
import io.sextant.event.EventType;
import io.sextant.privacy.PrivacyService;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.EventLog;
import io.sextant.support.ExportModel;
import io.sextant.support.Exports;
import io.sextant.support.InboxModel;
import io.sextant.support.JsonCompare;
import io.sextant.support.LoggedEvent;
import io.sextant.support.PathsModel;
import io.sextant.support.RandomEvents;
import io.sextant.support.ReferenceModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Erasure and retention against the reference models: random traffic of every event type through
 * the HTTP API, then conversations erased through the API (among them the ones that carry the
 * latest name of every step id, so labels must fall back) or the events past a retention period
 * dropped (with the clock moved), and every answer then compared with the models computed over the
 * events without them: both reports with all their components, over all channels and each channel,
 * daily and hourly, in zones with DST changes and half-hour offsets; the paths report (whose labels
 * must fall back too); inbox statistics; both exports. Answers are asked for before the erasure too, so that a cached answer that survived it
 * would show.
 *
 * <p>Deterministic: the seed is fixed (override with -Dsextant.seed=…) and printed on failure.
 */
class ErasureReferenceTest extends ApiTest {

    private static final String BOT = "bot-erasure-ref";
    private static final String RETENTION_BOT = "bot-retention-ref";
    private static final List<String> EVENT_CHANNELS = List.of("web-1", "tg-1", "voice-1", "ghost-1");
    /** Registered channels and their types; ghost-1 is never registered (unknown), idle-1 has no events. */
    private static final Map<String, String> REGISTERED = Map.of("web-1", "web", "tg-1", "telegram", "voice-1", "voice", "idle-1", "debug");
    private static final List<String> REPORT_CHANNELS = List.of("web-1", "tg-1", "voice-1", "ghost-1", "idle-1");
    /** Columns holding medians or sums of decimals: compared as numbers (the file rounds them to 6 places). */
    private static final Set<String> DECIMAL_COLUMNS = Set.of("intentScoreMedian", "messagesPerConversationMedian",
            "userMessageLengthMedian", "callDurationSeconds", "callDurationMedian");

    /** A window to check; zone null for none. */
    record Case(String name, String from, String to, String interval, String zone) {
        TimeWindow window() {
            return TimeWindow.parse(from, to, interval, zone);
        }

        @Override
        public String toString() {
            return name + " [" + from + ", " + to + "] /" + interval + (zone == null ? "" : " " + zone);
        }
    }

    /** Traffic regions, each around some of the cases. */
    private static final long[][] REGIONS = {
            {ms("2025-03-18T00:00:00Z"), ms("2025-04-10T00:00:00Z")},
            {ms("2025-09-28T00:00:00Z"), ms("2025-11-02T00:00:00Z")},
    };

    static List<Case> cases() {
        return List.of(
                new Case("berlin-spring-daily", "2025-03-26T23:00:00.000Z", "2025-04-02T21:59:59.999Z", "86400", "Europe/Berlin"),
                new Case("berlin-spring-hourly", "2025-03-29T23:00:00.000Z", "2025-03-30T21:59:59.999Z", "3600", "Europe/Berlin"),
                new Case("odd-edges-hourly", "2025-03-28T05:17:03.456Z", "2025-03-31T19:00:00.000Z", "3600", null),
                new Case("kolkata-odd-from-daily", "2025-03-27T07:13:00.123+00:00", "2025-04-01T18:29:59.999Z", "86400", "Asia/Kolkata"),
                new Case("whole-spring-daily", "2025-03-17T00:00:00.000Z", "2025-04-11T23:59:59.999Z", "86400", null),
                new Case("berlin-fall-hourly", "2025-10-25T22:00:00.000Z", "2025-10-26T22:59:59.999Z", "3600", "Europe/Berlin"),
                new Case("lord-howe-october-hourly", "2025-10-04T13:30:00.000Z", "2025-10-05T12:59:59.999Z", "3600", "Australia/Lord_Howe"),
                new Case("whole-fall-daily", "2025-09-27T00:00:00.000Z", "2025-11-02T23:59:59.999Z", "86400", "America/Santiago"));
    }

    /** The cases this class checks: all of them (a subclass on a slower engine may check fewer). */
    protected List<Case> casesToCheck() {
        return cases();
    }

    /** The share of the conversations erased, besides those that carry the latest step names. */
    protected double erasedShare() {
        return 0.12;
    }

    @Autowired
    PrivacyService privacy;

    private final EventLog log = new EventLog();

    @Test
    void everyAnswerAfterErasingConversationsEqualsTheModelWithoutThem() {
        long seed = Long.getLong("sextant.seed", 20261207L);
        try {
            erase(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dsextant.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    @Test
    void everyAnswerAfterTheRetentionRanEqualsTheModelWithoutTheOlderEvents() {
        long seed = Long.getLong("sextant.seed", 20261207L) + 1;
        try {
            retention(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dsextant.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private void erase(long seed) {
        List<String> tails = ingest(BOT, seed);
        List<Case> cases = casesToCheck();
        ReportModel before = model(BOT, e -> true);
        for (Case c : cases) { // every answer once before: a cached one must not outlive the erasure
            compare(before, ReportKind.OVERVIEW, BOT, null, c);
        }

        Set<String> erased = new TreeSet<>(tails);
        Random random = new Random(seed);
        List<String> conversations = log.model(BOT).byConversation().keySet().stream().sorted().toList();
        for (String conversation : conversations) {
            if (random.nextDouble() < erasedShare()) {
                erased.add(conversation);
            }
        }
        String eraser = api.createKey("eraser", List.of(Grants.ERASE), List.of(Grants.chatbot(BOT)));
        for (String conversation : erased) {
            long stored = log.model(BOT).where(e -> e.conversationId().equals(conversation)).events().size();
            Api.Response r = api.delete("/v1/chatbots/" + BOT + "/statistics/conversations/" + conversation, eraser);
            assertThat(r.status()).as("%s: %s", conversation, r.body()).isEqualTo(200);
            assertThat(r.json().get("erasedEvents").asLong()).as(conversation).isEqualTo(stored);
        }
        Api.Response again = api.delete("/v1/chatbots/" + BOT + "/statistics/conversations/" + tails.getFirst(), eraser);
        assertThat(again.json().get("erasedEvents").asLong()).as("erasing again").isZero();

        Predicate<LoggedEvent> kept = e -> !erased.contains(e.conversationId());
        assertThat(labels(log.model(BOT).where(kept))).as("the erased steps carried the latest names: labels fall back")
                .isNotEqualTo(labels(log.model(BOT)));
        checkEverything(BOT, model(BOT, kept), log.model(BOT).where(kept), cases, "berlin-spring-daily", "whole-spring-daily");
    }

    private void retention(long seed) {
        ingest(RETENTION_BOT, seed);
        long now = ms("2025-11-05T13:47:12.345Z"); // the period ends in the middle of a day of the autumn traffic
        int days = 30;
        long cutoff = now - days * 86_400_000L;
        clock.set(Instant.ofEpochMilli(now));
        Api.Response put = api.put("/v1/chatbots/" + RETENTION_BOT + "/statistics/retention", Map.of("days", days), api.adminKey());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        List<Case> cases = casesToCheck();
        ReportModel before = model(RETENTION_BOT, e -> true);
        for (Case c : cases) {
            compare(before, ReportKind.OVERVIEW, RETENTION_BOT, null, c);
        }
        long older = log.model(RETENTION_BOT).events().stream().filter(e -> e.ts() < cutoff).count();
        long newer = log.model(RETENTION_BOT).events().size() - older;
        assertThat(older).as("events older than the period").isGreaterThan(100);
        assertThat(newer).as("events within the period").isGreaterThan(100);
        try {
            PrivacyService.RetentionRun run = privacy.applyRetention();
            assertThat(run.failed()).isZero();
            assertThat(run.droppedEvents()).isEqualTo(older);
            assertThat(privacy.applyRetention().droppedEvents()).as("a second run finds nothing").isZero();
        } finally {
            assertThat(api.put("/v1/chatbots/" + RETENTION_BOT + "/statistics/retention", "{\"days\":null}", api.adminKey()).status())
                    .isEqualTo(200);
        }
        Predicate<LoggedEvent> kept = e -> e.ts() >= cutoff;
        checkEverything(RETENTION_BOT, model(RETENTION_BOT, kept), log.model(RETENTION_BOT).where(kept), cases, "whole-fall-daily",
                "whole-fall-daily");
    }

    /** Sends the traffic of every region; returns the conversations that carry the latest step names (one per region). */
    private List<String> ingest(String chatbotId, long seed) {
        for (String id : List.of("web-1", "tg-1", "voice-1", "idle-1")) {
            Api.Response r = api.put("/v1/chatbots/" + chatbotId + "/statistics/channels/" + id,
                    Map.of("name", "Channel " + id, "type", REGISTERED.get(id)), api.adminKey());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        List<Long> hot = hotInstants();
        List<String> tails = new ArrayList<>();
        for (int r = 0; r < REGIONS.length; r++) {
            long lo = REGIONS[r][0];
            long hi = REGIONS[r][1];
            List<Long> near = hot.stream().filter(t -> t >= lo && t <= hi).toList();
            RandomEvents gen = new RandomEvents(seed * 31 + r, lo, hi, near, EVENT_CHANNELS);
            for (List<Event> batch : gen.batches(90, 4)) {
                Api.Response resp = api.ingest(chatbotId, batch.stream().map(RandomEvents::wire).toList());
                assertThat(resp.status()).as(resp.body()).isEqualTo(200);
                int accepted = log.accept(chatbotId, batch);
                assertThat(resp.json().get("accepted").asInt()).isEqualTo(accepted);
            }
            tails.add("conv-" + gen.seed() + "-tail");
        }
        return tails;
    }

    private ReportModel model(String chatbotId, Predicate<LoggedEvent> kept) {
        Map<String, String> types = new LinkedHashMap<>(REGISTERED);
        types.put("ghost-1", "unknown");
        return new ReportModel(log.model(chatbotId).where(kept), types);
    }

    /**
     * Every report case over all channels and each, the paths report and the inbox statistics of
     * their windows, the daily export of the case {@code daily} and the conversations export of the
     * case {@code conversations}.
     */
    private void checkEverything(String chatbotId, ReportModel reports, ReferenceModel events, List<Case> cases, String daily,
            String conversations) {
        for (Case c : cases) {
            compare(reports, ReportKind.OVERVIEW, chatbotId, null, c);
            for (String channel : REPORT_CHANNELS) {
                compare(reports, ReportKind.CHANNEL, chatbotId, channel, c);
            }
        }
        PathsModel paths = new PathsModel(events);
        for (Case c : cases) {
            TimeWindow w = c.window();
            for (String channel : new String[] {null, "web-1", "voice-1"}) {
                for (String fromStep : new String[] {null, "menu"}) {
                    Map<String, Object> q = new LinkedHashMap<>();
                    q.put("from", c.from());
                    q.put("to", c.to());
                    if (channel != null) {
                        q.put("channelId", channel);
                    }
                    if (fromStep != null) {
                        q.put("fromStep", fromStep);
                    }
                    String path = "/v1/chatbots/" + chatbotId + "/statistics/reports/paths?" + Api.query(q);
                    Api.Response r = api.get(path);
                    assertThat(r.status()).as("%s %s", path, r.body()).isEqualTo(200);
                    Optional<String> diff = JsonCompare.difference(paths.expected(chatbotId, channel, w.from(), w.to(), fromStep, 50), r.json());
                    if (diff.isPresent()) {
                        throw new AssertionError(c + " " + path + ": " + diff.get());
                    }
                }
            }
        }
        InboxModel inbox = new InboxModel(events);
        for (Case c : cases) {
            TimeWindow w = c.window();
            for (String channel : new String[] {null, "web-1", "voice-1"}) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("from", c.from());
                params.put("to", c.to());
                if (channel != null) {
                    params.put("channelId", channel);
                }
                Api.Response r = api.get("/v1/chatbots/" + chatbotId + "/statistics/inbox?" + Api.query(params));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                JsonNode want = Api.JSON.readTree(Api.JSON.writeValueAsString(inbox.statistics(chatbotId, w.from(), w.to(), channel)));
                assertThat(r.json()).as("inbox %s %s", c, channel).isEqualTo(want);
            }
        }
        ExportModel exports = new ExportModel(events);
        List<ExportModel.Channel> channels = api.get("/v1/chatbots/" + chatbotId + "/statistics/channels").json().get("channels")
                .valueStream().map(c -> new ExportModel.Channel(c.get("id").asString(), c.get("name").asString(), c.get("type").asString()))
                .toList();
        Case d = named(daily);
        Map<String, String> dailyParams = new LinkedHashMap<>(Map.of("from", d.from(), "to", d.to()));
        if (d.zone() != null) {
            dailyParams.put("timezone", d.zone());
        }
        List<String[]> expectedDaily = exports.daily(TimeWindow.parse(d.from(), d.to(), "86400", d.zone()), channels);
        compareCsv(export(chatbotId, dailyParams), expectedDaily);
        Case c = named(conversations);
        List<String[]> expectedConversations = exports.conversations(c.window().from(), c.window().to(), channels);
        assertThat(expectedConversations).as("conversations in the export's window").hasSizeGreaterThan(20);
        compareCsv(export(chatbotId, Map.of("from", c.from(), "to", c.to(), "kind", "conversations")), expectedConversations);
    }

    private static Case named(String name) {
        return cases().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private void compare(ReportModel model, ReportKind kind, String chatbotId, String channelId, Case c) {
        List<Component> components = kind.components();
        Map<String, Object> q = new LinkedHashMap<>();
        if (channelId != null) {
            q.put("channelId", channelId);
        }
        q.put("from", c.from());
        q.put("to", c.to());
        q.put("interval", c.interval());
        q.put("components", String.join(",", components.stream().map(x -> String.valueOf(kind.id(x))).toList()));
        if (c.zone() != null) {
            q.put("timezone", c.zone());
        }
        String path = "/v1/chatbots/" + chatbotId + "/statistics/reports/" + (kind == ReportKind.OVERVIEW ? "overview" : "channel") + "?"
                + Api.query(q);
        Api.Response r = api.get(path);
        assertThat(r.status()).as("%s %s", path, r.body()).isEqualTo(200);
        JsonNode expected = model.expected(kind, chatbotId, channelId, c.window(), components);
        Optional<String> diff = JsonCompare.difference(expected, r.json());
        if (diff.isPresent()) {
            throw new AssertionError(c + " " + path + ": " + diff.get());
        }
    }

    private List<List<String>> export(String chatbotId, Map<String, String> params) {
        String id = Exports.create(api, chatbotId, params);
        JsonNode status = Exports.await(api, chatbotId, id);
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("completed");
        Api.Response file = api.get(status.get("downloadUrl").asString(), null);
        assertThat(file.status()).isEqualTo(200);
        return Exports.parse(file.body());
    }

    private static void compareCsv(List<List<String>> csv, List<String[]> expected) {
        List<String> header = csv.getFirst();
        assertThat(csv).as("header + rows").hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            List<String> got = csv.get(i + 1);
            String[] want = expected.get(i);
            assertThat(got).as("row %d", i + 1).hasSize(header.size());
            for (int c = 0; c < header.size(); c++) {
                String where = "row " + (i + 1) + " column " + header.get(c) + ": got " + got + " want " + List.of(want);
                if (DECIMAL_COLUMNS.contains(header.get(c)) && !want[c].isEmpty()) {
                    assertThat(got.get(c)).as(where).isNotEmpty();
                    assertThat(Double.parseDouble(got.get(c))).as(where).isCloseTo(Double.parseDouble(want[c]), within(1e-6));
                } else {
                    assertThat(got.get(c)).as(where).isEqualTo(want[c]);
                }
            }
        }
    }

    /** Each step id's label: its latest name on any channel (null: none). */
    private static Map<String, String> labels(ReferenceModel model) {
        Map<String, String> out = new HashMap<>();
        model.of(EventType.STEP).stream().filter(e -> e.step().stepName() != null).sorted(LoggedEvent.TIME_ORDER)
                .forEach(e -> out.put(e.step().stepId(), e.step().stepName()));
        return out;
    }

    private static List<Long> hotInstants() {
        Set<Long> hot = new TreeSet<>();
        for (Case c : cases()) {
            TimeWindow w = c.window();
            for (long t : new long[] {w.from(), w.from() - 1, w.to(), w.to() + 1, w.previousFrom(), w.previousFrom() - 1}) {
                hot.add(t);
            }
            for (TimeWindow.Bucket b : w.buckets()) {
                hot.add(b.start());
                hot.add(b.end());
            }
        }
        return List.copyOf(hot);
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
