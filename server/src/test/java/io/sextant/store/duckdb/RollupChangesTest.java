package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.store.duckdb.RollupChanges.Span;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What counts as unchanged: rows of each grain before the earliest start of that grain of every commit recorded or announced since. */
class RollupChangesTest {

    private static final long H = EventRollups.HOUR;
    private static final long D = EventRollups.DAY;

    @Test
    void rowsBeforeALaterCommitsEarliestStartOfTheirGrainAreUnchanged() {
        RollupChanges c = new RollupChanges();
        long v = c.version();
        // an event of the present hour of day 10: its hour row and its day's row
        c.begin(Map.of("bot", Span.NONE.with(H, 10 * D + 5 * H).with(D, 10 * D)));
        c.end();
        assertThat(c.unchangedSince(v, "bot", 10 * D + 4 * H, 9 * D)).as("a live window: today's whole hours, the days before").isTrue();
        assertThat(c.unchangedSince(v, "bot", 10 * D + 5 * H, 9 * D)).as("the hour itself").isFalse();
        assertThat(c.unchangedSince(v, "bot", Long.MIN_VALUE, 10 * D)).as("the day itself").isFalse();
        assertThat(c.unchangedSince(v, "other", 20 * D, 20 * D)).as("another chatbot's commit").isTrue();
        assertThat(c.unchangedSince(c.version(), "bot", 20 * D, 20 * D)).as("read after the commit").isTrue();
    }

    @Test
    void whatAnAnnouncedCommitReachesCountsAsChanged() {
        RollupChanges c = new RollupChanges();
        long v = c.version();
        c.begin(Map.of("bot", Span.NONE.with(D, 1_000)));
        assertThat(c.unchangedSince(v, "bot", Long.MAX_VALUE, 1_000)).as("a snapshot may already hold it").isFalse();
        assertThat(c.unchangedSince(v, "bot", Long.MAX_VALUE, 999)).as("rows before it, and hour rows").isTrue();
        assertThat(c.unchangedSince(v, "other", Long.MAX_VALUE, Long.MAX_VALUE)).isTrue();
        c.abandon();
        assertThat(c.unchangedSince(v, "bot", Long.MAX_VALUE, Long.MAX_VALUE)).isTrue();
        c.begin(Map.of()); // it changes no rollup row
        c.end();
        assertThat(c.unchangedSince(v, "bot", Long.MAX_VALUE, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void aCommitOfEveryRowAndALoadedMemoryChangeEverything() {
        RollupChanges c = new RollupChanges();
        long v = c.version();
        c.begin(Map.of("bot", Span.ALL)); // an erasure
        c.end();
        assertThat(c.unchangedSince(v, "bot", Long.MIN_VALUE, Long.MIN_VALUE)).isFalse();
        long w = c.version();
        c.changedAll();
        assertThat(c.unchangedSince(w, "other", Long.MIN_VALUE, Long.MIN_VALUE)).isFalse();
        assertThat(c.unchangedSince(c.version(), "other", Long.MAX_VALUE, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void aFailedCommitChangesEverythingUntilItsOutcomeIsKnownAndIsNoLongerAnnounced() {
        RollupChanges c = new RollupChanges();
        long v = c.version();
        c.begin(Map.of("bot", Span.NONE.with(D, 10 * D)));
        c.failed();
        assertThat(c.unchangedSince(v, "other", Long.MIN_VALUE, Long.MIN_VALUE)).as("it may be durable").isFalse();
        assertThat(c.unchangedSince(c.version(), "bot", Long.MAX_VALUE, Long.MAX_VALUE)).as("rows read after it").isTrue();
    }

    @Test
    void aCommitNoLongerInTheHistoryCountsAsAChange() {
        RollupChanges c = new RollupChanges();
        long v = c.version();
        for (int i = 0; i <= RollupChanges.HISTORY; i++) {
            c.begin(Map.of("bot", Span.NONE.with(D, 1_000_000L + i)));
            c.end();
        }
        assertThat(c.unchangedSince(v, "bot", 0, 0)).as("the oldest commits since v are forgotten: they may have reached it").isFalse();
        assertThat(c.unchangedSince(c.version() - 1, "bot", 0, 0)).isTrue();
    }
}
