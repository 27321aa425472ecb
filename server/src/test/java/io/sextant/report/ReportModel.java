package io.sextant.report;

import io.sextant.api.Instants;
import io.sextant.event.Direction;
import io.sextant.event.EventType;
import io.sextant.stats.Percentile;
import io.sextant.support.Api;
import io.sextant.support.LoggedEvent;
import io.sextant.support.ReferenceModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The expected report answer, computed by brute force from the {@link ReferenceModel} of the
 * accepted events: each component's definition of SPEC §3 spelled out over plain lists.
 */
final class ReportModel {

    private final ReferenceModel all;
    private final ReferenceModel labels;
    private final Map<String, String> channelTypes;
    private final Map<String, ReferenceModel> byChannel = new HashMap<>();
    private List<String> fallbackIntents = List.of();
    private double understoodThreshold = 0.0;

    /**
     * @param chatbot the chatbot's accepted events
     * @param channelTypes the type of every channel of the chatbot (auto-registered ones: "unknown")
     */
    ReportModel(ReferenceModel chatbot, Map<String, String> channelTypes) {
        this(chatbot, channelTypes, chatbot);
    }

    /**
     * The report of a segment: {@code events} are those of its conversations, while a step's label
     * stays the chatbot's (its latest name in {@code chatbot}, whoever's conversation named it).
     */
    ReportModel(ReferenceModel events, Map<String, String> channelTypes, ReferenceModel chatbot) {
        this.all = events;
        this.labels = chatbot;
        this.channelTypes = channelTypes;
    }

    /** What counts as understood from now on: the chatbot's settings as last PUT (the defaults until then). */
    void understanding(List<String> fallbackIntents, double understoodThreshold) {
        this.fallbackIntents = List.copyOf(fallbackIntents);
        this.understoodThreshold = understoodThreshold;
    }

    ObjectNode expected(ReportKind kind, String chatbotId, String channelId, TimeWindow w, Collection<Component> components) {
        ReferenceModel m = channelId == null ? all : byChannel.computeIfAbsent(channelId, all::channel);
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("chatbotId", chatbotId);
        if (channelId != null) {
            root.put("channelId", channelId);
        }
        root.put("from", Instants.format(w.from()));
        root.put("to", Instants.format(w.to()));
        root.put("interval", w.interval().seconds());
        w.zone().ifPresent(z -> root.put("timezone", z.getId()));
        ObjectNode comps = root.putObject("components");
        for (Component c : components) {
            comps.set(kind.name(c), component(m, c, kind.id(c), w));
        }
        return root;
    }

