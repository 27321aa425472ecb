package io.sextant.store;

/**
 * What a report can ask the store for, independent of any engine. Each metric is computed only when
 * a request names it. "In W" means a time in the window [from, to]; the events considered are those
 * of the chatbot, and of the channel when the query names one.
 */
public enum Metric {
    /** Conversations whose start (earliest {@code conversation.started}) is in the period. */
    CONVERSATIONS(Kind.SERIES),
    /** {@code message} events; per direction too. */
    MESSAGES(Kind.SERIES),
    /** {@code interaction} events. */
    INTERACTIONS(Kind.SERIES),
    /** Sum of {@code durationSeconds} of {@code call.ended} events; their number too. */
    CALL_SECONDS(Kind.SERIES),

    /** Conversations started in W by their latest language, sent at any time (null: none). */
    CONVERSATION_LANGUAGES(Kind.DISTRIBUTION),
    /** Conversations started in W by the type of the channel of their start event. */
    CONVERSATION_CHANNEL_TYPES(Kind.DISTRIBUTION),
    /** {@code step} events in W by step id, labelled with the latest step name of that id. */
    STEPS(Kind.DISTRIBUTION),
    /** {@code intent} events in W by intent. */
    INTENTS(Kind.DISTRIBUTION),
    /** {@code call.ended} in W by exit step (null: none). */
    CALL_EXIT_STEPS(Kind.DISTRIBUTION),
    /** {@code call.ended} in W by end reason. */
    CALL_END_REASONS(Kind.DISTRIBUTION),
    /** {@code call.ended} in W that have a transfer target, by it. */
    CALL_TRANSFER_TARGETS(Kind.DISTRIBUTION),

    /** Per conversation started in W: its {@code message} events in W (0 counts). */
    MESSAGES_PER_CONVERSATION(Kind.SAMPLES),
    /** {@code length} of {@code user} messages in W. */
    USER_MESSAGE_LENGTH(Kind.SAMPLES),
    /** {@code score} of intents in W. */
    INTENT_SCORE(Kind.SAMPLES),
    /** {@code durationSeconds} of calls in W. */
    CALL_DURATION(Kind.SAMPLES),
    /** {@code userInputs} of calls in W. */
    CALL_USER_INPUTS(Kind.SAMPLES),

    /**
     * Of the conversations started in W (P), those with no {@code inbox.opened} event, whenever sent
     * (on the channel, for a channel report).
     */
    CONTAINED_CONVERSATIONS(Kind.RATE),
    /** Of the conversations started in W (P), those with an {@code inbox.opened} event, whenever sent. */
    HANDED_OVER_CONVERSATIONS(Kind.RATE),
    /**
     * Of the {@code intent} events in W (P), those whose intent is none of the query's fallback
     * intents and whose score is at least its threshold ({@link ReportQuery.Understanding}).
     */
    UNDERSTOOD_INTENTS(Kind.RATE),
    /** Of the conversations started in W (P), those with at most one {@code user} message, whenever sent. */
    ABANDONED_CONVERSATIONS(Kind.RATE),
    /** Of the conversations started in W (P), per goal id: those with a {@code goal} event of that id, whenever sent. */
    GOALS_REACHED(Kind.GOAL_RATES),
    /** {@code rating} events in W (P): per score and per thumbs. */
    RATINGS(Kind.RATINGS);

    /**
     * The form of a metric's answer: {@link ReportData.Series}, {@link ReportData.Item}s,
     * {@link ReportData.Samples}, {@link ReportData.Rate}, {@link ReportData.GoalRates} or
     * {@link ReportData.Ratings}. The last three always cover W and the previous period P.
     */
    public enum Kind {
        SERIES, DISTRIBUTION, SAMPLES, RATE, GOAL_RATES, RATINGS;

        /** Whether an answer of this kind always covers the previous period P too. */
        public boolean coversPrevious() {
            return this == RATE || this == GOAL_RATES || this == RATINGS;
        }
    }

    /** The parts of a series a query may need. */
    public enum Part { TOTAL, BUCKETS, PREVIOUS }

    private final Kind kind;

    Metric(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
