package io.sextant.report;

import io.sextant.store.Metric;
import io.sextant.store.Metric.Part;
import java.util.Set;

/** The form of a component's answer (SPEC §3). */
public enum Shape {
    /** {@code {"id", "value"}} (plus extras of some components). */
    COUNT(Set.of(Part.TOTAL)),
    /** {@code {"id", "buckets": [{"start", "end", "value"}]}}. */
    INTERVAL(Set.of(Part.BUCKETS)),
    /** {@code {"id", "current", "previous", "change", "previousFrom", "previousTo"}}. */
    TREND(Set.of(Part.TOTAL, Part.PREVIOUS)),
    /** {@code {"id", "value", "samples"}}. */
    MEDIAN(Set.of()),
    /** {@code {"id", "total", "items": [{"key", "count", "share"}]}}. */
    DISTRIBUTION(Set.of()),
    /** {@code {"id", "value", "count", "total", "previous": {"value", "count", "total"}, "change", "previousFrom", "previousTo"}}. */
    RATE(Set.of()),
    /**
     * {@code {"id", "total", "previousTotal", "items": [{"key", "count", "value", "previousCount",
     * "previousValue", "change"}], "previousFrom", "previousTo"}}.
     */
    GOAL_RATES(Set.of()),
    /**
     * {@code {"id", "average", "count", "scores": {"1".."5"}, "thumbs": {"up", "down"},
     * "previous": {"average", "count"}, "change", "previousFrom", "previousTo"}}.
     */
    RATING(Set.of());

    private final Set<Part> seriesParts;

    Shape(Set<Part> seriesParts) {
        this.seriesParts = seriesParts;
    }

    /** Whether a component of this shape can show a metric of {@code kind}. */
    public boolean shows(Metric.Kind kind) {
        return switch (this) {
            case COUNT -> kind == Metric.Kind.SERIES || kind == Metric.Kind.DISTRIBUTION;
            case INTERVAL, TREND -> kind == Metric.Kind.SERIES;
            case MEDIAN -> kind == Metric.Kind.SAMPLES;
            case DISTRIBUTION -> kind == Metric.Kind.DISTRIBUTION;
            case RATE -> kind == Metric.Kind.RATE;
            case GOAL_RATES -> kind == Metric.Kind.GOAL_RATES;
            case RATING -> kind == Metric.Kind.RATINGS;
        };
    }

    /** For a series metric: the parts this shape shows. */
    public Set<Part> seriesParts() {
        return seriesParts;
    }
}
