package io.sextant.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Event;
import io.sextant.report.Component;
import io.sextant.report.ReportKind;
import io.sextant.report.ReportService;
import io.sextant.report.TimeWindow;
import io.sextant.store.ChangeLog;
import io.sextant.store.ChannelStore;
import io.sextant.store.ChannelType;
import io.sextant.store.ExportDataStore;
import io.sextant.store.InboxStore;
import io.sextant.store.ReportData;
import io.sextant.store.ReportQuery;
import io.sextant.store.Segment;
import io.sextant.store.duckdb.DuckDbStoresForTests;
import io.sextant.support.RandomEvents;
import io.sextant.testkit.ClickHouseCluster;
import io.sextant.testkit.Directories;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ClickHouse read stores against DuckDB's, the reference implementation, at store level: the
 * same random events (every type, late, out of order, duplicates whose later versions differ, times
 * on window and bucket edges, ties of the millisecond) go into DuckDB through its event store and
 * into a database of this test's own on the shared 2 × 2 cluster as rows ({@link EventRows}, the
 * first version of an id winning, {@code seq} in ingestion order) written to the first replica of
 * the chatbot's shard; then every metric of every report (overview and each channel; daily and
 * hourly; with and without zones across DST and odd offsets), the inbox threads and agent counts,
 * and both exports must be equal. Counts, keys, labels, bucket positions and medians exactly; sums of
 * doubles (call seconds) within 1e-9 relative, as the engines add in different orders. The stores
 * are built as the engine wires them: reads routed to the chatbot's shard ({@link Topology}), its
 * channels read through {@link ClickHouseChannelStore} and bound into the statements.
 */
class ClickHouseReadStoresTest {

    private static final List<String> EVENT_CHANNELS = List.of("web-1", "tg-1", "voice-1", "ghost-1");
    private static final Map<String, ChannelType> REGISTERED = Map.of(
            "web-1", ChannelType.WEB, "tg-1", ChannelType.TELEGRAM, "voice-1", ChannelType.VOICE, "idle-1", ChannelType.DEBUG);
    private static final List<String> BOTS = List.of("bot-a", "bot-b", "bot-c");
    /** A chatbot with events but no channel rows (its channels' registration never happened): every channel array is empty. */
    private static final String BARE = "bot-bare";

    record Case(String from, String to, String interval, String zone) {
        TimeWindow window() {
            return TimeWindow.parse(from, to, interval, zone);
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("2025-03-26T23:00:00.000Z", "2025-04-02T21:59:59.999Z", "86400", "Europe/Berlin"),
            new Case("2025-03-26T23:00:00.000Z", "2025-04-02T21:59:59.999Z", "86400", null),
            new Case("2025-03-29T23:00:00.000Z", "2025-03-30T21:59:59.999Z", "3600", "Europe/Berlin"),
            new Case("2025-03-28T05:17:03.456Z", "2025-03-31T19:00:00.000Z", "3600", null),
            new Case("2025-03-30T01:00:00.000Z", "2025-03-30T01:00:00.001Z", "3600", null),
            new Case("2025-03-27T07:13:00.123Z", "2025-04-01T18:29:59.999Z", "86400", "Asia/Kolkata"),
            new Case("2025-03-30T13:30:00.000Z", "2025-03-31T12:59:59.999Z", "3600", "Australia/Lord_Howe"),
            new Case("2024-01-01T00:00:00.000Z", "2024-01-03T23:59:59.999Z", "86400", null),
            new Case("1972-01-04T00:44:30.000Z", "1972-01-10T23:59:59.999Z", "86400", "Africa/Monrovia"),
            new Case("1972-01-06T12:44:30.000Z", "1972-01-07T11:59:59.999Z", "3600", "Africa/Monrovia"));

    private static Path duckDir;
    private static DuckDbStoresForTests duck;
    private static ClickHouseHttp ch;
    private static Topology topology;
    private static ClickHouseChannelStore channels;
    private static String database;

