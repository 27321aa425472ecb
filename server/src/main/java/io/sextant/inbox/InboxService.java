package io.sextant.inbox;

import io.sextant.api.Instants;
import io.sextant.channel.ChannelService;
import io.sextant.report.TimeWindow;
import io.sextant.segment.SegmentParser;
import io.sextant.store.InboxStore;
import io.sextant.store.InboxStore.AgentCounts;
import io.sextant.store.InboxStore.Durations;
import io.sextant.store.InboxStore.ThreadStatistics;
import io.sextant.store.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Inbox statistics of a window W = [from, to] (SPEC §4): the store adds up the threads that matter
 * for W ({@link InboxStore#threadStatistics}) and counts the agents' events (their whole days kept
 * between requests, {@link KeptAgentCounts}); this service joins the two per agent and turns
 * milliseconds into seconds.
 */
@Service
public class InboxService {

    private final InboxStore store;
    private final ChannelService channels;
    private final KeptAgentCounts keptAgentCounts;

    public InboxService(InboxStore store, ChannelService channels, KeptAgentCounts keptAgentCounts) {
        this.store = store;
        this.channels = channels;
        this.keptAgentCounts = keptAgentCounts;
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

        ThreadStatistics threads = store.threadStatistics(chatbotId, channelId, from, to, segment);

        Map<String, AgentCounts> counts = new TreeMap<>();
        long agentMessages = 0; // every agent message carries its agentId (ingestion requires it)
        for (AgentCounts c : keptAgentCounts.agentCounts(store, chatbotId, channelId, from, to, segment)) {
            counts.put(c.agentId(), c);
            agentMessages += c.messages();
        }
        TreeSet<String> agentIds = new TreeSet<>(counts.keySet());
        agentIds.addAll(threads.firstResponseByResponder().keySet());
        List<InboxStatistics.Agent> agents = new ArrayList<>(agentIds.size());
        for (String id : agentIds) {
            AgentCounts c = counts.getOrDefault(id, new AgentCounts(id, 0, 0, 0));
            Durations d = threads.firstResponseByResponder().getOrDefault(id, Durations.NONE);
            agents.add(new InboxStatistics.Agent(id, c.assigned(), c.closed(), c.messages(),
                    new InboxStatistics.AgentDurations(seconds(d.medianMillis()), Math.toIntExact(d.samples()))));
        }
        return new InboxStatistics(chatbotId, Instants.format(from), Instants.format(to),
                threads.opened(), threads.closed(), threads.openAtEnd(), agentMessages,
                durations(threads.firstResponse()), durations(threads.resolution()), agents);
    }

    private static InboxStatistics.Durations durations(Durations d) {
        return new InboxStatistics.Durations(seconds(d.medianMillis()), seconds(d.p90Millis()), seconds(d.averageMillis()),
                Math.toIntExact(d.samples()));
    }

    /** Milliseconds as seconds rounded to the millisecond (half up), e.g. 12345.5 → 12.346. */
    static Double seconds(Double millis) {
        return millis == null ? null : Math.round(millis) / 1000.0;
    }
}
