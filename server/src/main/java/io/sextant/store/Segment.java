package io.sextant.store;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A segment: the conversations of a chatbot that meet every one of its conditions, each judged on
 * everything stored for the conversation, whenever sent. A filtered report, inbox statistics or
 * export counts only the events of those conversations. No conditions: every conversation
 * ({@link #ALL}). Independent of any engine; each store turns it into the set of conversation ids
 * its statements restrict every event to.
 *
 * <p>The conditions are kept sorted by their {@link Condition#filter() filter} text and without
 * duplicates, so two segments with the same conditions are equal whatever order a request named
 * them in (the report cache keys on it).
 */
public record Segment(List<Condition> conditions) {

    /** Every conversation: no condition. */
    public static final Segment ALL = new Segment(List.of());

    public Segment {
        TreeSet<Condition> sorted = new TreeSet<>(Comparator.comparing(Condition::filter));
        sorted.addAll(conditions);
        conditions = List.copyOf(sorted);
    }

    public static Segment of(Condition... conditions) {
        return new Segment(List.of(conditions));
    }

    /** True when the segment is every conversation. */
    public boolean isAll() {
        return conditions.isEmpty();
    }

    /** The conditions as {@code key:value} filters, as a request names them (and an export job keeps them). */
    public List<String> filters() {
        return conditions.stream().map(Condition::filter).toList();
    }

    /** What a condition looks at. */
    public enum Kind {
        /** The conversation's latest language (of its latest conversation.started or conversation.language that has one). */
        LANGUAGE("language"),
        /** The channel of the conversation's start (its earliest conversation.started). */
        CHANNEL("channel"),
        /** The type of the channel of the conversation's start ({@code unknown} for a channel not registered). */
        CHANNEL_TYPE("channelType"),
        /** An intent the conversation has an {@code intent} event of. */
        INTENT("intent"),
        /** Whether the conversation has an {@code inbox.opened} event ({@code yes} or {@code no}). */
        HANDOVER("handover"),
        /** A goal the conversation has a {@code goal} event of. */
        GOAL("goal"),
        /** Whether the conversation has any {@code goal} event ({@code yes} or {@code no}). */
        GOAL_REACHED("goalReached"),
        /** The conversation's latest rating (by time, then ingestion order): a score 1 to 5, or {@code up} or {@code down}. */
        RATING("rating"),
        /** The value of one of the conversation's attributes (that of its latest conversation.started carrying the key). */
        ATTRIBUTE("attr.");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The key of a filter, {@code attr.} followed by the attribute's key for {@link #ATTRIBUTE}. */
        public String key() {
            return key;
        }
    }

    /**
     * One condition.
     *
     * @param attribute the attribute's key for {@link Kind#ATTRIBUTE}, else null
     * @param value the value to meet, as normalised (a language's primary subtag in lower case;
     *     {@code yes}/{@code no}; a score's digit or {@code up}/{@code down})
     */
    public record Condition(Kind kind, String attribute, String value) {

        public Condition {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(value);
            if ((kind == Kind.ATTRIBUTE) != (attribute != null)) {
                throw new IllegalArgumentException("an attribute key goes with an attribute condition only");
            }
        }

        public static Condition of(Kind kind, String value) {
            return new Condition(kind, null, value);
        }

        public static Condition attribute(String key, String value) {
            return new Condition(Kind.ATTRIBUTE, key, value);
        }

        /** For {@link Kind#HANDOVER} and {@link Kind#GOAL_REACHED}: whether it asks for conversations without. */
        public boolean no() {
            return (kind == Kind.HANDOVER || kind == Kind.GOAL_REACHED) && value.equals("no");
        }

        /** The condition as a filter: {@code key:value}. */
        public String filter() {
            return (kind == Kind.ATTRIBUTE ? kind.key() + attribute : kind.key()) + ":" + value;
        }
    }
}
