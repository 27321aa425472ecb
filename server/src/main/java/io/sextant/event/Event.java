package io.sextant.event;

import java.util.Map;
import java.util.Objects;

/**
 * One validated event, as stored: one record per {@link EventType}, each with only the fields its
 * type has. A field is null only where the contract makes it optional; a switch over the records
 * is checked by the compiler for every type.
 *
 * <p>Every event has the same envelope: its {@link #id()}, its time {@link #ts()} (epoch
 * milliseconds, UTC), its channel and its conversation.
 */
public sealed interface Event {

    String id();

    /** Epoch milliseconds, UTC. */
    long ts();

    String channelId();

    String conversationId();

    /** The type, as named on the wire. */
    default EventType type() {
        return switch (this) {
            case ConversationStarted e -> EventType.CONVERSATION_STARTED;
            case ConversationLanguage e -> EventType.CONVERSATION_LANGUAGE;
            case Message e -> EventType.MESSAGE;
            case Intent e -> EventType.INTENT;
            case Step e -> EventType.STEP;
            case Interaction e -> EventType.INTERACTION;
            case CallEnded e -> EventType.CALL_ENDED;
            case InboxOpened e -> EventType.INBOX_OPENED;
            case InboxAssigned e -> EventType.INBOX_ASSIGNED;
            case InboxClosed e -> EventType.INBOX_CLOSED;
            case Goal e -> EventType.GOAL;
            case Rating e -> EventType.RATING;
        };
    }

    /**
     * A conversation began; {@code language} (a primary language subtag) is optional, and so are its
     * {@code attributes}: short strings by key (campaign, plan, …) that segments filter on.
     *
     * @param attributes never null, maybe empty; iteration order is the order sent
     */
    record ConversationStarted(String id, long ts, String channelId, String conversationId, String language,
            Map<String, String> attributes) implements Event {
        public ConversationStarted {
            envelope(id, channelId, conversationId);
            attributes = attributes == null || attributes.isEmpty() ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        }

        public ConversationStarted(String id, long ts, String channelId, String conversationId, String language) {
            this(id, ts, channelId, conversationId, language, Map.of());
        }
    }

    /** The conversation's language became known or changed. */
    record ConversationLanguage(String id, long ts, String channelId, String conversationId, String language)
            implements Event {
        public ConversationLanguage {
            envelope(id, channelId, conversationId);
            Objects.requireNonNull(language, "language");
        }
    }

    /**
     * A message; the text is never kept.
     *
     * @param length the message's length in Unicode code points
     * @param agentId who wrote it: required for {@link Direction#AGENT}, optional otherwise
     */
    record Message(String id, long ts, String channelId, String conversationId, Direction direction, int length,
            String agentId) implements Event {
        public Message {
            envelope(id, channelId, conversationId);
            Objects.requireNonNull(direction, "direction");
        }
    }

    /** An intent was recognized, with a {@code score} in [0, 1]. */
    record Intent(String id, long ts, String channelId, String conversationId, String intent, double score)
            implements Event {
        public Intent {
            envelope(id, channelId, conversationId);
            Objects.requireNonNull(intent, "intent");
        }
    }

    /** A step of the dialogue was reached; its display name {@code stepName} is optional. */
    record Step(String id, long ts, String channelId, String conversationId, String stepId, String stepName)
            implements Event {
        public Step {
            envelope(id, channelId, conversationId);
            Objects.requireNonNull(stepId, "stepId");
        }
    }

    /** The user interacted with a widget; its {@code kind} is optional. */
    record Interaction(String id, long ts, String channelId, String conversationId, String kind) implements Event {
        public Interaction {
            envelope(id, channelId, conversationId);
        }
    }

    /** A call ended; {@code exitStep} and {@code transferTarget} are optional. */
    record CallEnded(String id, long ts, String channelId, String conversationId, double durationSeconds,
            int userInputs, String endReason, String exitStep, String transferTarget) implements Event {
        public CallEnded {
            envelope(id, channelId, conversationId);
            Objects.requireNonNull(endReason, "endReason");
        }
    }

    /** The conversation was handed over to the inbox. */
    record InboxOpened(String id, long ts, String channelId, String conversationId) implements Event {
        public InboxOpened {
            envelope(id, channelId, conversationId);
        }
    }

    /** An agent took the conversation in the inbox. */
    record InboxAssigned(String id, long ts, String channelId, String conversationId, String agentId)
            implements Event {
        public InboxAssigned {
            envelope(id, channelId, conversationId);
            Objects.requireNonNull(agentId, "agentId");
        }
    }

    /** The inbox thread was closed, by {@code agentId} if given. */
    record InboxClosed(String id, long ts, String channelId, String conversationId, String agentId)
            implements Event {
        public InboxClosed {
            envelope(id, channelId, conversationId);
        }
    }

    /**
     * The conversation reached a goal of the chatbot (an order placed, an appointment booked).
     *
     * @param value optional, e.g. the order's amount; null when not sent
     */
    record Goal(String id, long ts, String channelId, String conversationId, String goalId, Double value)
            implements Event {
        public Goal {
            envelope(id, channelId, conversationId);
            Objects.requireNonNull(goalId, "goalId");
        }
    }

    /** A thumbs rating. */
    enum Thumbs {
        UP, DOWN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The user rated the conversation: exactly one of a {@code score} from 1 to 5 and {@code thumbs}.
     * Of a comment only its length is kept, never its text.
     *
     * @param commentLength the comment's length in Unicode code points; null without a comment
     */
    record Rating(String id, long ts, String channelId, String conversationId, Integer score, Thumbs thumbs,
            Integer commentLength) implements Event {
        public Rating {
            envelope(id, channelId, conversationId);
            if ((score == null) == (thumbs == null)) {
                throw new IllegalArgumentException("a rating has exactly one of score and thumbs");
            }
        }
    }

    private static void envelope(String id, String channelId, String conversationId) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(conversationId, "conversationId");
    }
}
