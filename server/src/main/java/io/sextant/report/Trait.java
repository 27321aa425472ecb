package io.sextant.report;

import io.sextant.event.Direction;
import io.sextant.store.Metric;
import io.sextant.store.ReportData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a component's answer differs from the plain form of its {@link Shape}, declared per component
 * in the {@link Component} registry. A trait either adds a field to the answer (its {@link #field},
 * after the shape's own fields, in the order of this enum) or changes how its numbers are written.
 * The service computes the answer from these, and the OpenAPI document describes them from these.
 */
public enum Trait {
    /** A count adds the count per message direction: {@code {"user", "bot", "agent"}} (every {@link Direction}). */
    BY_DIRECTION(Shape.COUNT, "byDirection", null),
    /** A count of a distribution adds the number of distinct keys among its events. */
    DISTINCT(Shape.COUNT, "distinct", "distinct intents among the hits"),
    /** A count of a series adds the number of events behind its value. */
    CALLS(Shape.COUNT, "calls", "the number of calls"),
    /** Each item of a distribution carries its {@code label} (maybe null). */
    LABELS(Shape.DISTRIBUTION, "label", "the latest stepName of the step, null if none"),
    /** The values are seconds, written as they are (maybe fractional), not rounded to whole counts. */
    SECONDS(null, null, null);

    private final Shape shape;
    private final String field;
    private final String description;

    Trait(Shape shape, String field, String description) {
        this.shape = shape;
        this.field = field;
        this.description = description;
    }

    /** The shape whose answer this trait adds a field to; null for {@link #SECONDS}, which any series shape may have. */
    public Shape shape() {
        return shape;
    }

    /** The JSON field this trait adds; null for {@link #SECONDS}. */
    public String field() {
        return field;
    }

    /** What the added field holds, for the OpenAPI document; null where its schema says it. */
    public String description() {
        return description;
    }

    /** True when a component of {@code shape} may have this trait. */
    public boolean appliesTo(Shape s) {
        return this == SECONDS ? s == Shape.COUNT || s == Shape.INTERVAL || s == Shape.TREND : s == shape;
    }

    /** The traits that add a field to a count, in the order the fields are written. */
    public static final List<Trait> COUNT_EXTRAS = List.of(BY_DIRECTION, DISTINCT, CALLS);

    /** The value of the field this trait adds to the count of {@code m}. */
    Object countExtra(Metric m, ReportData data) {
        return switch (this) {
            case BY_DIRECTION -> {
                Map<String, Long> byKey = data.series().get(m).byKey();
                Map<String, Long> byDirection = new LinkedHashMap<>();
                for (Direction d : Direction.values()) {
                    byDirection.put(d.wireName(), byKey.getOrDefault(d.wireName(), 0L));
                }
                yield byDirection;
            }
            case DISTINCT -> (long) data.distributions().get(m).size();
            case CALLS -> data.series().get(m).events();
            case LABELS, SECONDS -> throw new IllegalStateException(this + " adds nothing to a count");
        };
    }
}
