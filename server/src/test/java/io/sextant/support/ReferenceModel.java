package io.sextant.support;

import io.sextant.event.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The contract's definitions applied literally, in plain Java, to a list of stored events: the
 * yardstick the SQL answers are compared with. Nothing here is clever or fast on purpose.
 *
 * <p>A model is immutable; {@link #chatbot} and {@link #channel} give narrowed copies (the channel
 * report applies every definition to the events of one channel only).
 */
public final class ReferenceModel {

    private final List<LoggedEvent> events;
    private Map<String, LoggedEvent> starts; // memo: the model is immutable
    private Map<String, String> languages; // memo

    /** @param events stored events in any order; ties in time are broken by {@code seq} */
    public ReferenceModel(Collection<LoggedEvent> events) {
        this.events = List.copyOf(events);
    }

    public List<LoggedEvent> events() {
        return events;
    }

    public ReferenceModel where(Predicate<LoggedEvent> filter) {
        return new ReferenceModel(events.stream().filter(filter).toList());
    }

    public ReferenceModel chatbot(String chatbotId) {
        return where(e -> e.chatbotId().equals(chatbotId));
    }

    public ReferenceModel channel(String channelId) {
        return where(e -> e.channelId().equals(channelId));
    }

    /** Events of the given types (all types when none are given). */
    public List<LoggedEvent> of(EventType... types) {
        Set<EventType> wanted = types.length == 0 ? EnumSet.allOf(EventType.class) : EnumSet.copyOf(Arrays.asList(types));
        return events.stream().filter(e -> wanted.contains(e.type())).toList();
    }

    /** Events of the given types with a time in [from, to]. */
    public List<LoggedEvent> in(long from, long to, EventType... types) {
        return of(types).stream().filter(e -> e.in(from, to)).toList();
    }

    /**
     * Each conversation's start: its earliest {@code conversation.started} (by time, then seq).
     * Conversations without one are absent: they never started.
     */
    public synchronized Map<String, LoggedEvent> conversationStarts() {
        if (starts == null) {
            Map<String, LoggedEvent> first = new HashMap<>();
            for (LoggedEvent e : of(EventType.CONVERSATION_STARTED)) {
                first.merge(e.conversationId(), e, (a, b) -> LoggedEvent.TIME_ORDER.compare(a, b) <= 0 ? a : b);
            }
            starts = Map.copyOf(first);
        }
        return starts;
    }

    /** Conversations whose start is in [from, to], with their start event. */
    public Map<String, LoggedEvent> conversationsStartedIn(long from, long to) {
        Map<String, LoggedEvent> out = new LinkedHashMap<>();
        conversationStarts().forEach((id, start) -> {
            if (start.in(from, to)) {
                out.put(id, start);
            }
        });
        return out;
    }

    /**
     * A conversation's language: that of its latest (time, then seq) {@code conversation.started} or
     * {@code conversation.language} that has one, at any time; empty when none has.
     */
    public synchronized Optional<String> language(String conversationId) {
        if (languages == null) {
            Map<String, LoggedEvent> latest = new HashMap<>();
            for (LoggedEvent e : of(EventType.CONVERSATION_STARTED, EventType.CONVERSATION_LANGUAGE)) {
                if (e.language() != null) {
                    latest.merge(e.conversationId(), e, (a, b) -> LoggedEvent.TIME_ORDER.compare(a, b) >= 0 ? a : b);
                }
            }
            Map<String, String> byConversation = new HashMap<>();
            latest.forEach((id, e) -> byConversation.put(id, e.language()));
            languages = Map.copyOf(byConversation);
        }
        return Optional.ofNullable(languages.get(conversationId));
    }

    /** Events grouped by conversation id. */
    public Map<String, List<LoggedEvent>> byConversation() {
        Map<String, List<LoggedEvent>> out = new HashMap<>();
        for (LoggedEvent e : events) {
            out.computeIfAbsent(e.conversationId(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /** Counts per key; a null key counts as {@code "unknown"}. */
    public static Map<String, Long> countBy(Collection<LoggedEvent> events, java.util.function.Function<LoggedEvent, String> key) {
        Map<String, Long> counts = new HashMap<>();
        for (LoggedEvent e : events) {
            String k = key.apply(e);
            counts.merge(k == null ? "unknown" : k, 1L, Long::sum);
        }
        return counts;
    }
}
