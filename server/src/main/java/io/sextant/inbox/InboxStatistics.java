package io.sextant.inbox;

import java.util.List;

/**
 * The answer of {@code GET /v1/chatbots/{chatbotId}/statistics/inbox}. Durations are seconds with
 * millisecond precision; a statistic without samples is null.
 */
public record InboxStatistics(
        String chatbotId,
        String from,
        String to,
        long opened,
        long closed,
        long openAtEnd,
        long agentMessages,
        Durations firstResponseSeconds,
        Durations resolutionSeconds,
        List<Agent> agents) {

    public record Durations(Double median, Double p90, Double average, int samples) {}

    public record AgentDurations(Double median, int samples) {}

    public record Agent(String agentId, long assigned, long closed, long messages, AgentDurations firstResponseSeconds) {}
}
