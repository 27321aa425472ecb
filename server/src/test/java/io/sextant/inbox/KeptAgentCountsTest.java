package io.sextant.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.SextantProperties;
import io.sextant.store.ChangeLog;
import io.sextant.store.InboxStore;
import io.sextant.store.InboxStore.AgentCounts;
import io.sextant.store.Segment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link KeptAgentCounts} against the store it keeps counts of: for any window, the counts it
 * answers are those one statement over the whole window answers from the same state, however the
 * commits between requests and during one fall; and a kept run of whole days is read once.
 */
class KeptAgentCountsTest {

    private static final long DAY = KeptAgentCounts.DAY;
    private static final long T0 = 20_000 * DAY; // a UTC midnight in 2024
    private static final String BOT = "bot-1";

    /** The agents' events a fake store counts, one by one, by their own time and channel. */
    private record AgentEvent(String agentId, String kind, long ts, String channelId) {}

    /** A store that counts its events brute force and records every range it was asked for. */
    private static final class FakeStore implements InboxStore {

        final List<AgentEvent> events = new ArrayList<>();
        final List<long[]> calls = new ArrayList<>();
        /** Runs once, inside the next call (a commit landing while a request reads), then is cleared. */
        Consumer<long[]> duringNextCall;

        @Override
        public List<AgentCounts> agentCounts(String chatbotId, String channelId, long from, long to, Segment segment) {
            calls.add(new long[] {from, to});
            if (duringNextCall != null) {
                Consumer<long[]> hook = duringNextCall;
                duringNextCall = null;
                hook.accept(new long[] {from, to});
            }
            Map<String, long[]> byAgent = new TreeMap<>();
            for (AgentEvent e : events) {
                if (e.ts() < from || e.ts() > to || (channelId != null && !channelId.equals(e.channelId()))) {
                    continue;
                }
                long[] c = byAgent.computeIfAbsent(e.agentId(), a -> new long[3]);
                c[switch (e.kind()) {
                    case "assigned" -> 0;
                    case "closed" -> 1;
                    default -> 2;
                }]++;
            }
            List<AgentCounts> out = new ArrayList<>();
            byAgent.forEach((a, c) -> out.add(new AgentCounts(a, c[0], c[1], c[2])));
            return out;
        }

        @Override
        public void threads(String chatbotId, String channelId, long from, long to, Segment segment, Consumer<InboxThread> sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ThreadStatistics threadStatistics(String chatbotId, String channelId, long from, long to, Segment segment) {
            throw new UnsupportedOperationException();
        }
    }

    private final FakeStore store = new FakeStore();
    private final ChangeLog changes = new ChangeLog();

    private KeptAgentCounts kept(int capacity) {
        SextantProperties props = new SextantProperties(Path.of("unused"), "", "", "", 1, "",
                new SextantProperties.Ingest(10_000, 10_485_760, 200_000), new SextantProperties.Report(1024, 1_000_000, 1_000_000),
                new SextantProperties.Inbox(capacity), new SextantProperties.Export(1, Duration.ofHours(24), Duration.ofMinutes(1), 1_000));
        return new KeptAgentCounts(changes, props, new SimpleMeterRegistry());
    }

    /** An event, committed: the store has it and the log records the commit's earliest time. */
    private void commit(AgentEvent e) {
        store.events.add(e);
        changes.record(Map.of(BOT, new ChangeLog.Change(e.ts(), false)));
    }

    private void fill(Random random, int n, long from, long to) {
        String[] kinds = {"assigned", "closed", "message"};
        for (int i = 0; i < n; i++) {
            long ts = random.nextInt(4) == 0
                    ? from + random.nextLong((to - from) / DAY + 1) * DAY + (random.nextBoolean() ? 0 : -1) // on a midnight or a ms before
                    : from + random.nextLong(to - from);
            store.events.add(new AgentEvent("agent-" + random.nextInt(5), kinds[random.nextInt(3)], ts,
                    random.nextBoolean() ? "web" : "phone"));
        }
    }

    /** What one statement over the whole window answers now, without recording the call. */
    private List<AgentCounts> oneStatement(String channelId, long from, long to) {
        List<AgentCounts> counts = store.agentCounts(BOT, channelId, from, to, Segment.ALL);
        store.calls.removeLast();
        return counts;
    }

