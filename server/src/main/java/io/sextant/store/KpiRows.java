package io.sextant.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The quality KPIs' answers ({@link ReportData.Rate}, {@link ReportData.GoalRates},
 * {@link ReportData.Ratings}) assembled from the rows an engine's statement returns for them, the
 * same for every engine: one row per period (the previous period or the window) and key.
 */
public final class KpiRows {

    /**
     * One row of a KPI's result.
     *
     * @param previous true for the previous period P, false for the window W
     * @param key a goal id or a rating ('1' to '5', 'up', 'down'); null for a period's total
     * @param count the row's conversations (or events)
     * @param counted of those, how many the rate counts (rates only; 0 otherwise)
     */
    public record Row(boolean previous, String key, long count, long counted) {}

    private KpiRows() {}

    /** A rate: per period, {@code count} is the total and {@code counted} those the rate counts. */
    public static ReportData.Rate rate(List<Row> rows) {
        long[] count = new long[2];
        long[] total = new long[2];
        for (Row r : rows) {
            int p = r.previous() ? 1 : 0;
            total[p] += r.count();
            count[p] += r.counted();
        }
        return new ReportData.Rate(count[0], total[0], count[1], total[1]);
    }

    /** Goal rates: per period, per goal id its conversations, and without a key the period's total. */
    public static ReportData.GoalRates goalRates(List<Row> rows) {
        long[] total = new long[2];
        List<Map<String, Long>> counts = List.of(new HashMap<>(), new HashMap<>());
        for (Row r : rows) {
            int p = r.previous() ? 1 : 0;
            if (r.key() == null) {
                total[p] += r.count();
            } else {
                counts.get(p).merge(r.key(), r.count(), Long::sum);
            }
        }
        return new ReportData.GoalRates(total[0], total[1], counts.get(0), counts.get(1));
    }

    /** Ratings: per period and key, a score '1' to '5', or 'up' or 'down' (thumbs of W only). */
    public static ReportData.Ratings ratings(List<Row> rows) {
        List<Map<Integer, Long>> scores = List.of(new HashMap<>(), new HashMap<>());
        long up = 0;
        long down = 0;
        for (Row r : rows) {
            switch (r.key()) {
                case "up" -> up += r.previous() ? 0 : r.count();
                case "down" -> down += r.previous() ? 0 : r.count();
                default -> scores.get(r.previous() ? 1 : 0).merge(Integer.parseInt(r.key()), r.count(), Long::sum);
            }
        }
        return new ReportData.Ratings(scores.get(0), up, down, scores.get(1));
    }
}
