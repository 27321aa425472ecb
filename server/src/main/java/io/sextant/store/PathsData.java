package io.sextant.store;

import java.util.List;

/**
 * The flow paths of a {@link PathsQuery}, aggregated. A conversation's path is its step events in W
 * (on the channel, when the query names one) ordered by time, then ingestion order, cut at the first
 * visit of {@code fromStep} when the query names one; conversations with an empty path are left out.
 *
 * @param conversations the number of conversations with a path
 * @param steps one per step id on some path, in no particular order
 * @param edges one per distinct transition (consecutive pair of a path, self-loops included), in no
 *     particular order
 */
public record PathsData(long conversations, List<Step> steps, List<Edge> edges) {

    public PathsData {
        steps = List.copyOf(steps);
        edges = List.copyOf(edges);
    }

    /**
     * @param label the chatbot's latest name for the step (its latest step event with that id that has
     *     one, on any channel, at any time; ties by ingestion order); null when none has
     * @param visits occurrences of the step on all paths
     * @param conversations paths the step is on
     * @param endings paths that end with the step
     * @param dropOffs of those, the conversations without any {@code goal} event (whenever sent, on any channel)
     */
    public record Step(String stepId, String label, long visits, long conversations, long endings, long dropOffs) {}

    /**
     * @param count occurrences of the transition on all paths
     * @param conversations paths the transition is on
     */
    public record Edge(String from, String to, long count, long conversations) {}
}