    @Test
    void anyWindowCountsAsOneStatementOverIt() {
        Random random = new Random(7);
        fill(random, 3_000, T0 - DAY, T0 + 6 * DAY);
        KeptAgentCounts kept = kept(1024);
        for (int i = 0; i < 400; i++) {
            long from = switch (random.nextInt(3)) {
                case 0 -> T0 + random.nextInt(5) * DAY; // a midnight
                case 1 -> T0 + random.nextInt(5) * DAY + (random.nextBoolean() ? 1 : -1); // a ms beside one
                default -> T0 + random.nextLong(5 * DAY);
            };
            long to = switch (random.nextInt(3)) {
                case 0 -> from + (1 + random.nextInt(3)) * DAY - 1; // the ms before days later: whole days when from is a midnight
                case 1 -> from + random.nextLong(DAY); // within a day
                default -> from + random.nextLong(4 * DAY);
            };
            String channel = random.nextBoolean() ? null : "web";
            List<AgentCounts> expected = oneStatement(channel, from, to);
            assertThat(kept.agentCounts(store, BOT, channel, from, to, Segment.ALL)).as("from %d to %d", from, to).isEqualTo(expected);
            assertThat(kept.agentCounts(store, BOT, channel, from, to, Segment.ALL)).as("again").isEqualTo(expected);
            if (random.nextInt(10) == 0) { // a late event now and then, anywhere
                fill(random, 1, T0 - DAY, T0 + 6 * DAY);
                AgentEvent late = store.events.removeLast();
                commit(late);
            }
        }
    }

    @Test
    void aMovingWindowsEndReadsItsWholeDaysOnce() {
        fill(new Random(3), 500, T0, T0 + 4 * DAY);
        KeptAgentCounts kept = kept(1024);
        long end = T0 + 3 * DAY; // a window's end moves back a ms per request, as the benchmark's computed ones do
        for (int k = 1; k <= 5; k++) {
            kept.agentCounts(store, BOT, null, T0, end - k, Segment.ALL);
        }
        // up to end - 1 the window is three whole days, one run; then two whole days (read once) and the
        // part of the third (read each time)
        assertThat(store.calls).extracting(c -> c[0] + ".." + c[1]).containsExactly(
                T0 + ".." + (end - 1),
                T0 + ".." + (T0 + 2 * DAY - 1), (T0 + 2 * DAY) + ".." + (end - 2),
                (T0 + 2 * DAY) + ".." + (end - 3), (T0 + 2 * DAY) + ".." + (end - 4), (T0 + 2 * DAY) + ".." + (end - 5));
    }

    @Test
    void aCommitDropsTheRunsItReachesAndNoOthers() {
        fill(new Random(5), 500, T0, T0 + 4 * DAY);
        KeptAgentCounts kept = kept(1024);
        long to = T0 + 3 * DAY - 10;
        kept.agentCounts(store, BOT, null, T0, to, Segment.ALL); // keeps [T0, T0 + 2 days)

        commit(new AgentEvent("agent-new", "assigned", T0 + 2 * DAY + 5, "web")); // after the run: it stays
        store.calls.clear();
        assertThat(kept.agentCounts(store, BOT, null, T0, to, Segment.ALL)).isEqualTo(oneStatement(null, T0, to));
        assertThat(store.calls).hasSize(1);

        commit(new AgentEvent("agent-new", "closed", T0 + DAY + 5, "web")); // in the run: read again
        store.calls.clear();
        assertThat(kept.agentCounts(store, BOT, null, T0, to, Segment.ALL)).isEqualTo(oneStatement(null, T0, to));
        assertThat(store.calls).hasSize(2);

        changes.record(Map.of("bot-2", ChangeLog.Change.ALL)); // another chatbot's change reaches nothing of this one
        store.calls.clear();
        kept.agentCounts(store, BOT, null, T0, to, Segment.ALL);
        assertThat(store.calls).hasSize(1);

        changes.record(Map.of(BOT, ChangeLog.Change.ALL)); // an erasure, a channel, settings: everything
        store.calls.clear();
        kept.agentCounts(store, BOT, null, T0, to, Segment.ALL);
        assertThat(store.calls).hasSize(2);
    }

