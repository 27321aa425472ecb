package io.sextant.store;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One report computation: the chatbot (and optionally one channel), the window W = [from, to], the
 * previous period P = [previousFrom, from − 1 ms], the bucket starts of W, and the metrics wanted
 * (for series, which parts), and the segment whose conversations' events alone count. Times are
 * epoch milliseconds.
 *
 * @param channelId null for all channels
 * @param bucketStarts ascending; the first is {@code from}, the last bucket ends at {@code to}
 * @param segment every metric, in every period, counts only the events of its conversations
 */
public record ReportQuery(String chatbotId, String channelId, long from, long to, long previousFrom,
        List<Long> bucketStarts, Map<Metric, Set<Metric.Part>> metrics, Segment segment) {

    /** A query over every conversation. */
    public ReportQuery(String chatbotId, String channelId, long from, long to, long previousFrom,
            List<Long> bucketStarts, Map<Metric, Set<Metric.Part>> metrics) {
        this(chatbotId, channelId, from, to, previousFrom, bucketStarts, metrics, Segment.ALL);
    }

    public ReportQuery {
        Objects.requireNonNull(chatbotId);
        Objects.requireNonNull(segment);
        bucketStarts = List.copyOf(bucketStarts);
        if (bucketStarts.isEmpty() || bucketStarts.getFirst() != from) {
            throw new IllegalArgumentException("the first bucket must start at from");
        }
        Map<Metric, Set<Metric.Part>> copy = new EnumMap<>(Metric.class);
        metrics.forEach((m, parts) -> copy.put(m, parts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(parts))));
        metrics = Map.copyOf(copy);
    }

    public boolean wants(Metric m) {
        return metrics.containsKey(m);
    }

    public boolean wants(Metric m, Metric.Part part) {
        return metrics.getOrDefault(m, Set.of()).contains(part);
    }
}