    private ObjectNode component(ReferenceModel m, Component c, int id, TimeWindow w) {
        long from = w.from();
        long to = w.to();
        long pFrom = w.previousFrom();
        long pTo = w.previousTo();
        ObjectNode n = Api.JSON.createObjectNode();
        n.put("id", id);
        switch (c) {
            case STEP_EXEC_COUNT -> {
                List<LoggedEvent> steps = m.in(from, to, EventType.STEP);
                // the label is the chatbot's: its latest name for the step on any channel (SPEC §3)
                distribution(n, ReferenceModel.countBy(steps, e -> e.step().stepId()), stepId -> labels.of(EventType.STEP).stream()
                        .filter(e -> e.step().stepId().equals(stepId) && e.step().stepName() != null)
                        .max(LoggedEvent.TIME_ORDER).map(e -> e.step().stepName()).orElse(null));
            }
            case CONVERSATION_COUNT -> n.put("value", m.conversationsStartedIn(from, to).size());
            case CONVERSATION_COUNT_INTERVAL -> interval(n, w, (a, b) -> (double) m.conversationsStartedIn(a, b).size(), true);
            case CONVERSATION_COUNT_PERIODIC_TREND -> trend(n, m.conversationsStartedIn(from, to).size(),
                    m.conversationsStartedIn(pFrom, pTo).size(), w, true);
            case CONVERSATION_LANGUAGES -> {
                Map<String, Long> counts = new HashMap<>();
                for (String conv : m.conversationsStartedIn(from, to).keySet()) {
                    counts.merge(m.language(conv).orElse("unknown"), 1L, Long::sum);
                }
                distribution(n, counts, null);
            }
            case CONVERSATION_BY_CHANNEL_TYPE -> {
                Map<String, Long> counts = new HashMap<>();
                for (LoggedEvent start : m.conversationsStartedIn(from, to).values()) {
                    counts.merge(channelTypes.getOrDefault(start.channelId(), "unknown"), 1L, Long::sum);
                }
                distribution(n, counts, null);
            }
            case CONVERSATION_MESSAGE_COUNT_MEDIAN -> {
                List<LoggedEvent> messages = m.in(from, to, EventType.MESSAGE);
                List<Long> samples = new ArrayList<>();
                for (String conv : m.conversationsStartedIn(from, to).keySet()) {
                    samples.add(messages.stream().filter(e -> e.conversationId().equals(conv)).count());
                }
                median(n, samples);
            }
            case MESSAGE_COUNT -> {
                List<LoggedEvent> messages = m.in(from, to, EventType.MESSAGE);
                n.put("value", messages.size());
                ObjectNode by = n.putObject("byDirection");
                for (Direction d : Direction.values()) {
                    by.put(d.wireName(), messages.stream().filter(e -> e.message().direction() == d).count());
                }
            }
            case MESSAGE_COUNT_INTERVAL -> interval(n, w, (a, b) -> (double) m.in(a, b, EventType.MESSAGE).size(), true);
            case MESSAGE_COUNT_PERIODIC_TREND -> trend(n, m.in(from, to, EventType.MESSAGE).size(),
                    m.in(pFrom, pTo, EventType.MESSAGE).size(), w, true);
            case MESSAGE_LENGTH_MEDIAN -> median(n, m.in(from, to, EventType.MESSAGE).stream()
                    .filter(e -> e.message().direction() == Direction.USER).map(e -> e.message().length()).toList());
            case INTENT_HITS -> distribution(n, ReferenceModel.countBy(m.in(from, to, EventType.INTENT), e -> e.intent().intent()), null);
            case INTENT_SCORE_MEDIAN -> median(n, m.in(from, to, EventType.INTENT).stream().map(e -> e.intent().score()).toList());
            case INTENT_COUNT -> {
                List<LoggedEvent> intents = m.in(from, to, EventType.INTENT);
                n.put("value", intents.size());
                n.put("distinct", intents.stream().map(e -> e.intent().intent()).distinct().count());
            }
            case INTERACTION_COUNT -> n.put("value", m.in(from, to, EventType.INTERACTION).size());
            case INTERACTION_COUNT_INTERVAL -> interval(n, w, (a, b) -> (double) m.in(a, b, EventType.INTERACTION).size(), true);
            case INTERACTION_COUNT_PERIODIC_TREND -> trend(n, m.in(from, to, EventType.INTERACTION).size(),
                    m.in(pFrom, pTo, EventType.INTERACTION).size(), w, true);
            case CALL_DURATION_TOTAL -> {
                List<LoggedEvent> calls = m.in(from, to, EventType.CALL_ENDED);
                n.put("value", seconds(calls));
                n.put("calls", calls.size());
            }
            case CALL_DURATION_PERIODIC_TREND -> trend(n, seconds(m.in(from, to, EventType.CALL_ENDED)),
                    seconds(m.in(pFrom, pTo, EventType.CALL_ENDED)), w, false);
            case CALL_DURATION_MEDIAN -> median(n, m.in(from, to, EventType.CALL_ENDED).stream().map(e -> e.call().durationSeconds()).toList());
            case CALL_EXIT_STEP -> distribution(n, ReferenceModel.countBy(m.in(from, to, EventType.CALL_ENDED), e -> e.call().exitStep()), null);
            case CALL_USER_INPUTS_MEDIAN -> median(n, m.in(from, to, EventType.CALL_ENDED).stream().map(e -> e.call().userInputs()).toList());
            case CALL_END_REASON -> distribution(n, ReferenceModel.countBy(m.in(from, to, EventType.CALL_ENDED), e -> e.call().endReason()), null);
            case CALL_TRANSFER_TARGET -> distribution(n, ReferenceModel.countBy(m.in(from, to, EventType.CALL_ENDED).stream()
                    .filter(e -> e.call().transferTarget() != null).toList(), e -> e.call().transferTarget()), null);
            case CONTAINMENT_RATE -> {
                java.util.Set<String> handedOver = handedOver(m);
                conversationRate(n, m, w, conv -> !handedOver.contains(conv));
            }
            case HANDOVER_RATE -> conversationRate(n, m, w, handedOver(m)::contains);
            case ABANDONMENT_RATE -> {
                Map<String, Long> userMessages = ReferenceModel.countBy(m.of(EventType.MESSAGE).stream()
                        .filter(e -> e.message().direction() == Direction.USER).toList(), LoggedEvent::conversationId);
                conversationRate(n, m, w, conv -> userMessages.getOrDefault(conv, 0L) <= 1);
            }
            case UNDERSTOOD_RATE -> {
                List<LoggedEvent> now = m.in(from, to, EventType.INTENT);
                List<LoggedEvent> before = m.in(pFrom, pTo, EventType.INTENT);
                rate(n, now.stream().filter(this::understood).count(), now.size(),
                        before.stream().filter(this::understood).count(), before.size(), w);
            }
            case GOAL_COMPLETION_RATE -> goalRates(n, m, w);
            case RATING -> rating(n, m.in(from, to, EventType.RATING), m.in(pFrom, pTo, EventType.RATING), w);
        }
        return n;
    }

