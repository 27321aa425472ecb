package io.sextant.live;

import io.sextant.api.Instants;
import io.sextant.channel.ChannelService;
import io.sextant.store.LiveStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The live view: active conversations of the last five minutes and events per UTC minute of the
 * last hour, at the service clock's now. It reads only the last hour of events, so a dashboard can
 * poll it every few seconds. The definitions are in docs/quality.md ("Live view").
 */
@Service
public class LiveService {

    /** Minutes of events listed. */
    static final int MINUTES = 60;
    static final long MINUTE_MS = 60_000;
    /** How far back an event makes its conversation active. */
    static final long ACTIVE_MS = 5 * MINUTE_MS;

    private final ChannelService channels;
    private final LiveStore store;
    private final Clock clock;

    public LiveService(ChannelService channels, LiveStore store, Clock clock) {
        this.channels = channels;
        this.store = store;
        this.clock = clock;
    }

    /** 404 for an unknown chatbot or a channel it does not have. */
    public LiveView live(String chatbotId, String channelId) {
        if (channelId == null) {
            channels.requireChatbot(chatbotId);
        } else {
            channels.require(chatbotId, channelId);
        }
        long now = clock.millis();
        long firstMinute = Math.floorDiv(now, MINUTE_MS) * MINUTE_MS - (MINUTES - 1) * MINUTE_MS;
        LiveStore.LiveData data = store.live(new LiveStore.LiveQuery(chatbotId, channelId, now - ACTIVE_MS, now, firstMinute, MINUTES));
        List<LiveView.Minute> minutes = new ArrayList<>(MINUTES);
        for (int k = 0; k < MINUTES; k++) {
            minutes.add(new LiveView.Minute(Instants.format(firstMinute + k * MINUTE_MS), data.eventsPerMinute().get(k)));
        }
        return new LiveView(chatbotId, Instants.format(now), data.activeConversations(), minutes);
    }
}
