package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.EventBatch;
import io.sextant.report.TimeWindow;
import io.sextant.store.ChangeLog;
import io.sextant.store.ExportDataStore;
import io.sextant.store.Segment;
import io.sextant.store.ExportDataStore.DailyRow;
import io.sextant.support.RandomEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forms of the daily query give the same rows: events put into buckets by their slot on the
 * bucket grid, and by an ASOF join on the bucket starts (used when the grid would have too many
 * slots); and every count read from the hours and days of {@code event_rollups} where a plan allows,
 * or read from the events alone (brute force), over random traffic with late and duplicate events.
 * The files themselves are checked against the model in {@code ExportReferenceTest}.
 */
class DuckDbExportDataStoreTest {

    @TempDir
    Path dataDir;

    private static TimeWindow window(String from, String to, String zone) {
        return TimeWindow.of(Instant.parse(from).toEpochMilli(), Instant.parse(to).toEpochMilli(), TimeWindow.Interval.DAY,
                Optional.ofNullable(zone).map(ZoneId::of), 366);
    }

    @Test
    void theGridTheAsofJoinAndTheEventsAloneGiveTheSameRows() {
        List<TimeWindow> windows = List.of(
                window("2025-03-25T00:00:00Z", "2025-04-02T23:59:59.999Z", "Europe/Berlin"), // a 23-hour day: 1-hour grain
                window("2025-03-30T00:00:00Z", "2025-04-09T23:59:59.999Z", "Australia/Lord_Howe"), // a half-hour shift
                window("2025-03-25T05:00:00.007Z", "2025-04-04T00:00:00Z", null), // fixed 24 h from an odd instant
                window("2025-03-27T10:00:00Z", "2025-03-27T20:00:00Z", "Europe/Berlin"), // one bucket
                window("2025-03-25T00:00:00Z", "2025-04-02T23:59:59.999Z", null), // whole UTC days: rollups only
                window("2025-03-25T07:00:00.007Z", "2025-04-02T05:00:00.017Z", "UTC"), // whole days between millisecond edges
                window("2025-03-25T00:00:00Z", "2025-04-02T23:59:59.999Z", "Asia/Kolkata"), // days start at 18:30 UTC
                window("1971-12-20T00:00:00Z", "1972-01-25T23:59:59.999Z", "Africa/Monrovia")); // −0:44:30 → 0:00: 30 s grain
        TimeWindow monrovia = windows.getLast();
        assertThat(BucketGrid.of(starts(monrovia), monrovia.to()).slots(monrovia.to()))
                .as("too many slots for the grid: the ASOF form answers").isGreaterThan(DuckDbExportDataStore.MAX_SLOTS);

        try (Database db = Database.open(dataDir, "512MB"); DuckDbEventStore events = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            for (TimeWindow w : windows) {
                List<Long> hot = new ArrayList<>();
                w.buckets().forEach(b -> {
                    hot.add(b.start());
                    hot.add(b.end());
                });
                String bot = "bot-" + w.from();
                RandomEvents random = new RandomEvents(w.from(), w.from() - 86_400_000L, w.to() + 86_400_000L, hot,
                        List.of("web-1", "voice-1", "wa-1"));
                for (var batch : random.batches(400, 4)) {
                    events.append(List.of(new EventBatch(bot, batch)));
                }
                List<String> grid = daily(new DuckDbExportDataStore(db.dataSource(), Long.MAX_VALUE, true), bot, w);
                List<String> asof = daily(new DuckDbExportDataStore(db.dataSource(), 0, true), bot, w);
                List<String> raw = daily(new DuckDbExportDataStore(db.dataSource(), Long.MAX_VALUE, false), bot, w);
                assertThat(grid).as("window %s", w).hasSize(w.buckets().size() * 3).isEqualTo(asof).isEqualTo(raw);
                assertThat(grid.stream().mapToLong(r -> Long.parseLong(r.split(",")[4])).sum()).as("messages").isPositive();
            }
        }
    }

    private static List<Long> starts(TimeWindow w) {
        return w.buckets().stream().map(TimeWindow.Bucket::start).toList();
    }

    /** The rows as text, decimals rounded as the file rounds them (a parallel sum may differ in its last bits). */
    private static List<String> daily(ExportDataStore store, String bot, TimeWindow w) {
        List<String> rows = new ArrayList<>();
        store.daily(bot, new ExportDataStore.Days(w.from(), w.to(), starts(w),
                w.buckets().stream().map(TimeWindow.Bucket::end).toList()), Segment.ALL, r -> rows.add(String.join(",", List.of(
                String.valueOf(r.bucketStart()), String.valueOf(r.bucketEnd()), r.channelId(),
                String.valueOf(r.conversations()), String.valueOf(r.messages()), String.valueOf(r.userMessages()),
                String.valueOf(r.botMessages()), String.valueOf(r.agentMessages()), String.valueOf(r.interactions()),
                String.valueOf(r.stepExecutions()), String.valueOf(r.intentHits()), String.valueOf(r.calls()),
                String.valueOf(r.inboxOpened()), String.valueOf(r.inboxClosed()),
                round(r.intentScoreMedian()), round(r.messagesPerConversationMedian()), round(r.userMessageLengthMedian()),
                round(r.callDurationSeconds()), round(r.callDurationMedian())))));
        return rows;
    }

    private static String round(Double v) {
        return v == null ? "" : String.format("%.6f", v);
    }
}
