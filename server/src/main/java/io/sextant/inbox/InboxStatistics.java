package io.sextant.inbox;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer of {@code GET /v1/chatbots/{chatbotId}/statistics/inbox}. Durations are seconds with
 * millisecond precision; a statistic without samples is null.
 */
@Schema(requiredProperties = {"chatbotId", "from", "to", "opened", "closed", "openAtEnd", "agentMessages",
        "firstResponseSeconds", "resolutionSeconds", "agents"})
public record InboxStatistics(
        String chatbotId,
        @Schema(format = "date-time") String from,
        @Schema(format = "date-time") String to,
        long opened,
        long closed,
        long openAtEnd,
        long agentMessages,
        Durations firstResponseSeconds,
        Durations resolutionSeconds,
        List<Agent> agents) {

    /** Seconds; each statistic null without samples. */
    @Schema(name = "InboxDurations", requiredProperties = {"median", "p90", "average", "samples"})
    public record Durations(@Schema(nullable = true) Double median, @Schema(nullable = true) Double p90,
            @Schema(nullable = true) Double average, int samples) {}

    @Schema(name = "InboxAgentDurations", requiredProperties = {"median", "samples"})
    public record AgentDurations(@Schema(nullable = true) Double median, int samples) {}

    @Schema(name = "InboxAgent", requiredProperties = {"agentId", "assigned", "closed", "messages", "firstResponseSeconds"})
    public record Agent(String agentId, long assigned, long closed, long messages, AgentDurations firstResponseSeconds) {}
}
