package io.sextant.store;

import java.util.List;
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
     * Per agent, the events in [from, to] carrying its id, on {@code channelId} (null: any channel);
     * agents without any such event are left out; only events of the {@code segment}'s conversations count.
     */
    List<AgentCounts> agentCounts(String chatbotId, String channelId, long from, long to, Segment segment);
}
