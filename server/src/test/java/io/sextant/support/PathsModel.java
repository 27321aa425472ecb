package io.sextant.support;

import io.sextant.api.Instants;
import io.sextant.event.EventType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The flow paths report by brute force, straight from the words of docs/quality.md ("Flow paths"):
 * per conversation, take its step events in the window (of the channel, when given), sort them by
 * (ts, seq), cut at the first visit of {@code fromStep}, and count every step, ending and
 * consecutive pair one path at a time; an ending is a drop-off when the conversation has no
 * {@code goal} event at all (any time, any channel).
 */
public final class PathsModel {

    private final ReferenceModel chatbot;
    private final ReferenceModel labels;

    /** @param chatbot the stored events of one chatbot, all channels and all times */
    public PathsModel(ReferenceModel chatbot) {
        this(chatbot, chatbot);
    }

    /**
     * The report of a segment: {@code events} are those of its conversations, while a step's label
     * stays the chatbot's (its latest name in {@code chatbot}, whoever's conversation named it).
     */
    public PathsModel(ReferenceModel events, ReferenceModel chatbot) {
        this.chatbot = events;
        this.labels = chatbot;
    }

    /** Every conversation's path: its step ids in order, for conversations that have one. */
    public Map<String, List<String>> paths(String channelId, long from, long to, String fromStep) {
        Map<String, List<LoggedEvent>> byConversation = new HashMap<>();
        for (LoggedEvent e : chatbot.in(from, to, EventType.STEP)) {
            if (channelId == null || e.channelId().equals(channelId)) {
                byConversation.computeIfAbsent(e.conversationId(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, List<String>> paths = new HashMap<>();
        byConversation.forEach((conversation, steps) -> {
            List<String> path = new ArrayList<>(steps.stream().sorted(LoggedEvent.TIME_ORDER).map(e -> e.step().stepId()).toList());
            if (fromStep != null) {
                int first = path.indexOf(fromStep);
                if (first < 0) {
                    return;
                }
                path = new ArrayList<>(path.subList(first, path.size()));
            }
            paths.put(conversation, path);
        });
        return paths;
    }

    /** The chatbot's latest name for the step: its latest step event with that id that has one, any channel, any time. */
    public String label(String stepId) {
        return labels.of(EventType.STEP).stream()
                .filter(e -> e.step().stepId().equals(stepId) && e.step().stepName() != null)
                .max(LoggedEvent.TIME_ORDER).map(e -> e.step().stepName()).orElse(null);
    }

    /** The answer the report must give. */
    public JsonNode expected(String chatbotId, String channelId, long from, long to, String fromStep, int limit) {
        Map<String, List<String>> paths = paths(channelId, from, to, fromStep);

        Set<String> reached = new HashSet<>();
        chatbot.of(EventType.GOAL).forEach(e -> reached.add(e.conversationId()));
        Map<String, long[]> steps = new HashMap<>(); // visits, conversations, endings, drop-offs
        Map<List<String>, long[]> edges = new HashMap<>(); // count, conversations
        for (Map.Entry<String, List<String>> entry : paths.entrySet()) {
            List<String> path = entry.getValue();
            Set<String> seen = new HashSet<>();
            Set<List<String>> seenEdges = new HashSet<>();
            for (int i = 0; i < path.size(); i++) {
                long[] s = steps.computeIfAbsent(path.get(i), k -> new long[4]);
                s[0]++;
                if (seen.add(path.get(i))) {
                    s[1]++;
                }
                if (i == path.size() - 1) {
                    s[2]++;
                    if (!reached.contains(entry.getKey())) {
                        s[3]++;
                    }
                } else {
                    List<String> edge = List.of(path.get(i), path.get(i + 1));
                    long[] e = edges.computeIfAbsent(edge, k -> new long[2]);
                    e[0]++;
                    if (seenEdges.add(edge)) {
                        e[1]++;
                    }
                }
            }
        }

        ObjectNode root = Api.JSON.createObjectNode();
        root.put("chatbotId", chatbotId);
        root.put("from", Instants.format(from));
        root.put("to", Instants.format(to));
        root.put("fromStep", fromStep);
        root.put("conversations", paths.size());
        ArrayNode stepList = root.putArray("steps");
        steps.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    ObjectNode o = stepList.addObject();
                    o.put("stepId", e.getKey());
                    o.put("label", label(e.getKey()));
                    o.put("visits", e.getValue()[0]);
                    o.put("conversations", e.getValue()[1]);
                    o.put("endings", e.getValue()[2]);
                    o.put("dropOffs", e.getValue()[3]);
                    o.put("dropOffShare", new BigDecimal(e.getValue()[3]).divide(new BigDecimal(e.getValue()[1]), 4, RoundingMode.HALF_UP)
                            .doubleValue());
                });
        ArrayNode edgeList = root.putArray("edges");
        edges.entrySet().stream()
                .sorted(Comparator.<Map.Entry<List<String>, long[]>>comparingLong(e -> -e.getValue()[0])
                        .thenComparing(e -> e.getKey().get(0)).thenComparing(e -> e.getKey().get(1)))
                .limit(limit)
                .forEach(e -> {
                    ObjectNode o = edgeList.addObject();
                    o.put("from", e.getKey().get(0));
                    o.put("to", e.getKey().get(1));
                    o.put("count", e.getValue()[0]);
                    o.put("conversations", e.getValue()[1]);
                });
        root.put("totalEdges", edges.size());
        return root;
    }
}
