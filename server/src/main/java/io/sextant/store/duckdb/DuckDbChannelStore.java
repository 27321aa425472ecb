package io.sextant.store.duckdb;

import io.sextant.store.Channel;
import io.sextant.store.ChannelStore;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Channels read from the {@code channels} table; writes go through the {@link ChannelWriter}. */
final class DuckDbChannelStore implements ChannelStore {

    private static final String COLUMNS = "chatbot_id, channel_id AS id, name, type, number, status, created, updated";

    private final JdbcClient jdbc;
    private final ChannelWriter writer;

    DuckDbChannelStore(JdbcClient jdbc, ChannelWriter writer) {
        this.jdbc = jdbc;
        this.writer = writer;
    }

    @Override
    public boolean chatbotExists(String chatbotId) {
        return jdbc.sql("SELECT count(*) FROM channels WHERE chatbot_id = :chatbot")
                .param("chatbot", chatbotId).query(Long.class).single() > 0;
    }

    @Override
    public Optional<Channel> find(String chatbotId, String channelId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM channels WHERE chatbot_id = :chatbot AND channel_id = :channel")
                .param("chatbot", chatbotId).param("channel", channelId)
                .query(Channel.class).optional();
    }

    @Override
    public List<Channel> list(String chatbotId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM channels WHERE chatbot_id = :chatbot ORDER BY channel_id")
                .param("chatbot", chatbotId).query(Channel.class).list();
    }

    @Override
    public Channel put(Metadata channel, long now) {
        writer.putChannel(channel, now);
        return find(channel.chatbotId(), channel.channelId()).orElseThrow();
    }
}
