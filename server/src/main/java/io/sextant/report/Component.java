package io.sextant.report;

import static io.sextant.report.Shape.COUNT;
import static io.sextant.report.Shape.DISTRIBUTION;
import static io.sextant.report.Shape.GOAL_RATES;
import static io.sextant.report.Shape.INTERVAL;
import static io.sextant.report.Shape.MEDIAN;
import static io.sextant.report.Shape.RATE;
import static io.sextant.report.Shape.TREND;

import static io.sextant.report.Trait.BY_DIRECTION;
import static io.sextant.report.Trait.CALLS;
import static io.sextant.report.Trait.DISTINCT;
import static io.sextant.report.Trait.LABELS;
import static io.sextant.report.Trait.SECONDS;

import io.sextant.store.Metric;
import java.util.EnumSet;
import java.util.Set;

/**
 * THE registry of report components, declared once as data: per component its ID and name in the
 * overview report and in the channel report (null where it is not part of that report), its shape,
 * the store metric it shows, and its {@link Trait}s: what it adds to its shape's answer, and
 * whether its values are seconds rather than whole counts. IDs and names are those of the reference
 * API page; the two reports number their components differently.
 *
 * <p>A new component is one entry here (plus, for a new metric, its SQL in the store): the service
 * shapes its answer and the OpenAPI document describes it from the entry.
 */
public enum Component {
    //                        overview                                     channel                                                  shape         metric       traits
    STEP_EXEC_COUNT(0, "STEP_EXEC_COUNT", 0, "STEP_EXEC_COUNT_FOR_CHANNEL_ID", DISTRIBUTION, Metric.STEPS, LABELS),
    CONVERSATION_COUNT(1, "CONVERSATION_COUNT", 1, "CONVERSATION_COUNT_FOR_CHANNEL_ID", COUNT, Metric.CONVERSATIONS),
    CONVERSATION_COUNT_INTERVAL(2, "CONVERSATION_COUNT_INTERVAL", 2, "CONVERSATION_COUNT_INTERVAL_FOR_CHANNEL_ID", INTERVAL, Metric.CONVERSATIONS),
    CONVERSATION_LANGUAGES(3, "CONVERSATION_LANGUAGES", 4, "CONVERSATION_LANGUAGES_FOR_CHANNEL_ID", DISTRIBUTION, Metric.CONVERSATION_LANGUAGES),
    CONVERSATION_BY_CHANNEL_TYPE(4, "CONVERSATION_BY_CHANNEL_TYPE", null, null, DISTRIBUTION, Metric.CONVERSATION_CHANNEL_TYPES),
    CONVERSATION_COUNT_PERIODIC_TREND(5, "CONVERSATION_COUNT_PERIODIC_TREND", 3, "CONVERSATION_COUNT_PERIODIC_TREND_FOR_CHANNEL_ID", TREND, Metric.CONVERSATIONS),
    CONVERSATION_MESSAGE_COUNT_MEDIAN(6, "CONVERSATION_MESSAGE_COUNT_MEDIAN", 5, "CONVERSATION_MESSAGE_COUNT_MEDIAN_FOR_CHANNEL_ID", MEDIAN, Metric.MESSAGES_PER_CONVERSATION),
    MESSAGE_COUNT(7, "MESSAGE_COUNT", 12, "MESSAGE_COUNT_FOR_CHANNEL_ID", COUNT, Metric.MESSAGES, BY_DIRECTION),
    MESSAGE_COUNT_INTERVAL(8, "MESSAGE_COUNT_INTERVAL", 13, "MESSAGE_COUNT_INTERVAL_FOR_CHANNEL_ID", INTERVAL, Metric.MESSAGES),
    MESSAGE_COUNT_PERIODIC_TREND(9, "MESSAGE_COUNT_PERIODIC_TREND", 14, "MESSAGE_COUNT_PERIODIC_TREND_FOR_CHANNEL_ID", TREND, Metric.MESSAGES),
    MESSAGE_LENGTH_MEDIAN(10, "MESSAGE_LENGTH_MEDIAN", 15, "MESSAGE_LENGTH_MEDIAN_FOR_CHANNEL_ID", MEDIAN, Metric.USER_MESSAGE_LENGTH),
    INTENT_HITS(11, "INTENT_HITS", 7, "INTENT_HITS_FOR_CHANNEL_ID", DISTRIBUTION, Metric.INTENTS),
    INTENT_SCORE_MEDIAN(12, "INTENT_SCORE_MEDIAN", 8, "INTENT_SCORE_MEDIAN_FOR_CHANNEL_ID", MEDIAN, Metric.INTENT_SCORE),
    INTENT_COUNT(13, "INTENT_COUNT", 6, "INTENT_COUNT_FOR_CHANNEL_ID", COUNT, Metric.INTENTS, DISTINCT),
    INTERACTION_COUNT(14, "INTERACTION_COUNT", 9, "INTERACTION_COUNT_FOR_CHANNEL_ID", COUNT, Metric.INTERACTIONS),
    INTERACTION_COUNT_INTERVAL(15, "INTERACTION_COUNT_INTERVAL", 10, "INTERACTION_COUNT_INTERVAL_FOR_CHANNEL_ID", INTERVAL, Metric.INTERACTIONS),
    INTERACTION_COUNT_PERIODIC_TREND(16, "INTERACTION_COUNT_PERIODIC_TREND", 11, "INTERACTION_COUNT_PERIODIC_TREND_FOR_CHANNEL_ID", TREND, Metric.INTERACTIONS),
    CALL_DURATION_TOTAL(null, null, 16, "CALL_DURATION_TOTAL", COUNT, Metric.CALL_SECONDS, SECONDS, CALLS),
    CALL_DURATION_PERIODIC_TREND(null, null, 17, "CALL_DURATION_PERIODIC_TREND", TREND, Metric.CALL_SECONDS, SECONDS),
    CALL_DURATION_MEDIAN(null, null, 18, "CALL_DURATION_MEDIAN", MEDIAN, Metric.CALL_DURATION),
    CALL_EXIT_STEP(null, null, 19, "CALL_EXIT_STEP", DISTRIBUTION, Metric.CALL_EXIT_STEPS),
    CALL_USER_INPUTS_MEDIAN(null, null, 20, "CALL_USER_INPUTS_MEDIAN", MEDIAN, Metric.CALL_USER_INPUTS),
    CALL_END_REASON(null, null, 21, "CALL_END_REASON", DISTRIBUTION, Metric.CALL_END_REASONS),
    CALL_TRANSFER_TARGET(null, null, 22, "CALL_TRANSFER_TARGET", DISTRIBUTION, Metric.CALL_TRANSFER_TARGETS),
    // quality KPIs (docs/quality.md): after the reference lists, in both reports
    CONTAINMENT_RATE(17, "CONTAINMENT_RATE", 23, "CONTAINMENT_RATE_FOR_CHANNEL_ID", RATE, Metric.CONTAINED_CONVERSATIONS),
    HANDOVER_RATE(18, "HANDOVER_RATE", 24, "HANDOVER_RATE_FOR_CHANNEL_ID", RATE, Metric.HANDED_OVER_CONVERSATIONS),
    UNDERSTOOD_RATE(19, "UNDERSTOOD_RATE", 25, "UNDERSTOOD_RATE_FOR_CHANNEL_ID", RATE, Metric.UNDERSTOOD_INTENTS),
    ABANDONMENT_RATE(20, "ABANDONMENT_RATE", 26, "ABANDONMENT_RATE_FOR_CHANNEL_ID", RATE, Metric.ABANDONED_CONVERSATIONS),
    GOAL_COMPLETION_RATE(21, "GOAL_COMPLETION_RATE", 27, "GOAL_COMPLETION_RATE_FOR_CHANNEL_ID", GOAL_RATES, Metric.GOALS_REACHED),
    RATING(22, "RATING", 28, "RATING_FOR_CHANNEL_ID", Shape.RATING, Metric.RATINGS);

