package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.report.TimeWindow;
import io.sextant.store.ChangeLog;
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
            DuckDbReportStore kept = new DuckDbReportStore(db.dataSource(), db.conversationReach(), db.rollupChanges(), 1_000_000);
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
