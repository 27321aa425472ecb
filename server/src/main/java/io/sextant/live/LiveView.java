package io.sextant.live;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer of {@code GET /v1/chatbots/{chatbotId}/statistics/live} (docs/quality.md, "Live view"). */
@Schema(name = "LiveView", description = "What is happening now: active conversations and events per minute of the last hour",
        requiredProperties = {"chatbotId", "now", "activeConversations", "eventsPerMinute"})
public record LiveView(
        String chatbotId,
        @Schema(format = "date-time", description = "The service's time the view was taken at (ISO-8601 UTC with milliseconds)") String now,
        @Schema(description = "Distinct conversations with an event of any type with a time in (now − 5 min, now]")
        long activeConversations,
        @ArraySchema(minItems = LiveService.MINUTES, maxItems = LiveService.MINUTES,
                arraySchema = @Schema(description = "The 60 UTC minutes up to the one holding now, ascending; the last holds now"))
        List<Minute> eventsPerMinute) {

    @Schema(name = "LiveMinute", requiredProperties = {"start", "count"})
    public record Minute(
            @Schema(format = "date-time", description = "The minute's first millisecond (a whole UTC minute)") String start,
            @Schema(description = "Events of any type with a time in the minute [start, start + 59.999 s]") long count) {}
}
