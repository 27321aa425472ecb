package io.sextant.inbox;

import io.sextant.api.Instants;
import io.sextant.channel.ChannelService;
import io.sextant.report.TimeWindow;
import io.sextant.segment.SegmentParser;
import io.sextant.store.InboxStore;
import io.sextant.store.InboxStore.AgentCounts;
import io.sextant.store.InboxStore.InboxThread;
import io.sextant.store.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Inbox statistics of a window W = [from, to] (SPEC §4).
 *
 * <p>The store builds the threads and streams those that matter for W; this service folds them
 * into counts and duration samples as they pass, keeping nothing per thread but the two durations
 * (a primitive long each), so memory grows by 16 bytes per thread at most.
 */
@Service
public class InboxService {

    private final InboxStore store;
    private final ChannelService channels;

    public InboxService(InboxStore store, ChannelService channels) {
        this.store = store;
        this.channels = channels;
    }

    /**
     * @param channelId restricts everything to the channel (threads by the channel of their
     *     {@code inbox.opened}, events by their own channel); null for all channels
     * @param filters the {@code filter} values (null or empty: none): everything is restricted to
     *     the threads and events of the segment's conversations
     */
    public InboxStatistics statistics(String chatbotId, String channelId, String fromParam, String toParam, List<String> filters) {
        if (channelId == null) {
            channels.requireChatbot(chatbotId);
        } else {
            channels.require(chatbotId, channelId);
        }
        TimeWindow w = TimeWindow.range(fromParam, toParam);
        Segment segment = SegmentParser.parse(filters);
        long from = w.from();
        long to = w.to();

        Tally tally = new Tally();
        store.threads(chatbotId, channelId, from, to, segment, t -> tally.add(t, from, to));

        Map<String, AgentCounts> counts = new TreeMap<>();
        long agentMessages = 0; // every agent message carries its agentId (ingestion requires it)
        for (AgentCounts c : store.agentCounts(chatbotId, channelId, from, to, segment)) {
            counts.put(c.agentId(), c);
            agentMessages += c.messages();
        }
        TreeSet<String> agentIds = new TreeSet<>(counts.keySet());
        agentIds.addAll(tally.byResponder.keySet());
        List<InboxStatistics.Agent> agents = new ArrayList<>(agentIds.size());
        for (String id : agentIds) {
            AgentCounts c = counts.getOrDefault(id, new AgentCounts(id, 0, 0, 0));
            Samples s = tally.byResponder.getOrDefault(id, new Samples()).sorted();
            agents.add(new InboxStatistics.Agent(id, c.assigned(), c.closed(), c.messages(),
                    new InboxStatistics.AgentDurations(Samples.seconds(s.percentile(0.5)), s.size())));
        }
        return new InboxStatistics(chatbotId, Instants.format(from), Instants.format(to),
                tally.opened, tally.closed, tally.openAtEnd, agentMessages,
                durations(tally.firstResponse.sorted()), durations(tally.resolution.sorted()), agents);
    }

    /** What the threads add up to, folded in one thread at a time. */
    private static final class Tally {
        long opened;
        long closed;
        long openAtEnd;
        final Samples firstResponse = new Samples();
        final Samples resolution = new Samples();
        final Map<String, Samples> byResponder = new TreeMap<>();

        void add(InboxThread t, long from, long to) {
            Long closedAt = t.closedAt();
            if (t.openedAt() >= from && t.openedAt() <= to) {
                opened++;
                Long fr = t.firstResponseAt();
                if (fr != null && fr <= to) {
                    firstResponse.add(fr - t.openedAt());
                    byResponder.computeIfAbsent(t.firstResponder(), k -> new Samples()).add(fr - t.openedAt());
                }
            }
            if (closedAt != null && closedAt >= from && closedAt <= to) {
                closed++;
                resolution.add(closedAt - t.openedAt());
            }
            if (t.openedAt() <= to && (closedAt == null || closedAt > to)) {
                openAtEnd++;
            }
        }
    }

    private static InboxStatistics.Durations durations(Samples s) {
        return new InboxStatistics.Durations(Samples.seconds(s.percentile(0.5)), Samples.seconds(s.percentile(0.9)),
                Samples.seconds(s.average()), s.size());
    }
}
