package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer keeps {@link ConversationReach} an upper bound of how far the conversations' messages
 * lie from their starts: as groups commit, when an erasure moves a start later, and from what is
 * committed when it starts again. (That the reports stay exact when it falls short, and that it
 * covers random late and out-of-order events, is {@code EventRollupsTest}'s.)
 */
class ConversationReachTest {

    private static final long T = 1_700_000_000_000L;
    /** A window before every message: its bounds are the reach's lead and tail from its edges. */
    private static final long FROM = T - 86_400_000L;
    private static final long TO = FROM + 3_600_000L;

    @TempDir
    Path dataDir;

    @Test
    void theWriterWidensTheReachAsItCommitsErasesAndStarts() throws Exception {
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            assertThat(db.conversationReach().bounds("bot", FROM, TO)).as("nothing committed").containsExactly(FROM, TO);

            // c1: started twice; its message lies after the first start and before the second
            store.append(List.of(new EventBatch("bot", List.of(
                    start("s1", T + 1_000, "c1"), message("m1", T + 3_000, "c1"), start("s2", T + 5_000, "c1")))));
            assertThat(db.conversationReach().bounds("bot", FROM, TO)).containsExactly(FROM, TO + 2_000);

            // c2, in two groups: a message 1 s before its start, then one 40 s after it (an update of its row)
            store.append(List.of(new EventBatch("bot", List.of(start("s3", T + 10_000, "c2"), message("m2", T + 9_000, "c2")))));
            store.append(List.of(new EventBatch("bot", List.of(message("m3", T + 50_000, "c2")))));
            assertThat(db.conversationReach().bounds("bot", FROM, TO)).containsExactly(FROM - 1_000, TO + 40_000);
            assertThat(db.conversationReach().bounds("other", FROM, TO)).as("another chatbot").containsExactly(FROM, TO);
            // no message lies after the latest one (T + 50 s): a window that ends there or later has an empty side after it
            assertThat(db.conversationReach().bounds("bot", T, T + 30_000)).containsExactly(T - 1_000, T + 50_000);
            assertThat(db.conversationReach().bounds("bot", T, T + 50_000)).containsExactly(T - 1_000, T + 50_000);
            assertThat(db.conversationReach().bounds("bot", T, T + 60_000)).containsExactly(T - 1_000, T + 60_000);

            // c1's first start goes: its start moves to after its message, 2 s
            assertThat(store.dropBefore("bot", T + 2_000)).isEqualTo(1);
            assertThat(db.conversationReach().bounds("bot", FROM, TO)).containsExactly(FROM - 2_000, TO + 40_000);
        }
        try (Database db = Database.open(dataDir, "256MB"); DuckDbEventStore store = new DuckDbEventStore(db, DuckDbEventStoreTest.CLOCK, new ChangeLog())) {
            assertThat(db.conversationReach().bounds("bot", FROM, TO)).as("loaded at the start").containsExactly(FROM - 2_000, TO + 40_000);
            assertThat(db.conversationReach().bounds("bot", T, T + 30_000)).as("loaded at the start").containsExactly(T - 2_000, T + 50_000);
            assertThat(db.conversationReach().loaded()).isTrue();
        }
    }

    @Test
    void boundsSaturateInsteadOfOverflowing() {
        ConversationReach reach = new ConversationReach();
        assertThat(reach.loaded()).as("no writer loaded it").isFalse();
        reach.widen("bot", Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(reach.bounds("bot", -5, 5)).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
        reach.widen("bot", -7, -7, -7); // narrows nothing
        assertThat(reach.bounds("bot", -5, 5)).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static Event start(String id, long ts, String conversation) {
        return new Event.ConversationStarted(id, ts, "web", conversation, "en", Map.of());
    }

    private static Event message(String id, long ts, String conversation) {
        return new Event.Message(id, ts, "web", conversation, Direction.USER, 10, null);
    }
}
