package io.sextant.store;

import java.util.List;
import java.util.Map;

/** The answers to a {@link ReportQuery}: one entry per metric it asked for. */
public record ReportData(Map<Metric, Series> series, Map<Metric, List<Item>> distributions, Map<Metric, Samples> samples) {

    public ReportData {
        series = Map.copyOf(series);
        distributions = Map.copyOf(distributions);
        samples = Map.copyOf(samples);
    }

    /**
     * A series metric.
     *
     * @param total the value over W (a count, or the sum for {@link Metric#CALL_SECONDS})
     * @param events the number of events behind {@code total}
     * @param byKey events in W per direction, for {@link Metric#MESSAGES}; empty otherwise
     * @param buckets the value per bucket of W, in bucket order, when asked for; empty otherwise
     * @param previous the value over the previous period, when asked for; 0 otherwise
     */
    public record Series(double total, long events, Map<String, Long> byKey, List<Double> buckets, double previous) {
        public Series {
            byKey = Map.copyOf(byKey);
            buckets = List.copyOf(buckets);
        }
    }

    /** One key of a distribution; {@code key} null when the events have none; {@code label} only for steps. */
    public record Item(String key, long count, String label) {}

    /** The median (linear interpolation at 0.5·(n−1)) of {@code count} samples; null without samples. */
    public record Samples(Double median, long count) {}
}
