package io.sextant.report;

import io.sextant.api.ApiException;
import io.sextant.api.Instants;
import io.sextant.channel.ChannelService;
import io.sextant.segment.SegmentParser;
import io.sextant.store.ChatbotSettingsStore;
import io.sextant.store.Metric;
import io.sextant.store.Metric.Part;
import io.sextant.store.ReportData;
import io.sextant.store.ReportQuery;
import io.sextant.store.ReportStore;
import io.sextant.store.Segment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Answers the overview and channel reports: checks that the chatbot (and channel) exist, parses
 * the parameters (the window, the components, the segment's filters), asks the store for exactly
 * the metrics of the requested components, and shapes the answer. The understood rate depends on
 * the chatbot's settings: they are read here, at the time of the request, and handed to the store
 * in the query.
 */
@Service
public class ReportService {

    /**
     * The raw query parameters of a report request, as sent (null when absent).
     *
     * @param filters the values of every {@code filter} parameter, in order (null or empty: none)
     */
    public record Parameters(String from, String to, String interval, String components, String timezone, List<String> filters) {

        public Parameters(String from, String to, String interval, String components, String timezone) {
            this(from, to, interval, components, timezone, null);
        }
    }

    private static final String UNKNOWN = "unknown";

    private final ChannelService channels;
    private final ReportStore store;
    private final ReportCache cache;
    private final ChatbotSettingsStore settings;

    public ReportService(ChannelService channels, ReportStore store, ReportCache cache, ChatbotSettingsStore settings) {
        this.channels = channels;
        this.store = store;
        this.cache = cache;
        this.settings = settings;
    }

    /** The overview report: all channels. 404 for an unknown chatbot, then 400 for bad parameters. */
    public ReportView overview(String chatbotId, Parameters p) {
        channels.requireChatbot(chatbotId);
        return report(ReportKind.OVERVIEW, chatbotId, null, p);
    }

    /**
     * The channel report. 404 for an unknown chatbot, 400 without {@code channelId}, 404 for a
     * channel the chatbot does not have, then 400 for bad parameters.
     */
    public ReportView channel(String chatbotId, String channelId, Parameters p) {
        channels.requireChatbot(chatbotId);
        if (channelId == null || channelId.isEmpty()) {
            throw ApiException.badRequest("missing required parameter 'channelId'");
        }
        channels.require(chatbotId, channelId);
        return report(ReportKind.CHANNEL, chatbotId, channelId, p);
    }

    private ReportView report(ReportKind kind, String chatbotId, String channelId, Parameters p) {
        TimeWindow w = TimeWindow.parse(p.from(), p.to(), p.interval(), p.timezone());
        Set<Component> requested = kind.parse(p.components());
        Segment segment = SegmentParser.parse(p.filters());

        ReportQuery.Understanding understanding = requested.stream().anyMatch(c -> c.metric() == Metric.UNDERSTOOD_INTENTS)
                ? ReportQuery.Understanding.of(settings.settings(chatbotId))
                : ReportQuery.Understanding.DEFAULT;
        ReportData data = cache.get(query(chatbotId, channelId, w, requested, understanding, segment), store::compute);

        Map<Integer, ReportView.Value> byId = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        for (Component c : requested) {
            int id = kind.id(c);
            byId.put(id, value(c, id, w, data));
            names.put(id, kind.name(c));
        }
        Map<String, ReportView.Value> components = new LinkedHashMap<>();
        byId.forEach((id, v) -> components.put(names.get(id), v));
        return new ReportView(chatbotId, channelId, Instants.format(w.from()), Instants.format(w.to()),
                w.interval().seconds(), w.zone().map(ZoneId::getId).orElse(null), components);
    }

    /** What the store is asked for the {@code requested} components: their metrics, and of series the parts their shapes show. */
    public static ReportQuery query(String chatbotId, String channelId, TimeWindow w, Collection<Component> requested) {
        return query(chatbotId, channelId, w, requested, ReportQuery.Understanding.DEFAULT, Segment.ALL);
    }

    /** The same, with what counts as understood (the chatbot's settings). */
    public static ReportQuery query(String chatbotId, String channelId, TimeWindow w, Collection<Component> requested,
            ReportQuery.Understanding understanding) {
        return query(chatbotId, channelId, w, requested, understanding, Segment.ALL);
    }

    /** The same over the conversations of {@code segment} only. */
    public static ReportQuery query(String chatbotId, String channelId, TimeWindow w, Collection<Component> requested, Segment segment) {
        return query(chatbotId, channelId, w, requested, ReportQuery.Understanding.DEFAULT, segment);
    }

    /** The same with what counts as understood, over the conversations of {@code segment} only. */
    public static ReportQuery query(String chatbotId, String channelId, TimeWindow w, Collection<Component> requested,
            ReportQuery.Understanding understanding, Segment segment) {
        Map<Metric, Set<Part>> metrics = new EnumMap<>(Metric.class);
        for (Component c : requested) {
            metrics.computeIfAbsent(c.metric(), m -> EnumSet.noneOf(Part.class)).addAll(c.shape().seriesParts());
        }
        return new ReportQuery(chatbotId, channelId, w.from(), w.to(), w.previousFrom(),
                w.buckets().stream().map(TimeWindow.Bucket::start).toList(), metrics,
                metrics.containsKey(Metric.UNDERSTOOD_INTENTS) ? understanding : ReportQuery.Understanding.DEFAULT, segment);
    }

    private static ReportView.Value value(Component c, int id, TimeWindow w, ReportData data) {
        Metric m = c.metric();
        return switch (c.shape()) {
            case COUNT -> count(c, id, data);
            case INTERVAL -> {
                ReportData.Series s = data.series().get(m);
                List<ReportView.Bucket> buckets = new ArrayList<>(w.buckets().size());
                for (int i = 0; i < w.buckets().size(); i++) {
                    TimeWindow.Bucket b = w.buckets().get(i);
                    buckets.add(new ReportView.Bucket(Instants.format(b.start()), Instants.format(b.end()), number(c, s.buckets().get(i))));
                }
                yield new ReportView.Interval(id, buckets);
            }
            case TREND -> {
                ReportData.Series s = data.series().get(m);
                Double change = s.previous() == 0 ? null : (s.total() - s.previous()) / s.previous();
                yield new ReportView.Trend(id, number(c, s.total()), number(c, s.previous()), change,
                        Instants.format(w.previousFrom()), Instants.format(w.previousTo()));
            }
            case MEDIAN -> {
                ReportData.Samples s = data.samples().get(m);
                yield new ReportView.Median(id, s.count() == 0 ? null : s.median(), s.count());
            }
            case DISTRIBUTION -> distribution(id, data.distributions().get(m), c.has(Trait.LABELS));
            case RATE -> rate(id, data.rates().get(m), w);
            case GOAL_RATES -> goalRates(id, data.goalRates().get(m), w);
            case RATING -> rating(id, data.ratings().get(m), w);
        };
    }

    /** A rate over W and P; values count / total to 4 decimals, null without a total; change of the rounded values. */
    static ReportView.Rate rate(int id, ReportData.Rate r, TimeWindow w) {
        Double value = ratio(r.count(), r.total());
        Double previous = ratio(r.previousCount(), r.previousTotal());
        return new ReportView.Rate(id, value, r.count(), r.total(), new ReportView.RatePeriod(previous, r.previousCount(), r.previousTotal()),
                change(value, previous), Instants.format(w.previousFrom()), Instants.format(w.previousTo()));
    }

    /** One item per goal reached in W or P, by count in W descending, then key ascending (String order). */
    static ReportView.GoalRates goalRates(int id, ReportData.GoalRates g, TimeWindow w) {
        Set<String> keys = new java.util.TreeSet<>(g.counts().keySet());
        keys.addAll(g.previousCounts().keySet());
        List<ReportView.GoalRate> items = keys.stream().map(k -> {
            long count = g.counts().getOrDefault(k, 0L);
            long previousCount = g.previousCounts().getOrDefault(k, 0L);
            Double value = ratio(count, g.total());
            Double previousValue = ratio(previousCount, g.previousTotal());
            return new ReportView.GoalRate(k, count, value, previousCount, previousValue, change(value, previousValue));
        }).sorted(java.util.Comparator.comparingLong(ReportView.GoalRate::count).reversed().thenComparing(ReportView.GoalRate::key))
                .toList();
        return new ReportView.GoalRates(id, g.total(), g.previousTotal(), items, Instants.format(w.previousFrom()),
                Instants.format(w.previousTo()));
    }

    /** The ratings of W: the average score to 4 decimals (null without scores), the scores and thumbs, zeros included. */
    static ReportView.Rating rating(int id, ReportData.Ratings r, TimeWindow w) {
        Map<String, Long> scores = new LinkedHashMap<>();
        for (int s = 1; s <= 5; s++) {
            scores.put(String.valueOf(s), r.scores().getOrDefault(s, 0L));
        }
        Map<String, Long> thumbs = new LinkedHashMap<>();
        thumbs.put("up", r.thumbsUp());
        thumbs.put("down", r.thumbsDown());
        long count = count(r.scores());
        long previousCount = count(r.previousScores());
        Double average = average(r.scores());
        Double previous = average(r.previousScores());
        return new ReportView.Rating(id, average, count, scores, thumbs, new ReportView.RatingPeriod(previous, previousCount),
                change(average, previous), Instants.format(w.previousFrom()), Instants.format(w.previousTo()));
    }

    private static long count(Map<Integer, Long> scores) {
        return scores.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The average of the scores, exactly (their sum over their number), rounded half-up to 4 decimals; null without scores. */
    private static Double average(Map<Integer, Long> scores) {
        long sum = 0;
        for (Map.Entry<Integer, Long> e : scores.entrySet()) {
            sum += e.getKey() * e.getValue();
        }
        return ratio(sum, count(scores));
    }

    /** a / b rounded half-up to 4 decimals; null when b is 0. */
    static Double ratio(long a, long b) {
        return b == 0 ? null : share(a, b);
    }

    /** a − b of two values of 4 decimals, exact; null when either is null. */
    static Double change(Double a, Double b) {
        return a == null || b == null ? null : BigDecimal.valueOf(a).subtract(BigDecimal.valueOf(b)).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    /** The count of a series is its total, of a distribution the sum of its items; then the fields its traits add. */
    private static ReportView.Count count(Component c, int id, ReportData data) {
        Metric m = c.metric();
        Number value = m.kind() == Metric.Kind.DISTRIBUTION
                ? (Number) data.distributions().get(m).stream().mapToLong(ReportData.Item::count).sum()
                : number(c, data.series().get(m).total());
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Trait t : Trait.COUNT_EXTRAS) {
            if (c.has(t)) {
                extras.put(t.field(), t.countExtra(m, data));
            }
        }
        return new ReportView.Count(id, value, extras);
    }

    /** Counts as whole numbers, seconds as they are. */
    private static Number number(Component c, double v) {
        return c.integral() ? (Number) Math.round(v) : (Number) v;
    }

    /**
     * Items sorted by count descending, then key ascending (String order); a missing key counts as
     * "unknown" (merged with a literal "unknown"); share = count / total, rounded half-up to 4 decimals.
     */
    static ReportView.Distribution distribution(int id, List<ReportData.Item> raw, boolean labelled) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (ReportData.Item it : raw) {
            String key = it.key() == null ? UNKNOWN : it.key();
            counts.merge(key, it.count(), Long::sum);
            if (it.label() != null) {
                labels.put(key, it.label());
            }
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<ReportView.Item> items = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> labelled
                        ? (ReportView.Item) new ReportView.LabelledItem(e.getKey(), e.getValue(), share(e.getValue(), total), labels.get(e.getKey()))
                        : new ReportView.KeyItem(e.getKey(), e.getValue(), share(e.getValue(), total)))
                .toList();
        return new ReportView.Distribution(id, total, items);
    }

    static double share(long count, long total) {
        return BigDecimal.valueOf(count).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP).doubleValue();
    }

}
