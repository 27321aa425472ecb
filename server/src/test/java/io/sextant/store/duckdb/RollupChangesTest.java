package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What counts as unchanged: rows before the earliest start of every commit recorded or announced since. */
class RollupChangesTest {

    @Test
    void rowsBeforeALaterCommitsEarliestStartAreUnchanged() {
        RollupChanges c = new RollupChanges();
        long v = c.version();
        c.begin(Map.of("bot", 1_000L));
        c.end();
        assertThat(c.unchangedSince(v, "bot", 999)).isTrue();
        assertThat(c.unchangedSince(v, "bot", 1_000)).isFalse();
        assertThat(c.unchangedSince(v, "other", 5_000)).as("another chatbot's commit").isTrue();
        assertThat(c.unchangedSince(c.version(), "bot", 5_000)).as("read after the commit").isTrue();
    }

    @Test
    void whatAnAnnouncedCommitReachesCountsAsChanged() {
        RollupChanges c = new RollupChanges();
        long v = c.version();
        c.begin(Map.of("bot", 1_000L));
        assertThat(c.unchangedSince(v, "bot", 1_000)).as("a snapshot may already hold it").isFalse();
        assertThat(c.unchangedSince(v, "bot", 999)).as("rows before it").isTrue();
        assertThat(c.unchangedSince(v, "other", 5_000)).isTrue();
        c.abandon();
        assertThat(c.unchangedSince(v, "bot", 5_000)).isTrue();
        c.begin(Map.of()); // it changes no rollup row
        c.end();
        assertThat(c.unchangedSince(v, "bot", Long.MAX_VALUE)).isTrue();
    }

    @Test
    void aCommitOfEveryRowAndALoadedMemoryChangeEverything() {
        RollupChanges c = new RollupChanges();
        long v = c.version();
        c.begin(Map.of("bot", Long.MIN_VALUE)); // an erasure
        c.end();
        assertThat(c.unchangedSince(v, "bot", Long.MIN_VALUE)).isFalse();
        long w = c.version();
        c.changedAll();
        assertThat(c.unchangedSince(w, "other", Long.MIN_VALUE)).isFalse();
        assertThat(c.unchangedSince(c.version(), "other", Long.MAX_VALUE)).isTrue();
    }

    @Test
    void aCommitNoLongerInTheHistoryCountsAsAChange() {
        RollupChanges c = new RollupChanges();
        long v = c.version();
        for (int i = 0; i <= RollupChanges.HISTORY; i++) {
            c.begin(Map.of("bot", 1_000_000L + i));
            c.end();
        }
        assertThat(c.unchangedSince(v, "bot", 0)).as("the oldest commits since v are forgotten: they may have reached it").isFalse();
        assertThat(c.unchangedSince(c.version() - 1, "bot", 0)).isTrue();
    }
}