    @BeforeAll
    static void load() throws Exception {
        // -Dsextant.clickhouse.test-urls=… points the test at a running cluster (while developing)
        String given = System.getProperty("sextant.clickhouse.test-urls");
        List<URI> urls = (given != null ? List.of(given.split(",")) : ClickHouseCluster.shared().urls()).stream().map(URI::create).toList();
        database = "reads_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        ch = new ClickHouseHttp(urls, "default", "", database, Duration.ofSeconds(60));
        ClickHouseSchema.create(ch, "sextant");
        topology = new Topology(ch, "sextant");
        channels = new ClickHouseChannelStore(ch, null, new ChangeLog(), Clock.systemUTC()); // read only: no ZooKeeper
        duckDir = Files.createTempDirectory("reads-duck");
        duck = new DuckDbStoresForTests(duckDir);

        List<Long> hot = new ArrayList<>();
        for (Case c : CASES) {
            TimeWindow w = c.window();
            for (long t : new long[] {w.from(), w.from() - 1, w.to(), w.to() + 1, w.previousFrom(), w.previousFrom() - 1}) {
                hot.add(t);
            }
            w.buckets().forEach(b -> {
                hot.add(b.start());
                hot.add(b.end());
            });
        }
        long[][] regions = {{ms("2025-03-20T00:00:00Z"), ms("2025-04-06T00:00:00Z")}, {ms("1971-12-30T00:00:00Z"), ms("1972-01-12T00:00:00Z")}};
        List<Map<String, Object>> channelRows = new ArrayList<>();
        long version = 1;
        for (String bot : BOTS) {
            // idle-1 and web-1 registered before any event, the others after theirs registered them as unknown
            for (String id : List.of("idle-1", "web-1")) {
                channelRows.add(channel(bot, id, REGISTERED.get(id), version++));
            }
            Set<String> stored = new HashSet<>();
            Set<String> channels = new HashSet<>(List.of("idle-1", "web-1"));
            List<Map<String, Object>> rows = new ArrayList<>();
            long seq = 0;
            for (int r = 0; r < regions.length; r++) {
                RandomEvents gen = new RandomEvents(bot.hashCode() * 31L + r, regions[r][0], regions[r][1], hot, EVENT_CHANNELS);
                for (List<Event> batch : gen.batches(r == 0 ? 120 : 40, 4)) {
                    duck.append(bot, batch);
                    for (Event e : batch) {
                        if (stored.add(e.id())) {
                            rows.add(EventRows.row(bot, e, ++seq));
                            if (channels.add(e.channelId())) {
                                channelRows.add(channel(bot, e.channelId(), ChannelType.UNKNOWN, version++));
                            }
                        }
                    }
                }
            }
            for (String id : List.of("tg-1", "voice-1")) {
                channelRows.add(channel(bot, id, REGISTERED.get(id), version++));
            }
            firstReplicaOf(bot, urls).insert("events_local", rows, Map.of());
        }
        List<Map<String, Object>> bare = new ArrayList<>();
        Set<String> bareIds = new HashSet<>();
        for (List<Event> batch : new RandomEvents(7, regions[0][0], regions[0][1], hot, EVENT_CHANNELS).batches(40, 2)) {
            for (Event e : batch) {
                if (bareIds.add(e.id())) {
                    bare.add(EventRows.row(BARE, e, bare.size() + 1));
                }
            }
        }
        firstReplicaOf(BARE, urls).insert("events_local", bare, Map.of());
        // channels: replicated to every node; wait until each has them all
        for (Map<String, Object> row : channelRows) {
            ChannelType type = ChannelType.valueOf(((String) row.get("type")).toUpperCase().replace('-', '_'));
            if (type != ChannelType.UNKNOWN) {
                duck.putChannel(new ChannelStore.Metadata((String) row.get("chatbot_id"), (String) row.get("channel_id"),
                        (String) row.get("name"), type, null, null), (Long) row.get("updated"));
            }
        }
        new ClickHouseHttp(List.of(urls.getFirst()), "default", "", database, Duration.ofSeconds(60)).insert("channels", channelRows, Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (URI url : urls) {
            ClickHouseHttp one = new ClickHouseHttp(List.of(url), "default", "", database, Duration.ofSeconds(60));
            while (longOf(one.rows(new Sql("SELECT count() AS n FROM channels")).getFirst().get("n")) < channelRows.size()) {
                assertThat(System.nanoTime()).as("channels replicated to " + url).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static ClickHouseHttp firstReplicaOf(String bot, List<URI> urls) {
        long shard = longOf(ch.rows(Sql.of("SELECT cityHash64(?) % 2 AS s", bot)).getFirst().get("s"));
        return new ClickHouseHttp(List.of(urls.get(shard == 0 ? 0 : 2)), "default", "", database, Duration.ofSeconds(60));
    }

    private static ClickHouseReportStore reports() {
        return new ClickHouseReportStore(topology, channels);
    }

    private static ClickHouseInboxStore inbox() {
        return new ClickHouseInboxStore(topology, channels);
    }

    private static ClickHouseExportDataStore exports() {
        return new ClickHouseExportDataStore(topology, channels);
    }

    private static Map<String, Object> channel(String bot, String id, ChannelType type, long version) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("chatbot_id", bot);
        r.put("channel_id", id);
        r.put("name", type == ChannelType.UNKNOWN ? id : "Channel " + id);
        r.put("type", type.wireName());
        r.put("number", null);
        r.put("status", null);
        r.put("created", 1_700_000_000_000L + version);
        r.put("updated", 1_700_000_000_000L + version);
        r.put("version", version);
        return r;
    }

    @AfterAll
    static void drop() throws Exception {
        if (duck != null) {
            duck.close();
        }
        if (duckDir != null) {
            Directories.deleteTree(duckDir);
        }
        if (ch != null) {
            ch.executeWithoutDatabase(new Sql("DROP DATABASE IF EXISTS " + database + " ON CLUSTER sextant"));
        }
    }

    @Test
    void everyMetricOfEveryReportEqualsDuckDbs() {
        int compared = 0;
        long nonEmpty = 0;
        for (String bot : BOTS) {
            for (Case c : CASES) {
                TimeWindow w = c.window();
                List<String> channels = new ArrayList<>(EVENT_CHANNELS);
                channels.add("idle-1");
                channels.add(null);
                for (String channel : channels) {
                    ReportKind kind = channel == null ? ReportKind.OVERVIEW : ReportKind.CHANNEL;
                    List<Component> components = kind.components();
                    // settings of our own for all components (fallback intents, a threshold that scores meet exactly), defaults one by one
                    ReportQuery q = ReportService.query(bot, channel, w, components, UNDERSTANDING);
                    String expected = render(duck.reports().compute(q));
                    String actual = render(reports().compute(q));
                    assertThat(actual).as("%s %s %s", bot, channel, c).isEqualTo(expected);
                    nonEmpty += expected.length();
                    compared++;
                    // one metric at a time asks for parts alone (series without buckets or previous); for a few cases
                    if (!bot.equals(BOTS.getFirst()) || CASES.indexOf(c) > 2) {
                        continue;
                    }
                    for (Component comp : components) {
                        ReportQuery one = ReportService.query(bot, channel, w, List.of(comp));
                        assertThat(render(reports().compute(one))).as("%s %s %s %s", bot, channel, c, comp)
                                .isEqualTo(render(duck.reports().compute(one)));
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(BOTS.size() * CASES.size() * 6);
        assertThat(nonEmpty).isPositive();
    }

    private static final ReportQuery.Understanding UNDERSTANDING = new ReportQuery.Understanding(List.of("smalltalk", "Ärger"), 0.5);

    /** The answers as text: distributions sorted by key, sums of doubles to 9 significant digits, medians exact, the KPIs' counts exact. */
    private static String render(ReportData d) {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(d.series()).forEach((m, s) -> sb.append(m).append(": total=").append(sum(s.total()))
                .append(" events=").append(s.events()).append(" byKey=").append(new java.util.TreeMap<>(s.byKey()))
                .append(" buckets=").append(s.buckets().stream().map(ClickHouseReadStoresTest::sum).toList())
                .append(" previous=").append(sum(s.previous())).append('\n'));
        new java.util.TreeMap<>(d.distributions()).forEach((m, items) -> sb.append(m).append(": ")
                .append(items.stream().sorted(Comparator.comparing(ReportData.Item::key, Comparator.nullsFirst(Comparator.naturalOrder())))
                        .toList()).append('\n'));
        new java.util.TreeMap<>(d.samples()).forEach((m, s) -> sb.append(m).append(": ").append(s).append('\n'));
        new java.util.TreeMap<>(d.rates()).forEach((m, r) -> sb.append(m).append(": ").append(r).append('\n'));
        new java.util.TreeMap<>(d.goalRates()).forEach((m, g) -> sb.append(m).append(": total=").append(g.total())
                .append(" previousTotal=").append(g.previousTotal()).append(" counts=").append(new java.util.TreeMap<>(g.counts()))
                .append(" previousCounts=").append(new java.util.TreeMap<>(g.previousCounts())).append('\n'));
        new java.util.TreeMap<>(d.ratings()).forEach((m, r) -> sb.append(m).append(": scores=").append(new java.util.TreeMap<>(r.scores()))
                .append(" up=").append(r.thumbsUp()).append(" down=").append(r.thumbsDown())
                .append(" previousScores=").append(new java.util.TreeMap<>(r.previousScores())).append('\n'));
        return sb.toString();
    }

    private static String sum(double v) {
        return String.format("%.9g", v);
    }

    @Test
    void inboxThreadsTheirStatisticsAndAgentCountsEqualDuckDbs() {
        long threads = 0;
        for (String bot : BOTS) {
            for (Case c : CASES) {
                TimeWindow w = c.window();
                List<String> channels = new ArrayList<>(EVENT_CHANNELS);
                channels.add(null);
                for (String channel : channels) {
                    List<String> expected = threads(duck.inbox(), bot, channel, w);
                    assertThat(threads(inbox(), bot, channel, w)).as("%s %s %s", bot, channel, c).isEqualTo(expected);
                    threads += expected.size();
                    assertThat(inbox().agentCounts(bot, channel, w.from(), w.to(), Segment.ALL)).as("%s %s %s", bot, channel, c)
                            .isEqualTo(duck.inbox().agentCounts(bot, channel, w.from(), w.to(), Segment.ALL));
                    assertThat(inbox().threadStatistics(bot, channel, w.from(), w.to(), Segment.ALL)).as("%s %s %s", bot, channel, c)
                            .isEqualTo(duck.inbox().threadStatistics(bot, channel, w.from(), w.to(), Segment.ALL));
                }
            }
            // every thread of all time, with its close, first response and responder
            assertThat(threads(inbox(), bot, null, 0, Long.MAX_VALUE / 2))
                    .isEqualTo(threads(duck.inbox(), bot, null, 0, Long.MAX_VALUE / 2));
        }
        assertThat(threads).isGreaterThan(50);
    }

    private static List<String> threads(InboxStore store, String bot, String channel, TimeWindow w) {
        return threads(store, bot, channel, w.from(), w.to());
    }

    private static List<String> threads(InboxStore store, String bot, String channel, long from, long to) {
        List<String> out = new ArrayList<>();
        store.threads(bot, channel, from, to, Segment.ALL, t -> out.add(t.toString()));
        out.sort(null);
        return out;
    }

    @Test
    void bothExportsEqualDuckDbs() {
        List<Case> daily = CASES.stream().filter(c -> c.interval().equals("86400")).toList();
        long rows = 0;
        for (String bot : BOTS) {
            assertThat(exports().channelCount(bot)).isEqualTo(duck.exports().channelCount(bot)).isEqualTo(5);
            for (Case c : daily) {
                TimeWindow w = c.window();
                ExportDataStore.Days days = new ExportDataStore.Days(w.from(), w.to(), w.buckets().stream().map(TimeWindow.Bucket::start).toList(),
                        w.buckets().stream().map(TimeWindow.Bucket::end).toList());
                List<String> expected = new ArrayList<>();
                duck.exports().daily(bot, days, Segment.ALL, r -> expected.add(daily(r)));
                List<String> actual = new ArrayList<>();
                exports().daily(bot, days, Segment.ALL, r -> actual.add(daily(r)));
                assertThat(actual).as("%s %s", bot, c).isEqualTo(expected);
                rows += expected.size();
            }
            for (Case c : CASES) {
                TimeWindow w = c.window();
                assertThat(exports().conversationCount(bot, w.from(), w.to(), Segment.ALL))
                        .isEqualTo(duck.exports().conversationCount(bot, w.from(), w.to(), Segment.ALL));
                List<String> expected = new ArrayList<>();
                duck.exports().conversations(bot, w.from(), w.to(), Segment.ALL, r -> expected.add(conversation(r)));
                List<String> actual = new ArrayList<>();
                exports().conversations(bot, w.from(), w.to(), Segment.ALL, r -> actual.add(conversation(r)));
                assertThat(actual).as("%s %s", bot, c).isEqualTo(expected);
                rows += expected.size();
            }
        }
        assertThat(rows).isGreaterThan(200);
    }

    /**
     * A chatbot with events but without channel rows binds empty arrays, which 18.16 must take
     * (typed by a cast): its conversations have no channel type, and the daily grid (its channels ×
     * the buckets) is empty.
     */
    @Test
    void aChatbotWithoutChannelsHasNoChannelTypesAndNoDailyRows() {
        TimeWindow w = CASES.getFirst().window();
        ReportData d = reports().compute(ReportService.query(BARE, null, w, ReportKind.OVERVIEW.components()));
        long conversations = d.series().get(io.sextant.store.Metric.CONVERSATIONS).events();
        assertThat(conversations).isPositive();
        assertThat(d.distributions().get(io.sextant.store.Metric.CONVERSATION_CHANNEL_TYPES))
                .containsExactly(new ReportData.Item(null, conversations, null));
        assertThat(exports().channelCount(BARE)).isZero();
        ExportDataStore.Days days = new ExportDataStore.Days(w.from(), w.to(), w.buckets().stream().map(TimeWindow.Bucket::start).toList(),
                w.buckets().stream().map(TimeWindow.Bucket::end).toList());
        List<ExportDataStore.DailyRow> daily = new ArrayList<>();
        exports().daily(BARE, days, Segment.ALL, daily::add);
        assertThat(daily).isEmpty();
        List<ExportDataStore.ConversationRow> rows = new ArrayList<>();
        exports().conversations(BARE, w.from(), w.to(), Segment.ALL, rows::add);
        assertThat(rows).hasSize((int) conversations).allSatisfy(r -> assertThat(r.channelType()).isNull());
    }

    /** A daily row; medians and the sum of durations to 9 significant digits (DuckDB's quantile_cont and fsum differ in the last bits). */
    private static String daily(ExportDataStore.DailyRow r) {
        return List.of(r.bucketStart(), r.bucketEnd(), r.channelId(), r.channelName(), r.channelType(), r.conversations(), r.messages(),
                r.userMessages(), r.botMessages(), r.agentMessages(), r.interactions(), r.stepExecutions(), r.intentHits(),
                approx(r.intentScoreMedian()), approx(r.messagesPerConversationMedian()), approx(r.userMessageLengthMedian()),
                r.calls(), approx(r.callDurationSeconds()), approx(r.callDurationMedian()), r.inboxOpened(), r.inboxClosed()).toString();
    }

    private static String conversation(ExportDataStore.ConversationRow r) {
        return r.toString().replaceAll("callDurationSeconds=[^,]*", "callDurationSeconds=" + approx(r.callDurationSeconds()));
    }

    private static String approx(Double v) {
        return v == null ? "null" : String.format("%.9g", v);
    }

    private static long longOf(tools.jackson.databind.JsonNode n) {
        return ClickHouseReportStore.longOf(n);
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

}
