package io.sextant.support;

import io.sextant.event.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the service should have stored, computed the plain way: batches are accepted in the order they
 * were acknowledged, an event whose id its chatbot already has (or that appears earlier in the same
 * batch) is skipped, and every accepted event gets the next {@code seq}.
 */
public final class EventLog {

    private final Set<String> ids = new HashSet<>();
    private final List<LoggedEvent> events = new ArrayList<>();
    private long seq;

    /** Records a batch the service acknowledged; returns how many of its events were new. */
    public synchronized int accept(String chatbotId, List<Event> batch) {
        int accepted = 0;
        for (Event e : batch) {
            if (ids.add(chatbotId + '\u0000' + e.id())) {
                events.add(new LoggedEvent(chatbotId, ++seq, e));
                accepted++;
            }
        }
        return accepted;
    }

    /** Every accepted event, in ingestion order. */
    public synchronized List<LoggedEvent> events() {
        return List.copyOf(events);
    }

    /** The brute-force model over the events of one chatbot. */
    public ReferenceModel model(String chatbotId) {
        return new ReferenceModel(events()).chatbot(chatbotId);
    }
}
