package io.sextant.store;

import java.util.List;
import java.util.Map;

/** The answers to a {@link ReportQuery}: one entry per metric it asked for, in the map of its {@link Metric.Kind}. */
public record ReportData(Map<Metric, Series> series, Map<Metric, List<Item>> distributions, Map<Metric, Samples> samples,
        Map<Metric, Rate> rates, Map<Metric, GoalRates> goalRates, Map<Metric, Ratings> ratings) {

    public ReportData {
        series = Map.copyOf(series);
        distributions = Map.copyOf(distributions);
        samples = Map.copyOf(samples);
        rates = Map.copyOf(rates);
        goalRates = Map.copyOf(goalRates);
        ratings = Map.copyOf(ratings);
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

    /** A {@link Metric.Kind#RATE}: {@code count} of {@code total} in W, and the same in P. */
    public record Rate(long count, long total, long previousCount, long previousTotal) {}

    /**
     * A {@link Metric.Kind#GOAL_RATES}: of {@code total} (W) and {@code previousTotal} (P), the
     * number per goal id; a goal id is in a map only with a count above 0.
     */
    public record GoalRates(long total, long previousTotal, Map<String, Long> counts, Map<String, Long> previousCounts) {
        public GoalRates {
            counts = Map.copyOf(counts);
            previousCounts = Map.copyOf(previousCounts);
        }
    }

    /**
     * A {@link Metric.Kind#RATINGS}: the ratings in W per score (1 to 5) and per thumbs, and per
     * score in P; a key is in a map only with a count above 0.
     */
    public record Ratings(Map<Integer, Long> scores, long thumbsUp, long thumbsDown, Map<Integer, Long> previousScores) {
        public Ratings {
            scores = Map.copyOf(scores);
            previousScores = Map.copyOf(previousScores);
        }
    }
}
