package io.sextant.store.clickhouse;

import io.sextant.store.Channel;
import io.sextant.store.Segment;
import io.sextant.store.Segment.Condition;
import io.sextant.store.Segment.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Segment} in ClickHouse's SQL: the condition ({@link #restrict}) that every read of
 * events adds, so that only the events of the segment's conversations count; the twin of the DuckDB
 * store's {@code SegmentSql}, with subqueries instead of a CTE (18.16 has no {@code WITH} of
 * subqueries).
 *
 * <p>Each condition is a set of conversation ids: the ids of a relation {@code (conversation_id, v)}
 * over the chatbot's rows of {@code events_local} ({@code segment-*.sql}), those whose {@code v} is
 * the bound value. A condition either keeps its set (language, channel, intent, …) or leaves it out
 * ({@code handover:no}, {@code goalReached:no}, and {@code language:unknown}, which leaves out the
 * conversations with a language other than {@code unknown}). With a kept set, the segment is the
 * first kept set narrowed by the others and without the left-out ones; with only left-out sets, an
 * event counts when its conversation is in none of them. Every value is named ({@link NamedSql});
 * names only come from the condition's place. A channel type is looked up among the chatbot's
 * channels, bound as {@code :channelIds} and {@code :channelTypes} ({@link #bindChannels}).
 */
final class SegmentSql {

    /** Every conversation: no condition. */
    static final SegmentSql ALL = new SegmentSql(List.of(), List.of(), Map.of(), false);

    private final List<String> kept;
    private final List<String> left;
    private final Map<String, Object> values;
    private final boolean needsChannels;

    private SegmentSql(List<String> kept, List<String> left, Map<String, Object> values, boolean needsChannels) {
        this.kept = List.copyOf(kept);
        this.left = List.copyOf(left);
        this.values = Map.copyOf(values);
        this.needsChannels = needsChannels;
    }

    static SegmentSql of(Segment segment) {
        if (segment.isAll()) {
            return ALL;
        }
        Map<String, Object> values = new HashMap<>();
        List<String> kept = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<Condition> conditions = segment.conditions();
        for (int i = 0; i < conditions.size(); i++) {
            Condition c = conditions.get(i);
            String name = "segment" + i;
            boolean keeps = true;
            String ids;
            switch (c.kind()) {
                case LANGUAGE -> {
                    values.put(name, c.value());
                    // unknown: no language, or literally 'unknown' (CONVERSATION_LANGUAGES merges them)
                    keeps = !c.value().equals("unknown");
                    ids = ids("segment-language", Map.of(), keeps ? "v = :" + name : "v != :" + name);
                }
                case CHANNEL -> ids = compared("segment-channel", Map.of(), c, name, values);
                case CHANNEL_TYPE -> ids = compared("segment-channel-type", Map.of(), c, name, values);
                case INTENT -> ids = compared("segment-intent", Map.of(), c, name, values);
                case GOAL -> ids = compared("segment-goal", Map.of(), c, name, values);
                case RATING -> ids = compared("segment-rating", Map.of(), c, name, values);
                case ATTRIBUTE -> {
                    values.put(name + "Key", c.attribute());
                    ids = compared("segment-attribute", Map.of("key", ":" + name + "Key"), c, name, values);
                }
                case HANDOVER -> {
                    keeps = !c.no();
                    ids = ids("segment-handover", Map.of(), null);
                }
                case GOAL_REACHED -> {
                    keeps = !c.no();
                    ids = ids("segment-goal", Map.of(), null);
                }
                default -> throw new IllegalStateException("no SQL for " + c.kind());
            }
            (keeps ? kept : left).add(ids);
        }
        boolean channels = conditions.stream().anyMatch(c -> c.kind() == Kind.CHANNEL_TYPE);
        return new SegmentSql(kept, left, values, channels);
    }

    private static String compared(String relation, Map<String, String> slots, Condition c, String name, Map<String, Object> values) {
        values.put(name, c.value());
        return ids(relation, slots, "v = :" + name);
    }

    /** The ids of the relation's rows that meet {@code where} (all rows when null). */
    private static String ids(String relation, Map<String, String> slots, String where) {
        return "SELECT conversation_id FROM (" + SqlResource.load(relation, slots) + ")" + (where == null ? "" : " WHERE " + where);
    }

    boolean isAll() {
        return kept.isEmpty() && left.isEmpty();
    }

    /** {@code " AND <column> IN (…)"}: what a read of events adds to keep the segment's conversations; empty for {@link #ALL}. */
    String restrict(String column) {
        if (isAll()) {
            return "";
        }
        if (kept.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            left.forEach(l -> sb.append(" AND ").append(column).append(" NOT IN (").append(l).append(")"));
            return sb.toString();
        }
        List<String> narrowing = new ArrayList<>();
        kept.subList(1, kept.size()).forEach(k -> narrowing.add("conversation_id IN (" + k + ")"));
        left.forEach(l -> narrowing.add("conversation_id NOT IN (" + l + ")"));
        return " AND " + column + " IN (SELECT conversation_id FROM (" + kept.getFirst() + ")"
                + (narrowing.isEmpty() ? "" : " WHERE " + String.join(" AND ", narrowing)) + ")";
    }

    /** Whether its SQL looks up channel types: then {@link #bindChannels} must bind the chatbot's channels. */
    boolean needsChannels() {
        return needsChannels;
    }

    /** Adds its values to {@code into}. */
    void bind(Map<String, Object> into) {
        into.putAll(values);
    }

    /** Binds the chatbot's channels as {@code :channelIds} and {@code :channelTypes}, in one order. */
    static void bindChannels(List<Channel> channels, Map<String, Object> into) {
        into.put("channelIds", channels.stream().map(Channel::id).toList());
        into.put("channelTypes", channels.stream().map(Channel::type).toList());
    }
}
