package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.report.TimeWindow;
import io.sextant.store.ChangeLog;
import io.sextant.store.Metric;
import io.sextant.store.ReportData;
import io.sextant.store.ReportQuery;
import io.sextant.support.RandomEvents;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The aggregate path of the reports (whole UTC hours and days from {@code event_rollups}, the rest
 * from the events) answers exactly what a brute-force recomputation from the events alone answers,
 * over random late, out-of-order and duplicate events committed in many small groups (so spans are
 * compacted on the way), for random windows with millisecond edges, hourly and daily buckets in
 * zones with DST changes and half- and quarter-hour offsets, with and without a channel. The rollups
 * the writer kept group by group also equal migrations V9's and V14's backfills over the same events.
 * The reach the writer kept ({@link ConversationReach}) covers every conversation that crosses a
 * window's edge; the brute force, without it, computes those reports again from the exact bounds.
 */
class EventRollupsTest {

    private static final long LO = 1_743_120_000_000L; // 2025-03-28T00:00Z
    private static final long HI = 1_744_070_400_000L; // 2025-04-08T00:00Z
    /** Berlin's spring change (2025-03-30T01:00Z), Santiago's and Lord Howe's autumn ones (2025-04-06), a Kolkata midnight. */
    private static final List<Long> HOT = List.of(1_743_296_400_000L, 1_743_908_400_000L, 1_743_863_400_000L, 1_743_445_800_000L,
            1_743_465_600_000L);
    private static final List<Optional<ZoneId>> ZONES = List.of(Optional.empty(), Optional.of(ZoneId.of("Europe/Berlin")),
            Optional.of(ZoneId.of("Asia/Kolkata")), Optional.of(ZoneId.of("Australia/Lord_Howe")),
            Optional.of(ZoneId.of("America/Santiago")), Optional.of(ZoneId.of("Asia/Kathmandu")));
    private static final List<String> CHANNELS = List.of("web", "voice", "mail");

    @TempDir
    Path dataDir;

