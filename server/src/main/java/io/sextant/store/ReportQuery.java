package io.sextant.store;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One report computation: the chatbot (and optionally one channel), the window W = [from, to], the
 * previous period P = [previousFrom, from − 1 ms], the bucket starts of W, the metrics wanted
 * (for series, which parts), what counts as understood, and the segment whose conversations' events
 * alone count. Times are epoch milliseconds.
 *
 * @param channelId null for all channels
 * @param bucketStarts ascending; the first is {@code from}, the last bucket ends at {@code to}
 * @param understanding what {@link Metric#UNDERSTOOD_INTENTS} counts: the chatbot's settings, read by
 *        the caller (the store never reads settings); {@link Understanding#DEFAULT} when that metric
 *        is not wanted, so that queries which do not depend on the settings are equal whatever they are
 * @param segment every metric, in every period, counts only the events of its conversations
 */
public record ReportQuery(String chatbotId, String channelId, long from, long to, long previousFrom,
        List<Long> bucketStarts, Map<Metric, Set<Metric.Part>> metrics, Understanding understanding, Segment segment) {

    /**
     * An intent event is understood when its intent is none of {@code fallbackIntents} and its score
     * is at least {@code threshold}.
     */
    public record Understanding(List<String> fallbackIntents, double threshold) {

        /** The settings' defaults: no fallback intent, threshold 0 (every intent is understood). */
        public static final Understanding DEFAULT = new Understanding(List.of(), 0.0);

        public Understanding {
            fallbackIntents = List.copyOf(fallbackIntents);
        }

        public static Understanding of(ChatbotSettings s) {
            return new Understanding(s.fallbackIntents(), s.understoodThreshold());
        }
    }

    public ReportQuery {
        Objects.requireNonNull(chatbotId);
        Objects.requireNonNull(understanding);
        Objects.requireNonNull(segment);
        bucketStarts = List.copyOf(bucketStarts);
        if (bucketStarts.isEmpty() || bucketStarts.getFirst() != from) {
            throw new IllegalArgumentException("the first bucket must start at from");
        }
        Map<Metric, Set<Metric.Part>> copy = new EnumMap<>(Metric.class);
        metrics.forEach((m, parts) -> copy.put(m, parts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(parts))));
        metrics = Map.copyOf(copy);
    }

    /** A query over every conversation. */
    public ReportQuery(String chatbotId, String channelId, long from, long to, long previousFrom,
            List<Long> bucketStarts, Map<Metric, Set<Metric.Part>> metrics, Understanding understanding) {
        this(chatbotId, channelId, from, to, previousFrom, bucketStarts, metrics, understanding, Segment.ALL);
    }

    /** A query with the default {@link Understanding}, over every conversation. */
    public ReportQuery(String chatbotId, String channelId, long from, long to, long previousFrom,
            List<Long> bucketStarts, Map<Metric, Set<Metric.Part>> metrics) {
        this(chatbotId, channelId, from, to, previousFrom, bucketStarts, metrics, Understanding.DEFAULT, Segment.ALL);
    }

    public boolean wants(Metric m) {
        return metrics.containsKey(m);
    }

    public boolean wants(Metric m, Metric.Part part) {
        return metrics.getOrDefault(m, Set.of()).contains(part);
    }

    /** Whether any wanted metric reads the previous period P. */
    public boolean readsPrevious() {
        return metrics.entrySet().stream().anyMatch(e -> e.getValue().contains(Metric.Part.PREVIOUS) || e.getKey().kind().coversPrevious());
    }
}