    private final Integer overviewId;
    private final String overviewName;
    private final Integer channelId;
    private final String channelName;
    private final Shape shape;
    private final Metric metric;
    private final Set<Trait> traits;

    Component(Integer overviewId, String overviewName, Integer channelId, String channelName, Shape shape, Metric metric,
            Trait... traits) {
        this.overviewId = overviewId;
        this.overviewName = overviewName;
        this.channelId = channelId;
        this.channelName = channelName;
        this.shape = shape;
        this.metric = metric;
        this.traits = traits.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(traits[0], traits));
        if (!shape.shows(metric.kind())) {
            throw new IllegalArgumentException(name() + ": a " + shape + " cannot show a " + metric.kind() + " metric");
        }
        for (Trait t : traits) {
            if (!t.appliesTo(shape)) {
                throw new IllegalArgumentException(name() + ": a " + shape + " cannot have the trait " + t);
            }
        }
    }

    /** The ID in the overview report's list; null when the overview has no such component. */
    public Integer overviewId() {
        return overviewId;
    }

    public String overviewName() {
        return overviewName;
    }

    /** The ID in the channel report's list; null when the channel report has no such component. */
    public Integer channelId() {
        return channelId;
    }

    public String channelName() {
        return channelName;
    }

    public Shape shape() {
        return shape;
    }

    public Metric metric() {
        return metric;
    }

    public Set<Trait> traits() {
        return traits;
    }

    public boolean has(Trait t) {
        return traits.contains(t);
    }

    /** True when the values are whole counts (written rounded); false for seconds. */
    public boolean integral() {
        return !has(SECONDS);
    }
}