    @Test
    void theAggregatePathEqualsTheEventsAloneAndTheBackfill() throws Exception {
        long seed = Long.getLong("sextant.seed", 20261201L);
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            RandomEvents random = new RandomEvents(seed, LO, HI, HOT, CHANNELS);
            List<List<Event>> batches = random.batches(600, 60);
            for (int i = 0; i < batches.size(); i++) { // one commit per batch: many groups per span, so spans are compacted
                List<EventBatch> group = new ArrayList<>();
                group.add(new EventBatch("bot", batches.get(i)));
                if (i % 3 == 0) {
                    group.add(new EventBatch("other-bot", batches.get(i)));
                }
                store.append(group);
            }
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            // every group reaches every day of the range: without compaction a day's rows would number 60 per identity
            assertThat(jdbc.sql("SELECT max(c) FROM (SELECT count(*) AS c FROM event_rollups"
                    + " GROUP BY chatbot_id, channel_id, grain, start_ts, metric, key, num)").query(Long.class).single())
                    .isLessThanOrEqualTo(EventRollups.COMPACT_AFTER);

            assertBackfillEqualsWriter(jdbc);
            // the writer's chatbot keys (ChatbotKey, in Java) are those DuckDB computes (migration V15, an erasure's rows)
            assertThat(jdbc.sql("SELECT count(DISTINCT chatbot_key) FROM event_rollups").query(Long.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT count(*) FROM event_rollups WHERE chatbot_key <> " + ChatbotKey.SQL).query(Long.class).single())
                    .isZero();

            // the service's store, with the reach the writer kept; the brute force without it, so
            // that every report with crossing conversations is computed again from the exact bounds
            DuckDbReportStore rollups = new DuckDbReportStore(db.dataSource(), db.conversationReach(), db.latestEvents());
            DuckDbReportStore events = new DuckDbReportStore(db.dataSource(), false);
            // and the service's store as it runs: keeping rollup rows and the events of the settled hours reports cut
            DuckDbReportStore kept = new DuckDbReportStore(db.dataSource(), db.conversationReach(), db.latestEvents(), db.rollupChanges(), 1_000_000);
            Random r = new Random(seed);
            int usedRollups = 0;
            for (int i = 0; i < 160; i++) {
                ReportQuery q = randomQuery(r);
                String what = "seed " + seed + ", query " + i + ": " + q;
                ReportData expected = events.compute(q);
                ReportData actual = rollups.compute(q);
                assertSame(actual, expected, what);
                assertSame(kept.compute(q), expected, what + " (kept rows and hours)");
                if (DuckDbReportStore.statements(q).rollups() != null) {
                    usedRollups++;
                }
            }
            assertThat(usedRollups).as("queries that read rollups").isGreaterThan(100);
            assertThat(events.recomputed()).as("reports computed again without a reach: crossing conversations were there").isGreaterThan(20);
            assertThat(rollups.recomputed()).as("reports the writer's reach did not cover").isZero();
            assertThat(rollups.crossingLeftOut(false)).as("reports that ended after every message").isPositive();
            assertThat(kept.hoursRead()).as("settled hours whose events a report counted a range of").isGreaterThan(50);
        }
    }

    /**
     * With no message before its conversation's start, and windows that end before, at and after
     * the latest message, the reports whose bounds leave a side of W empty leave its scans out
     * ({@link DuckDbReportStore#compute}): the answers are still the brute force's, and both sides
     * are left out in some reports and read in others.
     */
    @Test
    void reportsLeaveOutTheSidesOfAWindowNoConversationCrosses() throws Exception {
        long seed = Long.getLong("sextant.seed", 20261206L);
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            List<List<Event>> batches = new RandomEvents(seed, LO, HI, HOT, CHANNELS).batches(400, 40);
            // every message at or after every start of its conversation: no conversation row has a lead
            Map<String, Long> latestStart = new java.util.HashMap<>();
            batches.forEach(b -> b.stream().filter(e -> e instanceof Event.ConversationStarted)
                    .forEach(e -> latestStart.merge(e.conversationId(), e.ts(), Math::max)));
            for (List<Event> batch : batches) {
                store.append(List.of(new EventBatch("bot", batch.stream()
                        .filter(e -> !(e instanceof Event.Message) || e.ts() >= latestStart.getOrDefault(e.conversationId(), Long.MAX_VALUE))
                        .toList())));
            }
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            long last = jdbc.sql("SELECT max(last_message_ts) FROM conversations WHERE start_ts IS NOT NULL").query(Long.class).single();
            assertThat(jdbc.sql("SELECT max(start_ts - first_message_ts) FROM conversations").query(Long.class).single()).isLessThanOrEqualTo(0L);
            DuckDbReportStore rollups = new DuckDbReportStore(db.dataSource(), db.conversationReach(), db.latestEvents());
            DuckDbReportStore events = new DuckDbReportStore(db.dataSource(), false);
            Random r = new Random(seed);
            for (int i = 0; i < 80; i++) {
                ReportQuery any = randomQuery(r);
                // a third end after the latest message, a third at it, a third anywhere
                long to = switch (i % 3) {
                    case 0 -> last + 1 + r.nextInt(3_600_000);
                    case 1 -> last;
                    default -> any.to();
                };
                long from = Math.min(any.from(), to);
                TimeWindow.Interval daily = TimeWindow.Interval.parse("86400");
                TimeWindow w = TimeWindow.of(from, to, daily, Optional.empty(), daily.maxBuckets());
                ReportQuery q = new ReportQuery("bot", any.channelId(), w.from(), w.to(), w.previousFrom(),
                        w.buckets().stream().map(TimeWindow.Bucket::start).toList(),
                        Map.of(Metric.MESSAGES_PER_CONVERSATION, Set.of(), Metric.MESSAGES, EnumSet.allOf(Metric.Part.class)));
                assertSame(rollups.compute(q), events.compute(q), "seed " + seed + ", query " + i + ": " + q);
            }
            assertThat(rollups.crossingLeftOut(true)).as("reports without the scans before W").isEqualTo(80);
            assertThat(rollups.crossingLeftOut(false)).as("reports without the scans after W").isBetween(54L, 79L);
            assertThat(events.recomputed()).as("reports with conversations crossing W's end").isPositive();
            assertThat(rollups.recomputed()).isZero();
        }
    }

