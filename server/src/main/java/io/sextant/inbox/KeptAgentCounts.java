package io.sextant.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.SextantProperties;
import io.sextant.store.ChangeLog;
import io.sextant.store.InboxStore;
import io.sextant.store.InboxStore.AgentCounts;
import io.sextant.store.KeptAnswers;
import io.sextant.store.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Keeps the per-agent counts of the inbox statistics' whole UTC days until a commit changes them, so
 * that a request over days nothing new has reached reads only the rest of its window: a dashboard
 * whose window's end moves reads the part of the current day, not the month before it.
 *
 * <p>A window [from, to] is cut into its run of whole UTC days, [d0, d1], and the parts before and
 * after it. The counts of the run are kept under (chatbot, channel, d0, d1); the parts are read each
 * time. Per agent, the counts of the parts add up to those of the window: an event counts by its own
 * time and its own channel. So a run stays exact across a commit whose earliest affected time
 * ({@link ChangeLog.Change#earliest}) is after d1; a commit that reaches it drops it (a channel, its
 * settings and an erasure reach everything). Windows without a whole day, segments (whether a
 * conversation is in one depends on its events whenever sent) and a log that other processes' commits
 * bypass ({@link ChangeLog#complete}, ClickHouse) are read in one statement, as before.
 *
 * <p>One answer reads one state: the run's counts (kept or read) and the parts come from statements
 * one after the other; if a commit reached the run since the version read first, the window is read
 * again in one statement. A commit that reaches only the part after the run leaves the run as it
 * was, so the answer is that of the last statement's state. At most
 * {@code sextant.inbox.kept-agent-counts} runs are kept, the least recently used dropped first
 * ({@link KeptAnswers}).
 */
@Component
public class KeptAgentCounts {

    static final long DAY = 86_400_000L;

    /** A run of whole UTC days [from, to] of a chatbot's channel ({@code ""}: every channel). */
    private record Key(String chatbotId, String channelId, long from, long to) {}

    private final KeptAnswers<Key, List<AgentCounts>> runs;
    private final Counter kept;
    private final Counter read;

    public KeptAgentCounts(ChangeLog changes, SextantProperties props, MeterRegistry metrics) {
        this.runs = KeptAnswers.counted(changes, props.inbox().keptAgentCounts(), Key::chatbotId, Key::to);
        this.kept = Counter.builder("sextant.inbox.agent.runs").tag("source", "kept")
                .description("runs of whole days of the inbox's agent counts answered from kept counts").register(metrics);
        this.read = Counter.builder("sextant.inbox.agent.runs").tag("source", "read")
                .description("runs of whole days of the inbox's agent counts read from the store").register(metrics);
    }

    /** {@link InboxStore#agentCounts} of [from, to], with its whole days kept or read, ordered by agent id. */
    public List<AgentCounts> agentCounts(InboxStore store, String chatbotId, String channelId, long from, long to, Segment segment) {
        long d0 = Math.ceilDiv(from, DAY) * DAY; // the first whole day's start
        long d1 = Math.floorDiv(to + 1, DAY) * DAY - 1; // the last whole day's end
        if (!runs.enabled() || !segment.isAll() || !runs.complete() || d1 < d0) {
            return store.agentCounts(chatbotId, channelId, from, to, segment);
        }
        Key key = new Key(chatbotId, channelId == null ? "" : channelId, d0, d1);
        long version = runs.version();
        List<AgentCounts> run = runs.get(key);
        boolean found = run != null;
        if (!found) {
            run = store.agentCounts(chatbotId, channelId, d0, d1, Segment.ALL);
            runs.keepIfUnchangedSince(version, key, run);
        }
        List<List<AgentCounts>> parts = new ArrayList<>(3);
        parts.add(run);
        if (from < d0) {
            parts.add(store.agentCounts(chatbotId, channelId, from, d0 - 1, Segment.ALL));
        }
        if (d1 < to) {
            parts.add(store.agentCounts(chatbotId, channelId, d1 + 1, to, Segment.ALL));
        }
        if (!runs.unchangedSince(version, key)) {
            read.increment(); // a commit reached the run meanwhile: the window is read whole
            return store.agentCounts(chatbotId, channelId, from, to, segment);
        }
        (found ? kept : read).increment();
        return sum(parts);
    }

    /** The counts of the parts added up per agent, ordered by agent id. */
    static List<AgentCounts> sum(List<List<AgentCounts>> parts) {
        Map<String, AgentCounts> byAgent = new TreeMap<>();
        for (List<AgentCounts> part : parts) {
            for (AgentCounts c : part) {
                byAgent.merge(c.agentId(), c, (a, b) -> new AgentCounts(a.agentId(), a.assigned() + b.assigned(),
                        a.closed() + b.closed(), a.messages() + b.messages()));
            }
        }
        return List.copyOf(byAgent.values());
    }
}
