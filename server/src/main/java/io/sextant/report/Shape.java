package io.sextant.report;

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
    DISTRIBUTION(Set.of());

    private final Set<Part> seriesParts;

    Shape(Set<Part> seriesParts) {
        this.seriesParts = seriesParts;
    }

    /** For a series metric: the parts this shape shows. */
    public Set<Part> seriesParts() {
        return seriesParts;
    }
}
