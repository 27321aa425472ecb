package io.sextant.privacy;

import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Privacy", description = "Erasing a data subject's conversation; the retention period is a setting")
class ErasureController {

    private final PrivacyService privacy;

    ErasureController(PrivacyService privacy) {
        this.privacy = privacy;
    }

    @Schema(name = "ConversationErasure", requiredProperties = {"chatbotId", "conversationId", "erasedEvents"})
    record ErasureView(String chatbotId, String conversationId,
            @Schema(minimum = "0", format = "int64",
                    description = "Events this request erased; 0 when none was stored (any more): erasing again is safe")
            long erasedEvents) {}

    @DeleteMapping(path = "/v1/chatbots/{chatbotId}/statistics/conversations/{conversationId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresPermission(Grants.ERASE)
    @Operation(operationId = "eraseConversation", summary = "Erases every event of one conversation",
            description = "Removes every stored event of the conversation (every type, every channel) for good, with its share of "
                    + "every report, inbox statistic and export: afterwards each answers as if those events had never been sent. "
                    + "Finished exports of the chatbot are withdrawn (their links answer 403); create them again. The events' ids "
                    + "stay known, so sending them again stores nothing. Idempotent: a conversation with nothing stored answers "
                    + "erasedEvents 0. Needs the permission chatbots.privacy.erase, which chatbots.statistics.* does not grant. "
                    + "A 503 may come after part of the work: send the request again until it answers 200. "
                    + "The events are removed in the store at once; on a ClickHouse cluster the answer waits until every replica of "
                    + "the chatbot's shard has removed them.")
    @ApiResponse(responseCode = "200", description = "Erased; the number of events removed")
    @ApiResponse(responseCode = "400", description = "A conversation or chatbot id that is blank or longer than 200 characters")
    @ApiResponse(responseCode = "503", description = "The erasure cannot be completed now (the store is unavailable; on ClickHouse a "
            + "replica of the chatbot's shard is down or has not applied it yet). Part of it may be done: send the same request "
            + "again after Retry-After seconds, which completes it",
            headers = @Header(name = "Retry-After", required = true, description = "Seconds to wait before sending the request again",
                    schema = @Schema(type = "integer", format = "int32")))
    @ApiResponse(responseCode = "507", description = "The data directory's disk is full; nothing was erased; send the request again "
            + "once space is freed", headers = @Header(name = "Retry-After", required = true,
                    description = "Seconds to wait before sending the request again", schema = @Schema(type = "integer", format = "int32")))
    ErasureView erase(@Parameter(description = "The ID of the chatbot") @PathVariable String chatbotId,
            @Parameter(description = "The ID of the conversation, as its events name it (URL-encoded)") @PathVariable String conversationId) {
        return new ErasureView(chatbotId, conversationId, privacy.erase(chatbotId, conversationId));
    }
}
