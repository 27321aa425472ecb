package io.sextant.store.duckdb;

import io.sextant.store.Segment;
import io.sextant.store.Segment.Condition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link Segment} in DuckDB's SQL: the CTE {@code segment} that a statement puts first in its
 * {@code WITH}, and the condition ({@link #restrict}) every scan of events adds, so that only the
 * events of the segment's conversations count.
 *
 * <p>Each condition is a set of conversation ids: the ids of a relation {@code (conversation_id, v)}
 * of the chatbot ({@code segment-*.sql}: the conversations rollup for a language or the start's
 * channel, the event tables of intents, hand-overs, goals, ratings and attributes), those whose
 * {@code v} is the bound value. A condition either keeps its set (language, channel, intent, …) or
 * leaves it out ({@code handover:no}, {@code goalReached:no}, and {@code language:unknown}, which
 * leaves out the conversations with a language other than {@code unknown}). With a kept set, the
 * CTE holds the segment: the first kept set, narrowed by the others and without the left-out ones.
 * With only left-out sets it holds their union, and {@link #restrict} keeps what is NOT in it, so no
 * statement ever needs the list of every conversation. Every value is bound; names only come from
 * the condition's place.
 */
final class SegmentSql {

    /** Every conversation: no CTE, no condition. */
    static final SegmentSql ALL = new SegmentSql("", false, Map.of());

    private final String definition;
    private final boolean excluding;
    private final Map<String, Object> params;

    private SegmentSql(String definition, boolean excluding, Map<String, Object> params) {
        this.definition = definition;
        this.excluding = excluding;
        this.params = Map.copyOf(params);
    }

    /** A conversation-id set of one condition, and whether the segment keeps it (or leaves it out). */
    private record Part(String sql, boolean kept) {}

    /**
     * The segment of a chatbot's conversations; its values include the chatbot's {@link ChatbotKey}
     * ({@code :chatbotKey}). Its statement binds the chatbot's id ({@code :chatbot}, the rollup
     * tables') and its number ({@code :chatbotNo}, the event tables': {@link ChatbotNumbers}).
     */
    static SegmentSql of(String chatbotId, Segment segment) {
        if (segment.isAll()) {
            return ALL;
        }
        Map<String, Object> params = new HashMap<>();
        params.put("chatbotKey", ChatbotKey.of(chatbotId));
        List<Part> parts = new ArrayList<>();
        List<Condition> conditions = segment.conditions();
        for (int i = 0; i < conditions.size(); i++) {
            parts.add(part(conditions.get(i), "segment" + i, params));
        }
        List<String> kept = parts.stream().filter(Part::kept).map(Part::sql).toList();
        List<String> left = parts.stream().filter(p -> !p.kept()).map(Part::sql).toList();
        if (kept.isEmpty()) {
            return new SegmentSql(String.join("\nUNION\n", left), true, params);
        }
        List<String> narrowing = new ArrayList<>();
        kept.subList(1, kept.size()).forEach(k -> narrowing.add("conversation_id IN (" + k + ")"));
        left.forEach(l -> narrowing.add("conversation_id NOT IN (" + l + ")"));
        return new SegmentSql("SELECT DISTINCT conversation_id FROM (" + kept.getFirst() + ")"
                + (narrowing.isEmpty() ? "" : "\nWHERE " + String.join("\n  AND ", narrowing)), false, params);
    }

    private static Part part(Condition c, String name, Map<String, Object> params) {
        return switch (c.kind()) {
            case LANGUAGE -> {
                params.put(name, c.value());
                // unknown: no language, or literally 'unknown' (CONVERSATION_LANGUAGES merges them)
                yield c.value().equals("unknown")
                        ? new Part(ids("segment-language", Map.of(), "v <> :" + name), false)
                        : new Part(ids("segment-language", Map.of(), "v = :" + name), true);
            }
            case CHANNEL -> compared("segment-channel", Map.of(), c, name, params);
            case CHANNEL_TYPE -> compared("segment-channel-type", Map.of(), c, name, params);
            case INTENT -> compared("segment-intent", Map.of(), c, name, params);
            case GOAL -> compared("segment-goal", Map.of(), c, name, params);
            case RATING -> compared("segment-rating", Map.of(), c, name, params);
            case ATTRIBUTE -> {
                params.put(name + "Key", c.attribute());
                yield compared("segment-attribute", Map.of("key", ":" + name + "Key"), c, name, params);
            }
            case HANDOVER -> new Part(ids("segment-handover", Map.of(), null), !c.no());
            case GOAL_REACHED -> new Part(ids("segment-goal", Map.of(), null), !c.no());
        };
    }

    private static Part compared(String relation, Map<String, String> slots, Condition c, String name, Map<String, Object> params) {
        params.put(name, c.value());
        return new Part(ids(relation, slots, "v = :" + name), true);
    }

    /** The ids of the relation's rows that meet {@code where} (all rows when null). */
    private static String ids(String relation, Map<String, String> slots, String where) {
        return "SELECT conversation_id FROM (\n" + indent(SqlResource.load(relation, slots)) + "\n)" + (where == null ? "" : " WHERE " + where);
    }

    private static String indent(String sql) {
        return sql.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }

    boolean isAll() {
        return definition.isEmpty();
    }

    /** The query of the CTE {@code segment}; empty for {@link #ALL}. */
    String definition() {
        return definition;
    }

    /** The CTE {@code segment AS MATERIALIZED (...)}, for a {@code WITH}; empty for {@link #ALL}. */
    String cte() {
        return isAll() ? "" : "segment AS MATERIALIZED (\n" + indent(definition) + "\n)";
    }

    /** {@code " AND <column> [NOT] IN (SELECT conversation_id FROM segment)"}: what a scan of events adds; empty for {@link #ALL}. */
    String restrict(String column) {
        return isAll() ? "" : " AND " + column + (excluding ? " NOT IN" : " IN") + " (SELECT conversation_id FROM segment)";
    }

    /** The values its names stand for. */
    Map<String, Object> params() {
        return params;
    }
}
