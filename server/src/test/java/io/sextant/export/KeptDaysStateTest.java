package io.sextant.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.SextantProperties;
import io.sextant.report.TimeWindow;
import io.sextant.store.ChangeLog;
import io.sextant.store.ExportDataStore;
import io.sextant.store.Segment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link KeptDays} does when a commit lands while it computes: over a store whose every row
 * shows the commits it has seen, a file never mixes two states, a day a commit reaches is dropped,
 * and a day computed while a commit reached it is not kept.
 */
class KeptDaysStateTest {

    private static final String BOT = "bot-1";
    private static final long DAY = 86_400_000L;
    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private final ChangeLog changes = new ChangeLog();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final KeptDays kept = new KeptDays(changes, props(), metrics);
    private final CountingStore store = new CountingStore();

    @Test
    void aCommitThatReachesAKeptDayWhileTheOthersAreComputedMakesTheFileComeFromOneStatement() throws Exception {
        TimeWindow three = window(3);
        assertThat(rows(three)).containsExactly(0L, 0L, 0L);
        assertThat(days("computed")).isEqualTo(3);

        // the fourth day is computed; while it is, a commit reaches the first (kept) day
        store.beforeNextStatement = () -> commit(T0 + 5);
        TimeWindow four = window(4);
        Path file = dir.resolve("four.csv");
        ExportFiles.writeDaily(store, kept, BOT, four, Segment.ALL, 1, file, p -> {});
        assertThat(messages(file)).as("every day as of the commit").containsExactly(1L, 1L, 1L, 1L);
        assertThat(store.statements).as("the fourth day, then the whole window again").containsExactly(3, 1, 4);

        // the commit reached every kept day (each ends after it) and dropped them; the fourth, computed
        // while it landed, was not kept
        store.statements.clear();
        assertThat(rows(four)).containsExactly(1L, 1L, 1L, 1L);
        assertThat(store.statements).containsExactly(4);
    }

    @Test
    void aDayThatACommitReachesWhileItIsComputedIsNotKept() {
        store.beforeNextStatement = () -> commit(T0 + DAY + 5); // reaches the second and third days
        assertThat(rows(window(3))).containsExactly(1L, 1L, 1L);
        store.statements.clear();
        assertThat(rows(window(3))).containsExactly(1L, 1L, 1L);
        assertThat(store.statements).as("the second and third days again, the first kept").containsExactly(2);
    }

    @Test
    void aCommitAfterTheWindowDropsNothing() {
        assertThat(rows(window(3))).containsExactly(0L, 0L, 0L);
        commit(T0 + 3 * DAY);
        store.statements.clear();
        assertThat(rows(window(3))).containsExactly(0L, 0L, 0L);
        assertThat(store.statements).isEmpty();
    }

    private void commit(long earliest) {
        store.state++;
        changes.record(Map.of(BOT, new ChangeLog.Change(earliest, false)));
    }

    private List<Long> rows(TimeWindow w) {
        List<Long> messages = new ArrayList<>();
        boolean oneState = kept.daily(store, BOT, ExportFiles.days(w), Segment.ALL, 1, r -> messages.add(r.messages()));
        assertThat(oneState).isTrue();
        return messages;
    }

    private static List<Long> messages(Path file) throws Exception {
        return Files.readAllLines(file).stream().skip(1).map(l -> Long.parseLong(l.split(",")[6])).toList();
    }

    private long days(String outcome) {
        return (long) metrics.counter("sextant.export.days", "outcome", outcome).count();
    }

    private static TimeWindow window(int days) {
        return TimeWindow.of(T0, T0 + days * DAY - 1, TimeWindow.Interval.DAY, Optional.empty(), 366);
    }

    private static SextantProperties props() {
        return new SextantProperties(Path.of("unused"), "", "", "", 1, "", new SextantProperties.Ingest(10_000, 10_485_760, 200_000),
                new SextantProperties.Report(1024, 1_000_000, 1_000_000), new SextantProperties.Inbox(1024), new SextantProperties.Export(1, Duration.ofHours(24), Duration.ofMinutes(1), 1_000));
    }

    /** One channel; every row counts as messages the commits the store has seen; the days of each statement. */
    private static final class CountingStore implements ExportDataStore {
        long state;
        Runnable beforeNextStatement;
        final List<Integer> statements = new ArrayList<>();

        @Override
        public long channelCount(String chatbotId) {
            return 1;
        }

        @Override
        public void daily(String chatbotId, Days days, Segment segment, Consumer<DailyRow> sink) {
            if (beforeNextStatement != null) {
                Runnable r = beforeNextStatement;
                beforeNextStatement = null;
                r.run();
            }
            statements.add(days.bucketStarts().size());
            for (int i = 0; i < days.bucketStarts().size(); i++) {
                sink.accept(new DailyRow(days.bucketStarts().get(i), days.bucketEnds().get(i), "web-1", "Web", "web", 0, state, 0, 0,
                        0, 0, 0, 0, null, null, null, 0, 0, null, 0, 0));
            }
        }

        @Override
        public long conversationCount(String chatbotId, long from, long to, Segment segment) {
            return 0;
        }

        @Override
        public void conversations(String chatbotId, long from, long to, Segment segment, Consumer<ConversationRow> sink) {}
    }
}
