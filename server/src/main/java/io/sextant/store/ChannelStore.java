package io.sextant.store;

import io.sextant.channel.Channel;
import java.util.List;
import java.util.Optional;

/** Channel metadata. A chatbot exists once it has a channel (events register theirs). */
public interface ChannelStore {

    boolean chatbotExists(String chatbotId);

    Optional<Channel> find(String chatbotId, String channelId);

    /** The chatbot's channels sorted by id. */
    List<Channel> list(String chatbotId);

    /** Creates or replaces the channel's metadata; keeps {@code created} of an existing one. */
    Channel put(String chatbotId, String channelId, String name, String type, String number, String status, long now);
}
