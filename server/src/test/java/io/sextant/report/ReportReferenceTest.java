package io.sextant.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Event;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.EventLog;
import io.sextant.support.JsonCompare;
import io.sextant.support.RandomEvents;
import io.sextant.support.ReferenceModel;
import io.sextant.support.SegmentModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The main guard of the reports: random traffic of every event type, sent through the HTTP API in
 * batches (late, out of order, with duplicates whose later versions differ), and every report
 * answer compared with the brute-force {@link ReportModel} over the events the service accepted:
 * overview and every channel, daily and hourly, with and without a time zone across DST changes
 * (Berlin, Santiago, Kolkata, Lord Howe, and Monrovia's 1972 change by 44.5 minutes), odd window edges, a dashboard's edges just before an hour, an empty window and a 2 ms window.
 * The understood rate is checked with the default settings first, then, for every case, with fallback
 * intents and a threshold set through the settings endpoint (another chatbot keeping the defaults).
 * Then every kind of segment ({@link SegmentModel#filterLists}), alone and combined, against the same
 * model restricted to the segment's conversations found by brute force, the cases taken in turn.
 *
 * <p>Deterministic: the seed is fixed (override with -Dsextant.seed=…) and printed on failure.
 */
class ReportReferenceTest extends ApiTest {

    private static final String BOT = "bot-ref";
    private static final String OTHER = "bot-other";
    private static final List<String> EVENT_CHANNELS = List.of("web-1", "tg-1", "voice-1", "ghost-1", "mail-1");
    /** Registered channels and their types; ghost-1 is never registered (type unknown), idle-1 has no events. */
    private static final Map<String, String> REGISTERED = Map.of(
            "web-1", "web", "tg-1", "telegram", "voice-1", "voice", "mail-1", "email", "idle-1", "debug");
    private static final List<String> REPORT_CHANNELS = List.of("web-1", "tg-1", "voice-1", "ghost-1", "mail-1", "idle-1");

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

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String zone : new String[] {"Europe/Berlin", null}) {
            cases.add(new Case("berlin-spring-daily", "2025-03-26T23:00:00.000Z", "2025-04-02T21:59:59.999Z", "86400", zone));
            cases.add(new Case("berlin-spring-hourly", "2025-03-29T23:00:00.000Z", "2025-03-30T21:59:59.999Z", "3600", zone));
            cases.add(new Case("berlin-fall-daily", "2025-10-22T22:00:00.000Z", "2025-10-29T22:59:59.999Z", "86400", zone));
            cases.add(new Case("berlin-fall-hourly", "2025-10-25T22:00:00.000Z", "2025-10-26T22:59:59.999Z", "3600", zone));
            cases.add(new Case("odd-edges-hourly", "2025-03-28T05:17:03.456Z", "2025-03-31T19:00:00.000Z", "3600", zone));
            cases.add(new Case("empty", "2024-01-01T00:00:00.000Z", "2024-01-03T23:59:59.999Z", "86400", zone));
            cases.add(new Case("two-ms", "2025-03-30T01:00:00.000Z", "2025-03-30T01:00:00.001Z", "3600", zone));
            // a dashboard's windows, ending a few milliseconds or minutes before an hour: the hour their
            // previous period's start cuts comes from its row less the events before that start
            cases.add(new Case("dashboard-hourly", "2025-03-30T00:00:00.000Z", "2025-03-30T23:59:59.995Z", "3600", zone));
            cases.add(new Case("dashboard-daily", "2025-03-26T00:00:00.000Z", "2025-04-01T21:47:12.345Z", "86400", zone));
        }
        for (String zone : new String[] {"America/Santiago", null}) {
            cases.add(new Case("santiago-april-daily", "2025-04-03T03:00:00.000Z", "2025-04-08T03:59:59.999Z", "86400", zone));
            cases.add(new Case("santiago-september-hourly", "2025-09-06T04:00:00.000Z", "2025-09-08T02:59:59.999Z", "3600", zone));
            cases.add(new Case("santiago-september-daily", "2025-09-03T04:00:00.000Z", "2025-09-10T02:59:59.999Z", "86400", zone));
        }
        for (String zone : new String[] {"Asia/Kolkata", null}) {
            cases.add(new Case("kolkata-odd-from-daily", "2025-03-27T07:13:00.123+00:00", "2025-04-01T18:29:59.999Z", "86400", zone));
        }
        for (String zone : new String[] {"Africa/Monrovia", null}) {
            // Monrovia went from −00:44:30 to UTC on 1972-01-07: local boundaries move by 44.5 minutes
            cases.add(new Case("monrovia-1972-daily", "1972-01-04T00:44:30.000Z", "1972-01-10T23:59:59.999Z", "86400", zone));
            cases.add(new Case("monrovia-1972-hourly", "1972-01-06T12:44:30.000Z", "1972-01-07T11:59:59.999Z", "3600", zone));
        }
        for (String zone : new String[] {"Australia/Lord_Howe", null}) {
            cases.add(new Case("lord-howe-october-hourly", "2025-10-04T13:30:00.000Z", "2025-10-05T12:59:59.999Z", "3600", zone));
            cases.add(new Case("lord-howe-april-daily", "2025-04-02T13:00:00.000Z", "2025-04-08T13:29:59.999Z", "86400", zone));
        }
        return cases;
    }

    /** The cases this class checks against the model: all of them (a subclass on a slower engine may check fewer). */
    protected List<Case> casesToCheck() {
        return cases();
    }

    /** Time ranges the traffic is spread over, each around some of the cases. */
    private static final long[][] REGIONS = {
            {ms("2025-03-18T00:00:00Z"), ms("2025-04-10T00:00:00Z")},
            {ms("2025-08-28T00:00:00Z"), ms("2025-09-12T00:00:00Z")},
            {ms("2025-09-28T00:00:00Z"), ms("2025-11-02T00:00:00Z")},
            {ms("1971-12-26T00:00:00Z"), ms("1972-01-14T00:00:00Z")},
    };

    private static final long SEED = Long.getLong("sextant.seed", 20250330L);

    /** The accepted events, and the server they went to: the tests of a class share one traffic; a subclass runs on a server of its own. */
    private static EventLog log;
    private static int ingestedInto;

    @BeforeEach
    void ingestOnce() {
        if (log != null && ingestedInto == port) {
            return;
        }
        log = new EventLog();
        seeded(() -> ingest(SEED));
        ingestedInto = port;
    }

    @Test
    void everyComponentOfEveryReportEqualsTheReferenceModel() {
        seeded(this::checkEveryCase);
    }

    private static void seeded(Runnable run) {
        try {
            run.run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + SEED + " (rerun with -Dsextant.seed=" + SEED + "): " + e.getMessage(), e);
        }
    }

    private static Map<String, String> channelTypes() {
        Map<String, String> types = new LinkedHashMap<>(REGISTERED);
        types.put("ghost-1", "unknown");
        return types;
    }

    private void ingest(long seed) {
        for (String id : List.of("web-1", "tg-1", "idle-1")) {
            register(BOT, id);
        }
        List<Long> hot = hotInstants();
        for (int r = 0; r < REGIONS.length; r++) {
            long lo = REGIONS[r][0];
            long hi = REGIONS[r][1];
            List<Long> near = hot.stream().filter(t -> t >= lo - 86_400_000L * 7 && t <= hi + 86_400_000L * 7).toList();
            RandomEvents gen = new RandomEvents(seed * 31 + r, lo, hi, near, EVENT_CHANNELS);
            List<List<Event>> batches = gen.batches(r < 3 ? 130 : 40, r < 3 ? 5 : 2);
            for (List<Event> batch : batches) {
                send(BOT, batch);
            }
            if (r == 0) { // the same traffic for another chatbot: reports must keep chatbots apart
                for (List<Event> batch : batches) {
                    send(OTHER, batch);
                }
            }
        }
        register(BOT, "voice-1"); // registered after its events auto-registered it as unknown
        register(BOT, "mail-1");
    }

    private void checkEveryCase() {
        ReportModel model = new ReportModel(log.model(BOT), channelTypes());
        Random random = new Random(SEED);
        int requests = 0;
        List<Case> cases = casesToCheck();
        // the defaults (no fallback intent, threshold 0: every intent understood), then settings of our own
        requests += check(model, ReportKind.OVERVIEW, BOT, null, cases.getFirst(), random, false);
        requests += check(model, ReportKind.CHANNEL, BOT, "web-1", cases.getFirst(), random, false);
        List<String> fallback = List.of("smalltalk", "Ärger");
        Api.Response put = api.put("/v1/chatbots/" + BOT + "/statistics/settings",
                Map.of("fallbackIntents", fallback, "understoodThreshold", 0.5), api.adminKey());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        model.understanding(fallback, 0.5); // 0.5 is a score the traffic sends: the threshold itself counts
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            boolean everySingle = i == 0;
            requests += check(model, ReportKind.OVERVIEW, BOT, null, c, random, everySingle);
            for (String channel : REPORT_CHANNELS) {
                requests += check(model, ReportKind.CHANNEL, BOT, channel, c, random, everySingle && channel.equals("voice-1"));
            }
        }
        ReportModel other = new ReportModel(log.model(OTHER), Map.of("web-1", "unknown", "tg-1", "unknown",
                "voice-1", "unknown", "ghost-1", "unknown", "mail-1", "unknown"));
        requests += check(other, ReportKind.OVERVIEW, OTHER, null, cases.getFirst(), random, false);
        requests += check(other, ReportKind.CHANNEL, OTHER, "voice-1", cases.getFirst(), random, false);
        assertThat(requests).isGreaterThan(cases.size() * 13);
        assertThat(log.model(BOT).conversationStarts().size()).as("conversations that started").isGreaterThan(250);
    }

    /**
     * Each filter list: the overview and a channel report with every component, over {@link #casesPerSegment}
     * cases, taken in turn so that the lists together meet every case; the expected answer is the
     * model of the segment's conversations, found by brute force.
     */
    @Test
    void everyComponentOfASegmentEqualsTheModelOfItsConversations() {
        seeded(() -> {
            ReferenceModel chatbot = log.model(BOT);
            Map<String, String> types = channelTypes();
            List<Case> cases = casesToCheck();
            int perList = casesPerSegment();
            List<List<String>> lists = SegmentModel.filterLists("web-1", "telegram");
            Set<Case> met = new java.util.HashSet<>();
            // settings of its own for the understood rate, the defaults again at the end (the other test starts from them)
            List<String> fallback = List.of("refund", "goodbye");
            settings(fallback, 0.3);
            try {
                for (int i = 0; i < lists.size(); i++) {
                    List<String> filters = lists.get(i);
                    ReferenceModel segment = SegmentModel.checkedRestrict(chatbot, types, filters);
                    ReportModel model = new ReportModel(segment, types, chatbot);
                    model.understanding(fallback, 0.3);
                    for (int k = 0; k < perList; k++) {
                        Case c = cases.get((i * perList + k) % cases.size());
                        met.add(c);
                        compare(model, ReportKind.OVERVIEW, BOT, null, c, allIds(ReportKind.OVERVIEW), ReportKind.OVERVIEW.components(),
                                filters);
                        String channel = REPORT_CHANNELS.get((i + k) % REPORT_CHANNELS.size());
                        compare(model, ReportKind.CHANNEL, BOT, channel, c, allIds(ReportKind.CHANNEL), ReportKind.CHANNEL.components(),
                                filters);
                    }
                }
            } finally {
                settings(List.of(), 0.0);
            }
            assertThat(met).as("cases met by some segment").hasSize(Math.min(cases.size(), lists.size() * perList));
        });
    }

    private void settings(List<String> fallbackIntents, double understoodThreshold) {
        Api.Response put = api.put("/v1/chatbots/" + BOT + "/statistics/settings",
                Map.of("fallbackIntents", fallbackIntents, "understoodThreshold", understoodThreshold), api.adminKey());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    /** How many cases each filter list is checked over (a subclass on a slower engine may check fewer). */
    protected int casesPerSegment() {
        return 2;
    }

    private static String allIds(ReportKind kind) {
        return String.join(",", kind.components().stream().map(c -> String.valueOf(kind.id(c))).toList());
    }

    /** All components in one request, then single ones; returns the number of requests made. */
    private int check(ReportModel model, ReportKind kind, String chatbotId, String channelId, Case c, Random random, boolean everySingle) {
        List<Component> all = kind.components();
        // IDs and names mixed, blanks around items, one duplicate: all collapse to the whole list
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            Component comp = all.get(i);
            list.append(i == 0 ? "" : ",").append(i % 3 == 1 ? " " : "").append(i % 2 == 0 ? kind.id(comp) : kind.name(comp))
                    .append(i % 4 == 3 ? " " : "");
        }
        list.append(",").append(kind.id(all.getFirst()));
        compare(model, kind, chatbotId, channelId, c, list.toString(), all);
        int requests = 1;
        List<Component> singles = everySingle ? all : List.of(pick(all, random));
        for (Component comp : singles) {
            compare(model, kind, chatbotId, channelId, c, String.valueOf(kind.id(comp)), List.of(comp));
            requests++;
        }
        return requests;
    }

    private void compare(ReportModel model, ReportKind kind, String chatbotId, String channelId, Case c, String components, List<Component> expectedComponents) {
        compare(model, kind, chatbotId, channelId, c, components, expectedComponents, List.of());
    }

    /** The answer with {@code filter} parameters, in order, against the model (of their segment). */
    private void compare(ReportModel model, ReportKind kind, String chatbotId, String channelId, Case c, String components,
            List<Component> expectedComponents, List<String> filters) {
        Map<String, Object> q = new LinkedHashMap<>();
        if (channelId != null) {
            q.put("channelId", channelId);
        }
        q.put("from", c.from());
        q.put("to", c.to());
        q.put("interval", c.interval());
        q.put("components", components);
        if (c.zone() != null) {
            q.put("timezone", c.zone());
        }
        String path = "/v1/chatbots/" + chatbotId + "/statistics/reports/" + (kind == ReportKind.OVERVIEW ? "overview" : "channel") + "?" + Api.query(q)
                + SegmentModel.query(filters);
        Api.Response r = api.get(path);
        assertThat(r.status()).as("%s %s", path, r.body()).isEqualTo(200);
        JsonNode expected = model.expected(kind, chatbotId, channelId, c.window(), expectedComponents);
        Optional<String> diff = JsonCompare.difference(expected, r.json());
        if (diff.isPresent()) {
            throw new AssertionError(c + " " + filters + " " + path + ": " + diff.get());
        }
    }

    private void send(String chatbotId, List<Event> batch) {
        Api.Response r = api.ingest(chatbotId, batch.stream().map(RandomEvents::wire).toList());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        int accepted = log.accept(chatbotId, batch);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(accepted);
        assertThat(r.json().get("duplicates").asInt()).isEqualTo(batch.size() - accepted);
    }

    private void register(String chatbotId, String channelId) {
        Api.Response r = api.put("/v1/chatbots/" + chatbotId + "/statistics/channels/" + channelId,
                Map.of("name", "Channel " + channelId, "type", REGISTERED.get(channelId)), api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Window edges of every case: from, to, one millisecond either side, the previous period's edges, bucket edges. */
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

    private static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
