package io.sextant.store;

import java.util.List;
import java.util.Objects;

/** Reads the recent activity of a chatbot for the live view. */
public interface LiveStore {

    /**
     * What the live view asks for. Times are epoch milliseconds.
     *
     * @param channelId null for all channels; else only events of this channel count
     * @param activeAfter active conversations have an event with a time in (activeAfter, activeUntil]
     * @param firstMinute the start of the first minute counted
     * @param minutes how many consecutive 60-second spans from {@code firstMinute} are counted; the
     *     last must hold {@code activeUntil}
     */
    record LiveQuery(String chatbotId, String channelId, long activeAfter, long activeUntil, long firstMinute, int minutes) {
        public LiveQuery {
            Objects.requireNonNull(chatbotId);
            if (minutes < 1 || activeAfter < firstMinute || activeUntil < activeAfter
                    || activeUntil >= firstMinute + minutes * 60_000L) {
                throw new IllegalArgumentException("the active span must lie within the minutes counted");
            }
        }
    }

    /**
     * @param activeConversations distinct conversations with at least one event (of any type) in the active span
     * @param eventsPerMinute {@code minutes} counts, in order: the k-th is the number of events (of any
     *     type) with a time in [firstMinute + k·60 s, firstMinute + (k+1)·60 s − 1 ms]
     */
    record LiveData(long activeConversations, List<Long> eventsPerMinute) {
        public LiveData {
            eventsPerMinute = List.copyOf(eventsPerMinute);
        }
    }

    /** The activity of the query, read from one consistent snapshot of the events. */
    LiveData live(LiveQuery query);
}
