package io.sextant.inbox;

import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.sextant.segment.Filtered;
import io.sextant.segment.SegmentParser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Inbox", description = "Hand-overs to human agents")
class InboxController {

    private final InboxService inbox;

    InboxController(InboxService inbox) {
        this.inbox = inbox;
    }

    @GetMapping("/v1/chatbots/{chatbotId}/statistics/inbox")
    @RequiresPermission(Grants.GET)
    @Operation(operationId = "getInboxStatistics", summary = "Retrieves statistics of the inbox section of a chatbot",
            description = "Threads opened, closed and open at the end of [from, to], agent messages, first-response and "
                    + "resolution times (seconds, millisecond precision) and per-agent counts, optionally for one channel.")
    @ApiResponse(responseCode = "200", description = "The inbox statistics data")
    @ApiResponse(responseCode = "400", description = "Missing or invalid from/to, or a malformed filter; the message names it")
    @ApiResponse(responseCode = "404", description = "Unknown chatbot or channel")
    @Filtered
    InboxStatistics statistics(@PathVariable String chatbotId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @Parameter(description = "Restrict every figure to this channel of the chatbot")
            @RequestParam(required = false) String channelId,
            HttpServletRequest request) {
        String[] filters = request.getParameterValues(SegmentParser.PARAMETER); // every value as sent, commas and all
        return inbox.statistics(chatbotId, channelId, from, to, filters == null ? List.of() : List.of(filters));
    }
}
