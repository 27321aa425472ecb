package io.sextant.store;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the inbox statistics read: hand-over threads and per-agent event counts, of every
 * conversation or of a {@link Segment}'s only (its threads, and the events that carry an agent).
 */
public interface InboxStore {

    /**
     * A hand-over thread (see {@link InboxThreadsSql} for how threads are built). Times are epoch
     * milliseconds; {@code closedAt}, {@code firstResponseAt} and {@code firstResponder} are null
     * when there is none.
     */
    record InboxThread(String channelId, long openedAt, Long closedAt, Long firstResponseAt, String firstResponder) {}

    /**
     * Durations in milliseconds: their number, exact sum, and the contract's median and 90th
     * percentile ({@link io.sextant.stats.Percentile}); the percentiles are null without samples.
     */
    record Durations(long samples, long sumMillis, Double medianMillis, Double p90Millis) {

        public static final Durations NONE = new Durations(0, 0, null, null);

        /** sum / samples, null without samples. */
        public Double averageMillis() {
            return samples == 0 ? null : sumMillis / (double) samples;
        }
    }

    /**
     * What the threads of a window [from, to] add up to (SPEC §4): threads opened in it, closed in
     * it, open at its end; the first responses of the threads opened in it that came by {@code to},
     * in all and per responder (responders without such a response left out); the resolutions of
     * the threads closed in it.
     */
    record ThreadStatistics(long opened, long closed, long openAtEnd, Durations firstResponse, Durations resolution,
            Map<String, Durations> firstResponseByResponder) {}

    /** One agent's {@code inbox.assigned} and {@code inbox.closed} events and {@code agent} messages. */
    record AgentCounts(String agentId, long assigned, long closed, long messages) {}

    /**
     * Streams, one by one and in no particular order, every thread of the chatbot that matters for
     * the window [from, to]: opened at or before {@code to} and not closed before {@code from}
     * (that covers threads opened in, closed in, or still open at the end of the window).
     *
     * @param channelId only threads whose {@code inbox.opened} was on this channel; null for all
     * @param segment only threads of its conversations
     */
    void threads(String chatbotId, String channelId, long from, long to, Segment segment, Consumer<InboxThread> sink);

    /**
     * What the {@link #threads} of the window add up to, same parameters: the same answer as
     * folding them one by one (the tests' {@code ThreadTally}), computed where the threads are.
     */
    ThreadStatistics threadStatistics(String chatbotId, String channelId, long from, long to, Segment segment);

    /**
     * Per agent, the events in [from, to] carrying its id, on {@code channelId} (null: any channel);
     * agents without any such event are left out; only events of the {@code segment}'s conversations count.
     */
    List<AgentCounts> agentCounts(String chatbotId, String channelId, long from, long to, Segment segment);
}
