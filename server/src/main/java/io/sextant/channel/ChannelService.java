package io.sextant.channel;

import io.sextant.api.ApiException;
import io.sextant.store.Channel;
import io.sextant.store.ChannelStore;
import io.sextant.store.ChannelType;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

@Service
public class ChannelService {

    private final ChannelStore store;
    private final Clock clock;
    /**
     * Chatbots seen to exist. A chatbot that exists stays so ({@link ChannelStore}), so this spares
     * every report, inbox and export request the store's lookup (2.6 ms of DuckDB's on a warm
     * computed report: docs/benchmark.md). Only chatbots that exist enter it, so it holds at most
     * the stored chatbots' ids; an unknown chatbot is asked of the store each time.
     */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public ChannelService(ChannelStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** 404 unless the chatbot has a channel or an event. */
    public void requireChatbot(String chatbotId) {
        if (known.contains(chatbotId)) {
            return;
        }
        if (store.chatbotExists(chatbotId)) {
            known.add(chatbotId);
        } else {
            throw ApiException.notFound("unknown chatbot '" + chatbotId + "'");
        }
    }

    /** The chatbot's channel; 404 when the chatbot or the channel is unknown. */
    public Channel require(String chatbotId, String channelId) {
        requireChatbot(chatbotId);
        return store.find(chatbotId, channelId)
                .orElseThrow(() -> ApiException.notFound("unknown channel '" + channelId + "' of chatbot '" + chatbotId + "'"));
    }

    public List<Channel> list(String chatbotId) {
        requireChatbot(chatbotId);
        return store.list(chatbotId);
    }

    public Channel put(String chatbotId, String channelId, String name, String type, String number, String status) {
        checkLength("chatbotId", chatbotId, true);
        checkLength("channelId", channelId, true);
        checkLength("name", name, true);
        for (String[] f : new String[][] {{"chatbotId", chatbotId}, {"channelId", channelId}, {"name", name}}) {
            if (f[1].isBlank()) {
                throw ApiException.badRequest(f[0] + " must not be blank");
            }
        }
        checkLength("number", number, false);
        checkLength("status", status, false);
        if (type == null) {
            throw ApiException.badRequest("type is required; one of " + ChannelType.registrableNames());
        }
        ChannelType t = ChannelType.registrable(type).orElseThrow(() -> ApiException.badRequest(
                "type '" + type + "' is unknown; expected one of " + ChannelType.registrableNames()));
        return store.put(new ChannelStore.Metadata(chatbotId, channelId, name, t, number, status), clock.millis());
    }

    private static void checkLength(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw ApiException.badRequest(field + " is required");
            }
            return;
        }
        int len = value.codePointCount(0, value.length());
        if (len < 1 || len > 200) {
            throw ApiException.badRequest(field + " must be 1 to 200 characters");
        }
    }
}
