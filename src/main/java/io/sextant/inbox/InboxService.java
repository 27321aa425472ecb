package io.sextant.inbox;

import io.sextant.api.Instants;
import io.sextant.channel.ChannelService;
import io.sextant.report.TimeWindow;
import io.sextant.store.InboxStore;
import io.sextant.store.InboxStore.AgentCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
     */
    public InboxStatistics statistics(String chatbotId, String channelId, String fromParam, String toParam) {
        if (channelId == null) {
            channels.requireChatbot(chatbotId);
        } else {
            channels.require(chatbotId, channelId);
        }
        TimeWindow w = TimeWindow.range(fromParam, toParam);
        long from = w.from();
        long to = w.to();

        var tally = new Object() {
            long opened;
            long closed;
            long openAtEnd;
            final Samples firstResponse = new Samples();
            final Samples resolution = new Samples();
            final Map<String, Samples> byResponder = new TreeMap<>();
        };
        store.threads(chatbotId, channelId, from, to, t -> {
            boolean openedInW = t.openedAt() >= from && t.openedAt() <= to;
            Long closedAt = t.closedAt();
            if (openedInW) {
                tally.opened++;
                Long fr = t.firstResponseAt();
                if (fr != null && fr <= to) {
                    tally.firstResponse.add(fr - t.openedAt());
                    tally.byResponder.computeIfAbsent(t.firstResponder(), k -> new Samples()).add(fr - t.openedAt());
                }
            }
            if (closedAt != null && closedAt >= from && closedAt <= to) {
                tally.closed++;
                tally.resolution.add(closedAt - t.openedAt());
            }
            if (t.openedAt() <= to && (closedAt == null || closedAt > to)) {
                tally.openAtEnd++;
            }
        });

        Map<String, AgentCounts> counts = new TreeMap<>();
        long agentMessages = 0;
        for (AgentCounts c : store.agentCounts(chatbotId, channelId, from, to)) {
            counts.put(c.agentId(), c);
            agentMessages += c.messages();
        }
        TreeMap<String, Boolean> agentIds = new TreeMap<>();
        counts.keySet().forEach(id -> agentIds.put(id, true));
        tally.byResponder.keySet().forEach(id -> agentIds.put(id, true));
        List<InboxStatistics.Agent> agents = new ArrayList<>(agentIds.size());
        for (String id : agentIds.keySet()) {
            AgentCounts c = counts.getOrDefault(id, new AgentCounts(id, 0, 0, 0));
            Samples s = tally.byResponder.getOrDefault(id, new Samples()).sorted();
            agents.add(new InboxStatistics.Agent(id, c.assigned(), c.closed(), c.messages(),
                    new InboxStatistics.AgentDurations(Samples.seconds(s.percentile(0.5)), s.size())));
        }
        return new InboxStatistics(chatbotId, Instants.format(from), Instants.format(to),
                tally.opened, tally.closed, tally.openAtEnd, agentMessages,
                durations(tally.firstResponse.sorted()), durations(tally.resolution.sorted()), agents);
    }

    private static InboxStatistics.Durations durations(Samples s) {
        return new InboxStatistics.Durations(Samples.seconds(s.percentile(0.5)), Samples.seconds(s.percentile(0.9)),
                Samples.seconds(s.average()), s.size());
    }
}
