package io.sextant.report;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer of {@code GET /v1/chatbots/{chatbotId}/statistics/reports/paths} (docs/quality.md, "Flow paths").
 */
@Schema(name = "PathsReport", description = "The flow paths of the conversations with step events in the window",
        requiredProperties = {"chatbotId", "from", "to", "fromStep", "conversations", "steps", "edges", "totalEdges"})
public record PathsView(
        String chatbotId,
        @Schema(format = "date-time", description = "Start of the window W, inclusive (ISO-8601 UTC with milliseconds)") String from,
        @Schema(format = "date-time", description = "End of the window W, inclusive (ISO-8601 UTC with milliseconds)") String to,
        @Schema(nullable = true, description = "The step every path starts at, as requested; null for whole paths") String fromStep,
        @Schema(description = "Conversations with a path: a step event in W (on the channel, when given), and a visit of fromStep when given")
        long conversations,
        @Schema(description = "Every step on some path, by visits descending, then stepId ascending") List<Step> steps,
        @Schema(description = "The top `limit` transitions by count descending, then from and to ascending") List<Edge> edges,
        @Schema(description = "The number of distinct transitions, listed or not") long totalEdges) {

    @Schema(name = "PathsStep", requiredProperties = {"stepId", "label", "visits", "conversations", "endings", "dropOffs", "dropOffShare"})
    public record Step(
            String stepId,
            @Schema(nullable = true, description = "The chatbot's latest name for the step (as STEP_EXEC_COUNT's label); null when it has none")
            String label,
            @Schema(description = "Occurrences of the step on all paths") long visits,
            @Schema(description = "Conversations whose path holds the step") long conversations,
            @Schema(description = "Conversations whose path ends with the step") long endings,
            @Schema(description = "Of the endings, the conversations without any goal event (whenever sent, on any channel)")
            long dropOffs,
            @Schema(format = "double", description = "dropOffs / conversations, rounded half-up to 4 decimals") double dropOffShare) {}

    @Schema(name = "PathsEdge", requiredProperties = {"from", "to", "count", "conversations"})
    public record Edge(
            @Schema(description = "The step of the transition's start") String from,
            @Schema(description = "The next step on the path (may equal from)") String to,
            @Schema(description = "Occurrences of the transition on all paths") long count,
            @Schema(description = "Conversations whose path holds the transition") long conversations) {}
}
