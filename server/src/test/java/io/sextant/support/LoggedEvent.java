package io.sextant.support;

import io.sextant.event.Event;
import io.sextant.event.EventType;
import java.util.Comparator;

/**
 * An event as the store keeps it: its chatbot, its place in the global ingestion order ({@code seq},
 * later = larger) and the validated event.
 */
public record LoggedEvent(String chatbotId, long seq, Event event) {

    /** Time order with the contract's tie-breaker: by timestamp, then by ingestion order. */
    public static final Comparator<LoggedEvent> TIME_ORDER =
            Comparator.comparingLong(LoggedEvent::ts).thenComparingLong(LoggedEvent::seq);

    public long ts() {
        return event.ts();
    }

    public EventType type() {
        return event.type();
    }

    public String channelId() {
        return event.channelId();
    }

    public String conversationId() {
        return event.conversationId();
    }

    /** True when the event's time is in [from, to], both inclusive. */
    public boolean in(long from, long to) {
        return event.ts() >= from && event.ts() <= to;
    }
}
