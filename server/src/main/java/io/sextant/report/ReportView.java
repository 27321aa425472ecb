package io.sextant.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON answer of a report (SPEC §3). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"chatbotId", "channelId", "from", "to", "interval", "timezone", "components"})
public record ReportView(String chatbotId, String channelId, String from, String to, int interval, String timezone,
        Map<String, Value> components) {

    /** One component's answer; its JSON shape is given by {@link Shape}. */
    public sealed interface Value permits Count, Interval, Trend, Median, Distribution, Rate, GoalRates, Rating {}

    /** count: {@code value}, then the fields the component's {@link Trait}s add (e.g. {@code byDirection}), in their order. */
    public record Count(int id, Number value, @JsonAnyGetter Map<String, Object> extras) implements Value {
        public Count {
            extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        }
    }

    public record Interval(int id, List<Bucket> buckets) implements Value {}

    public record Bucket(String start, String end, Number value) {}

    /** {@code change} is null when {@code previous} is 0. */
    public record Trend(int id, Number current, Number previous, Double change, String previousFrom, String previousTo) implements Value {}

    /** {@code value} is null without samples. */
    public record Median(int id, Double value, long samples) implements Value {}

    public record Distribution(int id, long total, List<Item> items) implements Value {}

    /** An item of a distribution; {@code label} only for components with {@link Trait#LABELS} (then always present, maybe null). */
    public sealed interface Item permits KeyItem, LabelledItem {}

    public record KeyItem(String key, long count, double share) implements Item {}

    public record LabelledItem(String key, long count, double share, String label) implements Item {}

    /**
     * rate: {@code value} = count / total over W, rounded half-up to 4 decimals (null when total is
     * 0); the same over P in {@code previous}; {@code change} = value − previous value (null when
     * either is null).
     */
    public record Rate(int id, Double value, long count, long total, RatePeriod previous, Double change, String previousFrom,
            String previousTo) implements Value {}

    public record RatePeriod(Double value, long count, long total) {}

    /** goal rates: one item per goal reached by conversations started in W or P, by count descending, then key. */
    public record GoalRates(int id, long total, long previousTotal, List<GoalRate> items, String previousFrom, String previousTo)
            implements Value {}

    public record GoalRate(String key, long count, Double value, long previousCount, Double previousValue, Double change) {}

    /** rating: {@code scores} has the keys "1" to "5", {@code thumbs} "up" and "down", zeros included. */
    public record Rating(int id, Double average, long count, Map<String, Long> scores, Map<String, Long> thumbs,
            RatingPeriod previous, Double change, String previousFrom, String previousTo) implements Value {}

    public record RatingPeriod(Double average, long count) {}
}