    /**
     * Windows that end just before, at and after the latest row of each table the reports read by
     * range (and anywhere): the reports leave out the ranges that start after their table's latest
     * time ({@link LatestEvents}), and their answers are still the brute force's. Twice: with the
     * latest times as the writer widened them at its commits, then as a new writer loaded them from
     * the file.
     */
    @Test
    void reportsLeaveOutTheRangesAfterTheLatestRowsOfEachTable() throws Exception {
        long seed = Long.getLong("sextant.seed", 20261207L);
        List<List<Event>> batches = new RandomEvents(seed, LO, HI, HOT, CHANNELS).batches(300, 40);
        // the other chatbot's rows go on a day longer: its latest times must not count for "bot"
        List<List<Event>> others = new RandomEvents(seed + 1, LO, HI + EventRollups.DAY, HOT, CHANNELS).batches(300, 40);
        Random r = new Random(seed);
        for (int pass = 0; pass < 2; pass++) {
            try (Database db = Database.open(dataDir, "256MB");
                    DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
                if (pass == 0) {
                    for (int i = 0; i < batches.size(); i++) {
                        store.append(List.of(new EventBatch("bot", batches.get(i)), new EventBatch("other-bot", others.get(i))));
                    }
                }
                JdbcClient jdbc = JdbcClient.create(db.dataSource());
                long[] ends = new long[LatestEvents.TABLES.length];
                for (int t = 0; t < ends.length; t++) {
                    String time = t == 0 ? "start_ts" : "ts";
                    ends[t] = jdbc.sql("SELECT max(" + time + ") FROM " + LatestEvents.TABLES[t] + " WHERE "
                            + (t == 0 ? "chatbot_id = 'bot'" : "chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = 'bot')"))
                            .query(Long.class).single();
                }
                assertThat(db.latestEvents().loaded()).isTrue();
                long[] latest = db.latestEvents().of("bot");
                for (int t = 0; t < ends.length; t++) {
                    // a conversation's later conversation.started events are not its row's start: the writer's may be later
                    assertThat(latest[t]).as("the latest time of " + LatestEvents.TABLES[t] + ", pass " + pass)
                            .isGreaterThanOrEqualTo(ends[t]);
                    if (pass == 1 || t > 0) {
                        assertThat(latest[t]).as("the latest time of " + LatestEvents.TABLES[t] + ", pass " + pass).isEqualTo(ends[t]);
                    }
                }
                DuckDbReportStore rollups = new DuckDbReportStore(db.dataSource(), db.conversationReach(), db.latestEvents());
                DuckDbReportStore events = new DuckDbReportStore(db.dataSource(), false);
                for (int i = 0; i < 90; i++) {
                    ReportQuery any = randomQuery(r);
                    long end = ends[r.nextInt(ends.length)];
                    long to = switch (i % 5) {
                        case 0 -> end - 1;
                        case 1 -> end;
                        case 2 -> end + 1 + r.nextInt(2 * 3_600_000);
                        case 3 -> Arrays.stream(ends).max().getAsLong() + 1 + r.nextInt(2 * 3_600_000); // after every table's
                        default -> any.to();
                    };
                    long from = Math.min(any.from(), to);
                    TimeWindow.Interval interval = TimeWindow.Interval.parse(r.nextBoolean() ? "3600" : "86400");
                    TimeWindow w = TimeWindow.of(from, to, interval, ZONES.get(r.nextInt(ZONES.size())), interval.maxBuckets());
                    ReportQuery q = new ReportQuery("bot", any.channelId(), w.from(), w.to(), w.previousFrom(),
                            w.buckets().stream().map(TimeWindow.Bucket::start).toList(), any.metrics());
                    assertSame(rollups.compute(q), events.compute(q), "seed " + seed + ", pass " + pass + ", query " + i + ": " + q);
                }
                assertThat(rollups.rangesLeftOut()).as("reports that left out a range, pass " + pass).isBetween(25L, 89L);
                assertThat(rollups.openHoursFromRollups()).as("reports that read an open hour's rollup rows, pass " + pass).isBetween(5L, 89L);
                assertThat(events.rangesLeftOut() + events.openHoursFromRollups()).isZero();
            }
        }
    }

