package io.sextant.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.api.ApiException;
import io.sextant.store.Channel;
import io.sextant.store.ChannelStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link ChannelService} asks of the store to tell whether a chatbot exists. */
class ChannelServiceTest {

    /** A store whose chatbots appear when a test adds them, and which records every existence lookup. */
    static final class CountingStore implements ChannelStore {
        final Set<String> chatbots = new HashSet<>();
        final List<String> lookups = new ArrayList<>();

        @Override
        public boolean chatbotExists(String chatbotId) {
            lookups.add(chatbotId);
            return chatbots.contains(chatbotId);
        }

        @Override
        public Optional<Channel> find(String chatbotId, String channelId) {
            return Optional.empty();
        }

        @Override
        public List<Channel> list(String chatbotId) {
            return List.of();
        }

        @Override
        public Channel put(Metadata channel, long now) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aChatbotSeenToExistIsNotLookedUpAgainAndAnUnknownOneIsLookedUpEachTimeUntilItExists() {
        CountingStore store = new CountingStore();
        ChannelService service = new ChannelService(store, Clock.systemUTC());
        store.chatbots.add("shop");

        service.requireChatbot("shop");
        service.requireChatbot("shop");
        service.list("shop");
        assertThat(store.lookups).containsExactly("shop");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> service.requireChatbot("later")).isInstanceOf(ApiException.class)
                    .hasMessage("unknown chatbot 'later'");
        }
        assertThat(store.lookups).containsExactly("shop", "later", "later");

        // its first event registers a channel: from then on it exists
        store.chatbots.add("later");
        service.requireChatbot("later");
        service.requireChatbot("later");
        assertThat(store.lookups).containsExactly("shop", "later", "later", "later");
    }
}
