package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.report.TimeWindow;
import io.sextant.store.ChangeLog;
import io.sextant.store.ChannelStore;
import io.sextant.store.ChannelType;
import io.sextant.store.Metric;
import io.sextant.store.ReportData;
import io.sextant.store.ReportQuery;
import io.sextant.support.RandomEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollup rows a report read serve later reports exactly: dashboards that ask for the same
 * windows again and again (their ends moving by a millisecond, so that each is computed) while
 * commits land — commits of later times that leave the kept rows as they were, late events and
 * messages of old conversations that change them, an erasure — answer at every step what the
 * brute force computes from the events alone, and kept rows were used and dropped along the way.
 */
class KeptRollupRowsTest {

    private static final long LO = 1_743_120_000_000L; // 2025-03-28T00:00Z
    private static final long MID = 1_743_552_000_000L; // 2025-04-02T00:00Z
    private static final long HI = 1_744_070_400_000L; // 2025-04-08T00:00Z
    private static final List<String> CHANNELS = List.of("web", "voice", "mail");

    @TempDir
    Path dataDir;

    @Test
    void keptRollupRowsAnswerWhatTheEventsAloneAnswerWhileCommitsLand() throws Exception {
        long seed = Long.getLong("sextant.seed", 20261203L);
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            List<List<Event>> old = new RandomEvents(seed, LO, MID, List.of(LO + 86_400_000L), CHANNELS).batches(300, 20);
            List<List<Event>> live = new RandomEvents(seed + 1, MID, HI, List.of(MID), CHANNELS).batches(300, 60);
            for (List<Event> b : old.subList(0, 10)) {
                store.append(List.of(new EventBatch("bot", b)));
            }
            DuckDbReportStore kept = new DuckDbReportStore(db.dataSource(), db.conversationReach(), db.latestEvents(), db.rollupChanges(), 1_000_000);
            DuckDbReportStore events = new DuckDbReportStore(db.dataSource(), false);
            Random r = new Random(seed);
            // {from, to, grain, channel (0: all, 1: web)}
            List<long[]> dashboards = List.of(new long[] {LO + 3_600_000L * 7, MID - 1, 86_400_000L, 0}, // daily, the old days
                    new long[] {LO + 86_400_000L, LO + 2 * 86_400_000L - 1, 3_600_000L, 0}, // hourly, one old day
                    new long[] {LO + 86_400_000L, MID - 1, 86_400_000L, 1}, // daily, one channel
                    new long[] {MID - 86_400_000L, HI - 1, 86_400_000L, 0}); // daily, across MID
            int late = 10;
            for (int round = 0; round < 30; round++) {
                // what lands before the next reports: mostly later times, now and then late events, once an erasure
                if (round % 6 == 5 && late < old.size()) {
                    store.append(List.of(new EventBatch("bot", old.get(late++))));
                } else if (round % 10 == 7) { // a message, at a later time, of an old conversation: its start's rows change
                    store.append(List.of(new EventBatch("bot", List.of(new Event.Message("late-" + round, MID + r.nextLong(HI - MID), "web",
                            "conv-" + seed + "-" + r.nextInt(300), Direction.BOT, 10, null)))));
                } else if (round == 21) {
                    store.dropBefore("bot", LO + 86_400_000L + 3_600_000L * 5);
                } else {
                    store.append(List.of(new EventBatch("bot", live.get(round))));
                }
                for (long[] d : dashboards) {
                    for (int again = 0; again < 2; again++) { // the window's end a few milliseconds earlier each time
                        ReportQuery q = query(d[0], d[1] - r.nextInt(1000), d[2], d[3] == 1 ? "web" : null);
                        EventRollupsTest.assertSame(kept.compute(q), events.compute(q), "seed " + seed + ", round " + round + ": " + q);
                    }
                }
            }
            assertThat(kept.keptRollupRowsUsed()).as("reports that used kept rollup rows").isGreaterThan(100);
            assertThat(kept.rollupRowsRead()).as("reports that read their rollup rows: the first ones, and after changes")
                    .isGreaterThan(30);
            // the previous periods' first hours and the windows' cut first hours, all settled: counted from kept events,
            // read again after the late events that reached them
            assertThat(kept.keptHoursUsed()).as("settled hours counted from kept events").isGreaterThan(100);
            assertThat(kept.hoursRead()).as("settled hours read: the first time, and after changes").isGreaterThan(10);
        }
    }

    /**
     * The events of a settled hour that a report's previous period cuts are kept ({@link HourEvents})
     * and serve the next reports; a conversation's start that then moves inside that hour (an
     * earlier {@code conversation.started} of the same hour) leaves the hour's rollup rows as they
     * were, yet moves the conversation out of the previous period: the kept events are dropped,
     * and the next report counts it where it now starts, as the brute force does.
     */
    @Test
    void aStartThatMovesInsideAKeptHourIsCountedWhereItNowStarts() throws Exception {
        long hour = LO + 10 * 3_600_000L;
        long from = hour + 86_400_000L + 20 * 60_000L; // W: a day from 10:20 on the next day; P from 10:20 on the first
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            List<Event> events = new ArrayList<>();
            events.add(new Event.ConversationStarted("c1-start", hour + 40 * 60_000L, "web", "c1", "de", Map.of())); // 10:40: in P
            events.add(new Event.Message("c1-msg", hour + 41 * 60_000L, "web", "c1", Direction.USER, 12, null));
            events.add(new Event.ConversationStarted("c2-start", hour + 5 * 60_000L, "web", "c2", "de", Map.of())); // 10:05: before P
            events.add(new Event.ConversationStarted("c3-start", from + 5 * 3_600_000L, "web", "c3", "de", Map.of())); // in W, hours later
            events.add(new Event.Message("c3-msg", from + 5 * 3_600_000L + 1_000, "web", "c3", Direction.BOT, 7, null));
            store.append(List.of(new EventBatch("bot", events)));
            DuckDbReportStore kept = new DuckDbReportStore(db.dataSource(), db.conversationReach(), db.latestEvents(), db.rollupChanges(), 1_000_000);
            DuckDbReportStore brute = new DuckDbReportStore(db.dataSource(), false);
            int k = 0;
            for (int again = 0; again < 3; again++) {
                ReportQuery q = query(from, from + 86_400_000L - 1 - k++, 3_600_000L, null);
                EventRollupsTest.assertSame(kept.compute(q), brute.compute(q), "before the start moved: " + q);
                assertThat(kept.compute(q).series().get(Metric.CONVERSATIONS).previous()).as("P's conversations").isEqualTo(1);
            }
            long read = kept.hoursRead();
            assertThat(read).as("P's first hour and W's, read by the first report").isPositive();
            assertThat(kept.keptHoursUsed()).as("the same hours, counted from their kept events by the later reports").isGreaterThanOrEqualTo(2 * read);

            // c1 started at 10:10 after all: the hour's counts are the same, its rows' times are not
            store.append(List.of(new EventBatch("bot", List.of(
                    new Event.ConversationStarted("c1-earlier", hour + 10 * 60_000L, "web", "c1", "de", Map.of())))));
            for (int again = 0; again < 2; again++) {
                ReportQuery q = query(from, from + 86_400_000L - 1 - k++, 3_600_000L, null);
                EventRollupsTest.assertSame(kept.compute(q), brute.compute(q), "after the start moved: " + q);
                assertThat(kept.compute(q).series().get(Metric.CONVERSATIONS).previous()).as("P's conversations").isZero();
            }
            assertThat(kept.hoursRead()).as("the hours read again after the change, once").isGreaterThan(read).isLessThanOrEqualTo(2 * read);
        }
    }

    /**
     * A dashboard of the present: windows that end now, daily over days and hourly over the last
     * day, while every commit brings events of the present hour — new conversations, and messages
     * of conversations started in today's earlier hours. Those commits reach today's day rows and
     * the present hour's rows, which such windows do not read as rows, so their rollup rows are
     * kept across them; a late message of an earlier hour today, now and then, is not. Every answer
     * is the brute force's.
     */
    @Test
    void aWindowEndingNowKeepsItsRollupRowsWhileThePresentArrives() throws Exception {
        long seed = Long.getLong("sextant.seed", 20261203L);
        long now = MID + 5 * 3_600_000L + 1_800_000L; // 05:30 on the window's last day
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            for (List<Event> b : new RandomEvents(seed, LO, MID, List.of(LO + 86_400_000L), CHANNELS).batches(300, 10)) {
                store.append(List.of(new EventBatch("bot", b)));
            }
            Random r = new Random(seed);
            List<Event> earlier = new ArrayList<>(); // conversations started in today's whole hours before the present one
            for (int c = 0; c < 20; c++) {
                long t = MID + r.nextLong(5 * 3_600_000L);
                earlier.add(new Event.ConversationStarted("early-start-" + c, t, CHANNELS.get(c % 3), "early-" + c, "de", Map.of()));
                earlier.add(new Event.Message("early-msg-" + c, t + 1_000, CHANNELS.get(c % 3), "early-" + c, Direction.USER, 12, null));
            }
            store.append(List.of(new EventBatch("bot", earlier)));
            DuckDbReportStore kept = new DuckDbReportStore(db.dataSource(), db.conversationReach(), db.latestEvents(), db.rollupChanges(), 1_000_000);
            DuckDbReportStore events = new DuckDbReportStore(db.dataSource(), false);
            int computed = 0;
            for (int round = 0; round < 12; round++) {
                List<Event> present = new ArrayList<>();
                for (int c = 0; c < 4; c++) { // new conversations of the present hour
                    long t = MID + 5 * 3_600_000L + r.nextLong(1_800_000L);
                    String id = "now-" + round + "-" + c;
                    String channel = CHANNELS.get(r.nextInt(3));
                    present.add(new Event.ConversationStarted(id + "-start", t, channel, id, r.nextBoolean() ? "en" : null, Map.of()));
                    present.add(new Event.Message(id + "-msg", t + 500, channel, id, Direction.USER, 1 + r.nextInt(80), null));
                    present.add(new Event.Intent(id + "-intent", t + 600, channel, id, "greeting", r.nextInt(1001) / 1000.0));
                }
                int e = r.nextInt(20); // a message of the present in a conversation started earlier today
                present.add(new Event.Message("early-more-" + round, MID + 5 * 3_600_000L + r.nextLong(1_800_000L), CHANNELS.get(e % 3),
                        "early-" + e, Direction.BOT, 30, null));
                if (round % 4 == 3) { // now and then a late message of an earlier hour today: its hour's row changes
                    present.add(new Event.Message("late-hour-" + round, MID + r.nextLong(4 * 3_600_000L), CHANNELS.get(e % 3), "early-" + e,
                            Direction.USER, 5, null));
                }
                store.append(List.of(new EventBatch("bot", present)));
                for (int again = 0; again < 2; again++) {
                    for (ReportQuery q : List.of(query(LO + 86_400_000L, now - r.nextInt(60_000), 86_400_000L, null),
                            query(now - 86_400_000L - (now - MID) % 3_600_000L, now - r.nextInt(60_000), 3_600_000L, null),
                            query(LO + 86_400_000L, now - r.nextInt(60_000), 86_400_000L, "web"))) {
                        EventRollupsTest.assertSame(kept.compute(q), events.compute(q), "seed " + seed + ", round " + round + ": " + q);
                        computed++;
                    }
                }
            }
            assertThat(kept.keptRollupRowsUsed()).as("of %d reports, those that used kept rollup rows", computed)
                    .isGreaterThan(computed * 3L / 4);
        }
    }

    /**
     * The labels a report shows (step names, the channels' types) come with its rollup statement, so
     * they are kept with its rows: a channel's new type, a step renamed and a channel added, each
     * sent after the window, show in the very next report of the window, as the brute force has
     * them, although nothing else in it changed.
     */
    @Test
    void aNewLabelOrChannelTypeShowsThoughTheWindowsRowsWereKept() throws Exception {
        try (Database db = Database.open(dataDir, "256MB");
                DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            List<Event> window = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                long t = LO + 86_400_000L + c * 3_600_000L;
                String channel = CHANNELS.get(c % 2);
                window.add(new Event.ConversationStarted("start-" + c, t, channel, "conv-" + c, "de", Map.of()));
                window.add(new Event.Message("msg-" + c, t + 1_000, channel, "conv-" + c, Direction.USER, 20, null));
                window.add(new Event.Step("step-" + c, t + 2_000, channel, "conv-" + c, "welcome", "Welcome"));
            }
            store.append(List.of(new EventBatch("bot", window)));
            DuckDbReportStore kept = new DuckDbReportStore(db.dataSource(), db.conversationReach(), db.latestEvents(), db.rollupChanges(), 1_000_000);
            DuckDbReportStore events = new DuckDbReportStore(db.dataSource(), false);
            int[] asked = {0};
            Runnable sameAsEvents = () -> {
                for (int again = 0; again < 2; again++) { // the second one answers from the rows the first kept
                    ReportQuery q = query(LO, MID - 1 - ++asked[0], 86_400_000L, null);
                    EventRollupsTest.assertSame(kept.compute(q), events.compute(q), "report " + asked[0]);
                }
            };
            sameAsEvents.run();
            long used = kept.keptRollupRowsUsed();
            assertThat(used).as("the second report used the first one's rows").isPositive();

            store.putChannel(new ChannelStore.Metadata("bot", "web", "Web chat", ChannelType.WEB, null, null), HI);
            sameAsEvents.run();
            store.append(List.of(new EventBatch("bot", List.of(new Event.Step("renamed", HI, "voice", "later", "welcome", "Hello")))));
            sameAsEvents.run();
            store.append(List.of(new EventBatch("bot", List.of(new Event.ConversationStarted("new-channel", HI, "sms", "later-2", "de", Map.of())))));
            sameAsEvents.run();
            assertThat(kept.keptRollupRowsUsed()).as("each change dropped the kept rows once; the report after it kept them again")
                    .isEqualTo(used + 3);
        }
    }

    /** The report of every metric, all parts, over [from, to] with buckets of {@code grain} (UTC), of one channel or all. */
    private static ReportQuery query(long from, long to, long grain, String channel) {
        TimeWindow.Interval interval = TimeWindow.Interval.parse(String.valueOf(grain / 1000));
        TimeWindow w = TimeWindow.of(from, to, interval, Optional.empty(), interval.maxBuckets());
        Map<Metric, Set<Metric.Part>> metrics = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            metrics.put(m, m.kind() == Metric.Kind.SERIES ? EnumSet.allOf(Metric.Part.class) : Set.of());
        }
        return new ReportQuery("bot", channel, w.from(), w.to(), w.previousFrom(), w.buckets().stream().map(TimeWindow.Bucket::start).toList(),
                metrics);
    }
}