    // ---- quality KPIs (docs/quality.md), literally

    /** The conversations with an {@code inbox.opened} event, whenever sent. */
    private static java.util.Set<String> handedOver(ReferenceModel m) {
        return m.of(EventType.INBOX_OPENED).stream().map(LoggedEvent::conversationId).collect(java.util.stream.Collectors.toSet());
    }

    private boolean understood(LoggedEvent intent) {
        return !fallbackIntents.contains(intent.intent().intent()) && intent.intent().score() >= understoodThreshold;
    }

    /** Of the conversations started in W (P), those {@code counted}. */
    private static void conversationRate(ObjectNode n, ReferenceModel m, TimeWindow w, java.util.function.Predicate<String> counted) {
        var now = m.conversationsStartedIn(w.from(), w.to()).keySet();
        var before = m.conversationsStartedIn(w.previousFrom(), w.previousTo()).keySet();
        rate(n, now.stream().filter(counted).count(), now.size(), before.stream().filter(counted).count(), before.size(), w);
    }

    private static void rate(ObjectNode n, long count, long total, long previousCount, long previousTotal, TimeWindow w) {
        BigDecimal value = ratio(count, total);
        BigDecimal previous = ratio(previousCount, previousTotal);
        put(n, "value", value);
        n.put("count", count);
        n.put("total", total);
        ObjectNode p = n.putObject("previous");
        put(p, "value", previous);
        p.put("count", previousCount);
        p.put("total", previousTotal);
        put(n, "change", value == null || previous == null ? null : value.subtract(previous));
        n.put("previousFrom", Instants.format(w.previousFrom()));
        n.put("previousTo", Instants.format(w.previousTo()));
    }

    private static void goalRates(ObjectNode n, ReferenceModel m, TimeWindow w) {
        var now = m.conversationsStartedIn(w.from(), w.to()).keySet();
        var before = m.conversationsStartedIn(w.previousFrom(), w.previousTo()).keySet();
        Map<String, Long> counts = new HashMap<>();
        Map<String, Long> previousCounts = new HashMap<>();
        java.util.Set<String> goals = new java.util.TreeSet<>();
        Map<String, java.util.Set<String>> reachedBy = new HashMap<>(); // conversation -> the goals of its goal events
        for (LoggedEvent g : m.of(EventType.GOAL)) {
            goals.add(g.goal().goalId());
            reachedBy.computeIfAbsent(g.conversationId(), k -> new java.util.HashSet<>()).add(g.goal().goalId());
        }
        for (String goal : goals) {
            java.util.function.Predicate<String> reached = conv -> reachedBy.getOrDefault(conv, java.util.Set.of()).contains(goal);
            long c = now.stream().filter(reached).count();
            long p = before.stream().filter(reached).count();
            if (c > 0 || p > 0) {
                counts.put(goal, c);
                previousCounts.put(goal, p);
            }
        }
        n.put("total", now.size());
        n.put("previousTotal", before.size());
        ArrayNode items = n.putArray("items");
        counts.keySet().stream()
                .sorted((a, b) -> counts.get(a).equals(counts.get(b)) ? a.compareTo(b) : Long.compare(counts.get(b), counts.get(a)))
                .forEach(goal -> {
                    ObjectNode o = items.addObject();
                    BigDecimal value = ratio(counts.get(goal), now.size());
                    BigDecimal previous = ratio(previousCounts.get(goal), before.size());
                    o.put("key", goal);
                    o.put("count", counts.get(goal));
                    put(o, "value", value);
                    o.put("previousCount", previousCounts.get(goal));
                    put(o, "previousValue", previous);
                    put(o, "change", value == null || previous == null ? null : value.subtract(previous));
                });
        n.put("previousFrom", Instants.format(w.previousFrom()));
        n.put("previousTo", Instants.format(w.previousTo()));
    }

