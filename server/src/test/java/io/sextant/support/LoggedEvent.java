package io.sextant.support;

import io.sextant.event.Event;
import io.sextant.event.Event.CallEnded;
import io.sextant.event.Event.ConversationLanguage;
import io.sextant.event.Event.ConversationStarted;
import io.sextant.event.Event.InboxAssigned;
import io.sextant.event.Event.InboxClosed;
import io.sextant.event.Event.Intent;
import io.sextant.event.Event.Message;
import io.sextant.event.Event.Step;
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

    /** The event as a message; a ClassCastException for any other type (a mistake of the model). */
    public Message message() {
        return (Message) event;
    }

    /** The event as an intent; a ClassCastException for any other type. */
    public Intent intent() {
        return (Intent) event;
    }

    /** The event as a step; a ClassCastException for any other type. */
    public Step step() {
        return (Step) event;
    }

    /** The event as a call's end; a ClassCastException for any other type. */
    public CallEnded call() {
        return (CallEnded) event;
    }

    /** The event as a goal; a ClassCastException for any other type. */
    public Event.Goal goal() {
        return (Event.Goal) event;
    }

    /** The event as a rating; a ClassCastException for any other type. */
    public Event.Rating rating() {
        return (Event.Rating) event;
    }

    /** The attributes a {@code conversation.started} carries (maybe none); a ClassCastException for any other type. */
    public java.util.Map<String, String> attributes() {
        return ((ConversationStarted) event).attributes();
    }

    /** The language a {@code conversation.started} (null: none) or {@code conversation.language} gives. */
    public String language() {
        return switch (event) {
            case ConversationStarted s -> s.language();
            case ConversationLanguage l -> l.language();
            default -> throw new IllegalStateException(event.type().wireName() + " has no language");
        };
    }

    /** The agent a message, {@code inbox.assigned} or {@code inbox.closed} names; null when it names none. */
    public String agentId() {
        return switch (event) {
            case Message m -> m.agentId();
            case InboxAssigned a -> a.agentId();
            case InboxClosed c -> c.agentId();
            default -> throw new IllegalStateException(event.type().wireName() + " has no agent");
        };
    }
}
