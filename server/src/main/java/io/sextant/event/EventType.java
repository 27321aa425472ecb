package io.sextant.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kinds of event a chatbot runtime sends, by their wire names. */
public enum EventType {
    CONVERSATION_STARTED("conversation.started"),
    CONVERSATION_LANGUAGE("conversation.language"),
    MESSAGE("message"),
    INTENT("intent"),
    STEP("step"),
    INTERACTION("interaction"),
    CALL_ENDED("call.ended"),
    INBOX_OPENED("inbox.opened"),
    INBOX_ASSIGNED("inbox.assigned"),
    INBOX_CLOSED("inbox.closed"),
    GOAL("goal"),
    RATING("rating");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
