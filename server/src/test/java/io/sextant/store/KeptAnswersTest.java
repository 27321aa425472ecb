package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answers kept until a commit reaches them: what a commit drops, what is refused, what the capacity evicts. */
class KeptAnswersTest {

    /** A question about a chatbot's window ending at {@code to}, maybe showing step labels. */
    private record Q(String chatbot, long to, boolean labels) {}

    private final ChangeLog log = new ChangeLog();

    private KeptAnswers<Q, List<String>> kept(long capacity) {
        return new KeptAnswers<>(log, capacity, Q::chatbot, Q::to, Q::labels, List::size);
    }

    private static void keepNow(KeptAnswers<Q, List<String>> kept, Q q, List<String> answer) {
        assertThat(kept.keepIfUnchangedSince(kept.version(), q, answer)).as("kept " + q).isTrue();
    }

    @Test
    void aCommitDropsWhatItReachesOfItsChatbotOnly() {
        var kept = kept(100);
        Q early = new Q("bot", 1_000, false);
        Q late = new Q("bot", 5_000, false);
        Q labelled = new Q("bot", 1_000, true);
        Q other = new Q("other", 1_000, false);
        for (Q q : List.of(early, late, labelled, other)) {
            keepNow(kept, q, List.of("a"));
        }
        log.record(Map.of("bot", new ChangeLog.Change(2_000, false)));
        assertThat(kept.get(early)).as("its window ends before the commit's earliest time").isNotNull();
        assertThat(kept.get(labelled)).isNotNull();
        assertThat(kept.get(late)).as("the commit reaches its window").isNull();
        assertThat(kept.get(other)).isNotNull();

        log.record(Map.of("bot", new ChangeLog.Change(9_000, true)));
        assertThat(kept.get(labelled)).as("a changed label reaches whatever shows labels").isNull();
        assertThat(kept.get(early)).isNotNull();

        log.record(Map.of("bot", new ChangeLog.Change(1_000, false)));
        assertThat(kept.get(early)).as("an event at the window's last millisecond reaches it").isNull();
        assertThat(kept.get(other)).isNotNull();
        assertThat(kept.size()).isEqualTo(1);
    }

    @Test
    void anAnswerReachedWhileItWasComputedIsNotKept() {
        var kept = kept(100);
        Q q = new Q("bot", 1_000, false);
        long version = kept.version();
        log.record(Map.of("bot", new ChangeLog.Change(500, false))); // lands during the computation
        assertThat(kept.unchangedSince(version, q)).isFalse();
        assertThat(kept.keepIfUnchangedSince(version, q, List.of("stale"))).isFalse();
        assertThat(kept.get(q)).isNull();

        long next = kept.version();
        log.record(Map.of("bot", new ChangeLog.Change(1_001, false))); // after the window: harmless
        log.record(Map.of("other", ChangeLog.Change.ALL));
        assertThat(kept.unchangedSince(next, q)).isTrue();
        assertThat(kept.keepIfUnchangedSince(next, q, List.of("fresh"))).isTrue();
        assertThat(kept.get(q)).containsExactly("fresh");
    }

    @Test
    void theLeastRecentlyUsedGoFirstByWeight() {
        var kept = kept(5);
        Q a = new Q("bot", 1, false);
        Q b = new Q("bot", 2, false);
        Q c = new Q("bot", 3, false);
        keepNow(kept, a, List.of("1", "2"));
        keepNow(kept, b, List.of("1", "2"));
        assertThat(kept.get(a)).as("a becomes the most recently used").isNotNull();
        keepNow(kept, c, List.of("1", "2")); // 6 > 5: b goes
        assertThat(kept.get(b)).isNull();
        assertThat(kept.get(a)).isNotNull();
        assertThat(kept.get(c)).isNotNull();

        keepNow(kept, a, List.of("1", "2", "3")); // replaced: 3 + 2 = 5, nothing goes
        assertThat(kept.size()).isEqualTo(2);
        log.record(Map.of("bot", new ChangeLog.Change(2, false))); // drops c: its weight is freed
        keepNow(kept, b, List.of("1", "2"));
        assertThat(kept.get(a)).containsExactly("1", "2", "3");
        assertThat(kept.get(b)).isNotNull();
    }

    @Test
    void noCapacityOrAnIncompleteLogKeepsNothing() {
        var none = kept(0);
        Q q = new Q("bot", 1, false);
        assertThat(none.enabled()).isFalse();
        assertThat(none.keepIfUnchangedSince(none.version(), q, List.of("a"))).isFalse();
        assertThat(none.get(q)).isNull();

        var kept = kept(10);
        log.declareIncomplete();
        assertThat(kept.complete()).isFalse();
        assertThat(kept.keepIfUnchangedSince(kept.version(), q, List.of("a"))).isFalse();
        assertThat(kept.get(q)).isNull();
    }

    @Test
    void countedAnswersWeighOneEach() {
        KeptAnswers<Q, String> kept = KeptAnswers.counted(log, 2, Q::chatbot, Q::to);
        for (int i = 0; i < 3; i++) {
            Q q = new Q("bot", i, true);
            assertThat(kept.keepIfUnchangedSince(kept.version(), q, "answer " + i)).isTrue();
        }
        assertThat(kept.size()).isEqualTo(2);
        assertThat(kept.get(new Q("bot", 0, true))).isNull();
        log.record(Map.of("bot", new ChangeLog.Change(Long.MAX_VALUE, true)));
        assertThat(kept.size()).as("counted answers show no labels").isEqualTo(2);
    }
}