    private static ReportQuery randomQuery(Random r) {
        boolean hourly = r.nextInt(3) == 0;
        long from = switch (r.nextInt(4)) {
            case 0 -> LO + r.nextLong(HI - LO); // any millisecond
            case 1 -> HOT.get(r.nextInt(HOT.size())) + r.nextInt(3) - 1; // an edge, or a millisecond beside it
            case 2 -> LO + r.nextLong((HI - LO) / EventRollups.HOUR) * EventRollups.HOUR; // a UTC hour
            default -> LO + r.nextLong((HI - LO) / EventRollups.HOUR) * EventRollups.HOUR + 1_800_000L; // a half hour
        };
        long length = hourly ? r.nextLong(3 * EventRollups.DAY) : r.nextLong(9 * EventRollups.DAY);
        if (r.nextInt(4) == 0) {
            length = (length / EventRollups.HOUR) * EventRollups.HOUR - 1; // ends on the last millisecond of an hour
        }
        long to = from + Math.max(0, length);
        TimeWindow.Interval interval = hourly ? TimeWindow.Interval.parse("3600") : TimeWindow.Interval.parse("86400");
        TimeWindow w = TimeWindow.of(from, to, interval, ZONES.get(r.nextInt(ZONES.size())), interval.maxBuckets());
        Map<Metric, Set<Metric.Part>> metrics = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            if (r.nextInt(5) > 0) {
                metrics.put(m, m.kind() == Metric.Kind.SERIES ? parts(r) : Set.of());
            }
        }
        String channel = r.nextInt(3) == 0 ? null : CHANNELS.get(r.nextInt(CHANNELS.size()));
        return new ReportQuery("bot", channel, w.from(), w.to(), w.previousFrom(),
                w.buckets().stream().map(TimeWindow.Bucket::start).toList(), metrics);
    }

    /**
     * The parts of a series: mostly all of them; else the total with or without the buckets and
     * the previous period, so that one query mixes series counted per bucket with series counted
     * per period (each series' rows take their slot in the scan of its source).
     */
    private static Set<Metric.Part> parts(Random r) {
        if (r.nextInt(3) > 0) {
            return EnumSet.allOf(Metric.Part.class);
        }
        Set<Metric.Part> parts = EnumSet.of(Metric.Part.TOTAL);
        if (r.nextBoolean()) {
            parts.add(Metric.Part.BUCKETS);
        }
        if (r.nextBoolean()) {
            parts.add(Metric.Part.PREVIOUS);
        }
        return parts;
    }

    static void assertSame(ReportData actual, ReportData expected, String what) {
        assertThat(actual.distributions().keySet()).as(what).isEqualTo(expected.distributions().keySet());
        expected.distributions().forEach((m, items) -> assertThat(actual.distributions().get(m)).as(what + ", " + m)
                .containsExactlyInAnyOrderElementsOf(items)); // the service orders them
        assertThat(actual.samples()).as(what).isEqualTo(expected.samples());
        assertThat(actual.rates()).as(what).isEqualTo(expected.rates());
        assertThat(actual.goalRates()).as(what).isEqualTo(expected.goalRates());
        assertThat(actual.ratings()).as(what).isEqualTo(expected.ratings());
        assertThat(actual.series().keySet()).as(what).isEqualTo(expected.series().keySet());
        expected.series().forEach((m, e) -> {
            ReportData.Series a = actual.series().get(m);
            String of = what + ", " + m;
            assertThat(a.events()).as(of).isEqualTo(e.events());
            assertThat(a.byKey()).as(of).isEqualTo(e.byKey());
            assertThat(a.total()).as(of).isCloseTo(e.total(), within(1e-9 * Math.max(1, Math.abs(e.total()))));
            assertThat(a.previous()).as(of).isCloseTo(e.previous(), within(1e-9 * Math.max(1, Math.abs(e.previous()))));
            assertThat(a.buckets()).as(of).hasSameSizeAs(e.buckets());
            for (int b = 0; b < e.buckets().size(); b++) {
                double x = e.buckets().get(b);
                assertThat(a.buckets().get(b)).as(of + ", bucket " + b).isCloseTo(x, within(1e-9 * Math.max(1, Math.abs(x))));
            }
        });
    }

    /**
     * The writer's rows, summed per identity, equal the backfills of migrations V9 (the events) and
     * V14 (the conversations rows, which the writer counts out and in as they change) over the same
     * events.
     */
    private static void assertBackfillEqualsWriter(JdbcClient jdbc) {
        String compare = "SELECT CAST(row(*COLUMNS(*)) AS VARCHAR) AS r FROM %s ORDER BY r";
        List<String> writer = jdbc.sql(compare.formatted(summed("event_rollups"))).query(String.class).list();
        List<String> backfill = jdbc.sql(compare.formatted(summed(backfilled()))).query(String.class).list();
        assertThat(writer).hasSizeGreaterThan(1000);
        assertThat(writer.stream().filter(r -> r.contains(", cvm, "))).as("conversations rows counted").hasSizeGreaterThan(100);
        assertThat(writer).isEqualTo(backfill);
    }

    /**
     * The rows of {@code source} summed per identity, in parentheses; rows counted out as often as
     * in leave nothing, so the writer's rows and the backfills' compare whatever compactions ran.
     */
    static String summed(String source) {
        return "(SELECT chatbot_id, channel_id, grain, start_ts, metric, key, num, sum(n) AS n, round(sum(total), 6) AS total"
                + " FROM " + source + " GROUP BY ALL HAVING sum(n) <> 0)";
    }

    /** The {@code event_rollups} rows the backfills of V9 and V14 make of the stored events, in parentheses. */
    static String backfilled() {
        return "(" + MigrationSql.backfill(9, "event_rollups") + "\nUNION ALL\n" + MigrationSql.backfill(14, "event_rollups") + ")";
    }
}
