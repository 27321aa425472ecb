package io.sextant.report;

import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.sextant.segment.Filtered;
import io.sextant.segment.SegmentParser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The flow paths report. Parameters are taken as plain strings and validated by {@link PathsService},
 * so every 400 names the parameter and its bad value in our own words.
 */
@RestController
@Tag(name = "Statistics", description = "Reports over a time window")
class PathsController {

    private final PathsService paths;

    PathsController(PathsService paths) {
        this.paths = paths;
    }

    @GetMapping(path = "/v1/chatbots/{chatbotId}/statistics/reports/paths", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresPermission(Grants.GET)
    @Operation(operationId = "getPathsReport", summary = "Generates the flow paths report",
            description = "How conversations move through the flow's steps in W = [from, to]: a conversation's path is its step "
                    + "events in W (on the channel, when channelId is given) ordered by time, then by the order they were "
                    + "received; with fromStep it starts at its first visit of that step, and conversations that never visit "
                    + "it are left out. Per step its visits, conversations, the paths that end there and, of those, the "
                    + "conversations that never reached a goal (drop-offs); the most frequent transitions (consecutive pairs "
                    + "of a path, self-loops included).")
    @ApiResponse(responseCode = "200", description = "The paths report")
    @ApiResponse(responseCode = "400", description = "A missing or invalid parameter (or a timezone, which this report does not take), "
            + "or a malformed filter; the message names it and the bad value")
    @ApiResponse(responseCode = "404", description = "Unknown chatbot, or a channel the chatbot does not have")
    @Filtered
    PathsView paths(@PathVariable String chatbotId,
            @Parameter(description = "Start of the window W = [from, to], inclusive: ISO-8601 instant with offset. "
                    + "Example: 2025-01-04T23:00:00.000Z", required = true)
            @RequestParam(required = false) String from,
            @Parameter(description = "End of the window, inclusive (millisecond precision); not before from. "
                    + "Example: 2025-02-01T22:59:59.999Z", required = true)
            @RequestParam(required = false) String to,
            @Parameter(description = "Only the step events of this channel of the chatbot make the paths")
            @RequestParam(required = false) String channelId,
            @Parameter(description = "A step id: each path starts at its first visit of this step; conversations that "
                    + "never visit it in W are left out")
            @RequestParam(required = false) String fromStep,
            @Parameter(description = "How many transitions to list, the most frequent first: 1 to " + PathsService.MAX_LIMIT,
                    schema = @Schema(type = "integer", minimum = "1", maximum = "" + PathsService.MAX_LIMIT,
                            defaultValue = "" + PathsService.DEFAULT_LIMIT))
            @RequestParam(required = false) String limit,
            @Parameter(hidden = true) @RequestParam(required = false) String timezone,
            HttpServletRequest request) {
        String[] filters = request.getParameterValues(SegmentParser.PARAMETER); // every value as sent, commas and all
        return paths.paths(chatbotId, new PathsService.Parameters(from, to, channelId, fromStep, limit, timezone,
                filters == null ? List.of() : List.of(filters)));
    }
}
