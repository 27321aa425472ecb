package io.sextant.live;

import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Live", description = "What is happening now")
class LiveController {

    private final LiveService live;

    LiveController(LiveService live) {
        this.live = live;
    }

    @GetMapping(path = "/v1/chatbots/{chatbotId}/statistics/live", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresPermission(Grants.GET)
    @Operation(operationId = "getLiveView", summary = "Retrieves the live view of a chatbot",
            description = "At the service's current time now: the conversations with an event in the last five minutes "
                    + "(now − 5 min, now], and the events of each of the 60 UTC minutes up to the one holding now. "
                    + "Reads only the last hour, so it can be polled every few seconds.")
    @ApiResponse(responseCode = "200", description = "The live view")
    @ApiResponse(responseCode = "404", description = "Unknown chatbot, or a channel the chatbot does not have")
    LiveView live(@PathVariable String chatbotId,
            @Parameter(description = "Only the events of this channel of the chatbot count")
            @RequestParam(required = false) String channelId) {
        return live.live(chatbotId, channelId);
    }
}
