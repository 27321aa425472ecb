package io.sextant.store;

import java.util.List;
import java.util.Optional;

/**
 * Channel metadata. A chatbot exists once it has a channel (events register theirs). Channels are
 * never deleted (erasure removes events, not channels), so a chatbot that exists stays so.
 */
public interface ChannelStore {

    boolean chatbotExists(String chatbotId);

    Optional<Channel> find(String chatbotId, String channelId);

    /** The chatbot's channels sorted by id. */
    List<Channel> list(String chatbotId);

    /** What a caller registers for a channel; {@code number} and {@code status} are optional. */
    record Metadata(String chatbotId, String channelId, String name, ChannelType type, String number, String status) {}

    /**
     * Creates or replaces the channel's metadata at {@code now}; keeps {@code created} of an existing one.
     *
     * <p>Change notification: a channel's type shows in every report of its chatbot, so once the
     * change is durable, and before this returns, it records {@link ChangeLog.Change#ALL} for the
     * chatbot in the service's {@link ChangeLog} (as {@link EventStore#append} does for events). It
     * never races an {@link EventStore#append} that registers the same channel as {@code unknown}:
     * the two are ordered, and a read that starts after this returns reflects it.
     *
     * @return the channel as stored
     */
    Channel put(Metadata channel, long now);
}