    private static void rating(ObjectNode n, List<LoggedEvent> now, List<LoggedEvent> before, TimeWindow w) {
        List<Integer> scores = now.stream().map(e -> e.rating().score()).filter(java.util.Objects::nonNull).toList();
        List<Integer> previousScores = before.stream().map(e -> e.rating().score()).filter(java.util.Objects::nonNull).toList();
        BigDecimal average = average(scores);
        BigDecimal previous = average(previousScores);
        put(n, "average", average);
        n.put("count", scores.size());
        ObjectNode perScore = n.putObject("scores");
        for (int s = 1; s <= 5; s++) {
            int score = s;
            perScore.put(String.valueOf(s), scores.stream().filter(x -> x == score).count());
        }
        ObjectNode thumbs = n.putObject("thumbs");
        thumbs.put("up", now.stream().filter(e -> e.rating().thumbs() == io.sextant.event.Event.Thumbs.UP).count());
        thumbs.put("down", now.stream().filter(e -> e.rating().thumbs() == io.sextant.event.Event.Thumbs.DOWN).count());
        ObjectNode p = n.putObject("previous");
        put(p, "average", previous);
        p.put("count", previousScores.size());
        put(n, "change", average == null || previous == null ? null : average.subtract(previous));
        n.put("previousFrom", Instants.format(w.previousFrom()));
        n.put("previousTo", Instants.format(w.previousTo()));
    }

    private static BigDecimal average(List<Integer> scores) {
        return ratio(scores.stream().mapToLong(Integer::longValue).sum(), scores.size());
    }

    /** a / b half-up to 4 decimals; null when b is 0. */
    private static BigDecimal ratio(long a, long b) {
        return b == 0 ? null : BigDecimal.valueOf(a).divide(BigDecimal.valueOf(b), 4, RoundingMode.HALF_UP);
    }

    private static void put(ObjectNode n, String field, BigDecimal v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v.doubleValue());
        }
    }

    private static double seconds(List<LoggedEvent> calls) {
        return calls.stream().map(e -> BigDecimal.valueOf(e.call().durationSeconds())).reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue();
    }

    private static void interval(ObjectNode n, TimeWindow w, java.util.function.BiFunction<Long, Long, Double> value, boolean integral) {
        ArrayNode buckets = n.putArray("buckets");
        for (TimeWindow.Bucket b : w.buckets()) {
            ObjectNode o = buckets.addObject();
            o.put("start", Instants.format(b.start()));
            o.put("end", Instants.format(b.end()));
            double v = value.apply(b.start(), b.end());
            if (integral) {
                o.put("value", (long) v);
            } else {
                o.put("value", v);
            }
        }
    }

    private static void trend(ObjectNode n, double current, double previous, TimeWindow w, boolean integral) {
        if (integral) {
            n.put("current", (long) current);
            n.put("previous", (long) previous);
        } else {
            n.put("current", current);
            n.put("previous", previous);
        }
        if (previous == 0) {
            n.putNull("change");
        } else {
            n.put("change", (current - previous) / previous);
        }
        n.put("previousFrom", Instants.format(w.previousFrom()));
        n.put("previousTo", Instants.format(w.previousTo()));
    }

    private static void median(ObjectNode n, List<? extends Number> samples) {
        Double median = Percentile.median(samples);
        if (median != null) {
            n.put("value", median);
        } else {
            n.putNull("value");
        }
        n.put("samples", samples.size());
    }

    /** Sorted by count descending, then key; share half-up to 4 decimals; a {@code label} (maybe null) when {@code label} is given. */
    private static void distribution(ObjectNode n, Map<String, Long> counts, Function<String, String> label) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        n.put("total", total);
        ArrayNode items = n.putArray("items");
        counts.entrySet().stream()
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> {
                    ObjectNode o = items.addObject();
                    o.put("key", e.getKey());
                    o.put("count", e.getValue());
                    o.put("share", new BigDecimal(e.getValue()).divide(new BigDecimal(total), 4, RoundingMode.HALF_UP).doubleValue());
                    if (label != null) {
                        o.put("label", label.apply(e.getKey()));
                    }
                });
    }
}