    @Test
    void aCommitIntoTheRunWhileTheRestIsReadMakesOneStatementOfTheWindow() {
        fill(new Random(9), 500, T0, T0 + 4 * DAY);
        KeptAgentCounts kept = kept(1024);
        long from = T0 - 5;
        long to = T0 + 3 * DAY - 10;
        kept.agentCounts(store, BOT, null, from, to, Segment.ALL); // keeps the run

        store.calls.clear();
        store.duringNextCall = range -> commit(new AgentEvent("agent-late", "message", T0 + 7, "phone"));
        List<AgentCounts> answer = kept.agentCounts(store, BOT, null, from, to, Segment.ALL);

        assertThat(answer).isEqualTo(oneStatement(null, from, to)).extracting(AgentCounts::agentId).contains("agent-late");
        assertThat(store.calls).extracting(c -> c[0] + ".." + c[1]).last().isEqualTo(from + ".." + to);
        store.calls.clear();
        kept.agentCounts(store, BOT, null, from, to, Segment.ALL); // the run read while it changed was not kept
        assertThat(store.calls).hasSize(3);
    }

    @Test
    void aCommitAfterTheRunWhileTheRestIsReadLeavesTheAnswerOfTheLastState() {
        fill(new Random(11), 500, T0, T0 + 4 * DAY);
        KeptAgentCounts kept = kept(1024);
        long to = T0 + 3 * DAY - 10;
        // inside the run's read, set up a commit for the next read: the part after the run, where it lands
        store.duringNextCall = range -> store.duringNextCall = r -> commit(new AgentEvent("agent-tail", "assigned", T0 + 2 * DAY + 1, "web"));
        List<AgentCounts> answer = kept.agentCounts(store, BOT, null, T0, to, Segment.ALL);
        assertThat(answer).isEqualTo(oneStatement(null, T0, to)).extracting(AgentCounts::agentId).contains("agent-tail");
        assertThat(store.calls).hasSize(2); // the run and the part after it; no statement over the window
    }

    @Test
    void segmentsShortWindowsAnIncompleteLogAndNoCapacityReadOneStatement() {
        fill(new Random(13), 300, T0, T0 + 4 * DAY);
        long to = T0 + 3 * DAY - 10;
        Segment german = Segment.of(Segment.Condition.of(Segment.Kind.LANGUAGE, "de"));
        kept(1024).agentCounts(store, BOT, null, T0, to, german);
        kept(1024).agentCounts(store, BOT, null, T0 + 5, T0 + DAY + 3, Segment.ALL); // no whole day in it
        kept(0).agentCounts(store, BOT, null, T0, to, Segment.ALL);
        changes.declareIncomplete();
        KeptAgentCounts kept = kept(1024);
        kept.agentCounts(store, BOT, null, T0, to, Segment.ALL);
        kept.agentCounts(store, BOT, null, T0, to, Segment.ALL);
        assertThat(store.calls).extracting(c -> c[0] + ".." + c[1]).containsExactly(T0 + ".." + to, (T0 + 5) + ".." + (T0 + DAY + 3),
                T0 + ".." + to, T0 + ".." + to, T0 + ".." + to);
    }

    @Test
    void eachChannelKeepsItsOwnRun() {
        fill(new Random(17), 500, T0, T0 + 4 * DAY);
        KeptAgentCounts kept = kept(1024);
        long to = T0 + 3 * DAY - 10;
        for (String channel : new String[] {null, "web", "phone", null, "web", "phone"}) {
            assertThat(kept.agentCounts(store, BOT, channel, T0, to, Segment.ALL)).as(channel).isEqualTo(oneStatement(channel, T0, to));
        }
        assertThat(store.calls).hasSize(3 * 2 + 3); // each channel's run once, the part after it every time
    }

    @Test
    void theLeastRecentlyUsedRunGoesFirst() {
        fill(new Random(19), 300, T0, T0 + 6 * DAY);
        KeptAgentCounts kept = kept(2);
        for (long from : new long[] {T0, T0 + DAY, T0 + 2 * DAY, T0}) { // three runs for two places: the first is gone
            kept.agentCounts(store, BOT, null, from, from + 2 * DAY - 1, Segment.ALL);
        }
        assertThat(store.calls).hasSize(4);
        kept.agentCounts(store, BOT, null, T0 + 2 * DAY, T0 + 4 * DAY - 1, Segment.ALL); // still kept
        assertThat(store.calls).hasSize(4);
    }
}
