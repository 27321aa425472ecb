package io.sextant.channel;

import io.sextant.api.ApiException;
import io.sextant.api.Instants;
import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.sextant.store.Channel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Channels", description = "The channels of a chatbot")
class ChannelController {

    private final ChannelService channels;

    ChannelController(ChannelService channels) {
        this.channels = channels;
    }

    @Schema(requiredProperties = {"name", "type"})
    record ChannelRequest(@Schema(minLength = 1, maxLength = 200) String name,
            @Schema(allowableValues = {"facebook", "voice", "audiocodes", "web", "meta-whatsapp", "telegram", "brevo", "email", "debug"})
            String type,
            @Schema(nullable = true, minLength = 1, maxLength = 200, description = "Free text; leaving it out clears it") String number,
            @Schema(nullable = true, minLength = 1, maxLength = 200, description = "Free text; leaving it out clears it") String status) {}

    @Schema(name = "Channel", requiredProperties = {"id", "name", "type", "number", "status", "created", "updated"})
    record ChannelView(String id, String name,
            @Schema(description = "A registered type, or unknown for a channel only events created") String type,
            @Schema(nullable = true) String number,
            @Schema(nullable = true) String status,
            @Schema(format = "date-time", description = "When the channel first appeared (event or PUT)") String created,
            @Schema(format = "date-time", description = "The last PUT, or created") String updated) {
        static ChannelView of(Channel c) {
            return new ChannelView(c.id(), c.name(), c.type(), c.number(), c.status(),
                    Instants.format(c.created()), Instants.format(c.updated()));
        }
    }

    @Schema(requiredProperties = "channels")
    record ChannelList(List<ChannelView> channels) {}

    @GetMapping("/v1/chatbots/{chatbotId}/statistics/channels")
    @RequiresPermission(Grants.GET)
    @Operation(operationId = "listChannels", summary = "Retrieves all channels associated with a chatbot, sorted by id")
    @ApiResponse(responseCode = "200", description = "The list of channels for the chatbot")
    @ApiResponse(responseCode = "404", description = "Unknown chatbot")
    ChannelList list(@Parameter(description = "The ID of the chatbot") @PathVariable String chatbotId) {
        return new ChannelList(channels.list(chatbotId).stream().map(ChannelView::of).toList());
    }

    @PutMapping("/v1/chatbots/{chatbotId}/statistics/channels/{channelId}")
    @RequiresPermission(Grants.INGEST)
    @Operation(operationId = "putChannel", summary = "Register a channel or replace its metadata",
            description = "type is one of facebook, voice, audiocodes, web, meta-whatsapp, telegram, brevo, email, debug")
    @ApiResponse(responseCode = "200", description = "The channel as stored")
    @ApiResponse(responseCode = "400", description = "Missing or invalid field; the message names it")
    ChannelView put(@Parameter(description = "The ID of the chatbot") @PathVariable String chatbotId,
            @Parameter(description = "The ID of the channel, as events name it") @PathVariable String channelId,
            @RequestBody(required = false) ChannelRequest body) {
        if (body == null) {
            throw ApiException.badRequest("body must be a JSON object with name and type");
        }
        return ChannelView.of(channels.put(chatbotId, channelId, body.name(), body.type(), body.number(), body.status()));
    }
}
