package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A bounded history per chatbot: a change after a number that the predicate accepts, or one that may have been dropped, counts. */
class ChangeHistoryTest {

    @Test
    void onlyLaterChangesOfTheChatbotThatReachCount() {
        ChangeHistory<Long> h = new ChangeHistory<>(4);
        h.add(1, "bot", 100L);
        h.add(2, "other", 5L);
        h.add(3, "bot", 300L);
        assertThat(h.anySince(0, "bot", t -> t <= 100)).as("change 1 reaches").isTrue();
        assertThat(h.anySince(1, "bot", t -> t <= 100)).as("only change 3 is later, and it does not reach").isFalse();
        assertThat(h.anySince(1, "bot", t -> t <= 300)).isTrue();
        assertThat(h.anySince(3, "bot", t -> true)).as("nothing after 3").isFalse();
        assertThat(h.anySince(0, "other", t -> t <= 4)).isFalse();
        assertThat(h.anySince(0, "new", t -> true)).as("a chatbot without changes").isFalse();
    }

    @Test
    void aDroppedChangeCountsForEveryNumberBeforeIt() {
        ChangeHistory<Long> h = new ChangeHistory<>(2);
        h.add(1, "bot", 1L);
        h.add(2, "bot", 2L);
        h.add(3, "bot", 3L); // drops change 1
        assertThat(h.anySince(0, "bot", t -> false)).as("change 1 is forgotten: it may have reached").isTrue();
        assertThat(h.anySince(1, "bot", t -> false)).as("changes 2 and 3 are known not to reach").isFalse();
        assertThat(h.anySince(0, "other", t -> true)).as("another chatbot's history is its own").isFalse();
        h.clear();
        assertThat(h.anySince(0, "bot", t -> true)).as("after clear, the owner answers for the past").isFalse();
    }

    @Test
    void keepsAtLeastOneChange() {
        assertThatThrownBy(() -> new ChangeHistory<Long>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
