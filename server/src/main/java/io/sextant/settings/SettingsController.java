package io.sextant.settings;

import io.sextant.api.ApiException;
import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.sextant.store.ChatbotSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
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
@Tag(name = "Settings", description = "Per-chatbot settings of the statistics")
class SettingsController {

    private final SettingsService settings;

    SettingsController(SettingsService settings) {
        this.settings = settings;
    }

    @Schema(name = "ChatbotSettings", requiredProperties = {"chatbotId", "fallbackIntents", "understoodThreshold", "retentionDays"})
    record SettingsView(String chatbotId,
            @ArraySchema(schema = @Schema(minLength = 1, maxLength = 200), maxItems = 50,
                    arraySchema = @Schema(description = "Intents that mean the chatbot did not understand (never understood)"))
            List<String> fallbackIntents,
            @Schema(minimum = "0", maximum = "1", description = "The least score of an understood intent")
            double understoodThreshold,
            @Schema(nullable = true, minimum = "1", maximum = "3650", description = "Events older than this many days are dropped daily; null keeps them")
            Integer retentionDays) {
        static SettingsView of(ChatbotSettings s) {
            return new SettingsView(s.chatbotId(), s.fallbackIntents(), s.understoodThreshold(), s.retentionDays());
        }
    }

    @Schema(requiredProperties = "understoodThreshold")
    record UnderstandingRequest(
            @ArraySchema(schema = @Schema(minLength = 1, maxLength = 200), maxItems = 50,
                    arraySchema = @Schema(description = "Intents that mean the chatbot did not understand; leaving it out clears them"))
            List<String> fallbackIntents,
            @Schema(minimum = "0", maximum = "1", description = "The least score of an understood intent") Double understoodThreshold) {}

    @Schema(requiredProperties = "days")
    record RetentionRequest(@Schema(nullable = true, minimum = "1", maximum = "3650",
            description = "Keep events this many days; null keeps them for ever") Integer days) {}

    @GetMapping("/v1/chatbots/{chatbotId}/statistics/settings")
    @RequiresPermission(Grants.GET)
    @Operation(operationId = "getSettings", summary = "The chatbot's statistics settings (the defaults when none were set)")
    @ApiResponse(responseCode = "200", description = "The settings")
    SettingsView get(@Parameter(description = "The ID of the chatbot") @PathVariable String chatbotId) {
        return SettingsView.of(settings.get(chatbotId));
    }

    @PutMapping("/v1/chatbots/{chatbotId}/statistics/settings")
    @RequiresPermission(Grants.SETTINGS)
    @Operation(operationId = "putSettings", summary = "Sets what counts as understood",
            description = "Replaces the fallback intents and the understood threshold, which the understood rate uses for every "
                    + "period, past ones included. The retention period is set on its own endpoint.")
    @ApiResponse(responseCode = "200", description = "The settings as stored")
    @ApiResponse(responseCode = "400", description = "Missing or invalid field; the message names it")
    SettingsView put(@Parameter(description = "The ID of the chatbot") @PathVariable String chatbotId,
            @RequestBody(required = false) UnderstandingRequest body) {
        if (body == null) {
            throw ApiException.badRequest("body must be a JSON object with understoodThreshold (and fallbackIntents)");
        }
        return SettingsView.of(settings.putUnderstanding(chatbotId, body.fallbackIntents(), body.understoodThreshold()));
    }

    @PutMapping("/v1/chatbots/{chatbotId}/statistics/retention")
    @RequiresPermission(Grants.RETENTION)
    @Operation(operationId = "putRetention", summary = "Sets how long the chatbot's events are kept",
            description = "Once a day (and at start) the events older than the period are dropped, with their share of every "
                    + "report; null keeps events for ever. Needs the permission chatbots.privacy.retention.")
    @ApiResponse(responseCode = "200", description = "The settings as stored")
    @ApiResponse(responseCode = "400", description = "Missing or invalid field; the message names it")
    SettingsView retention(@Parameter(description = "The ID of the chatbot") @PathVariable String chatbotId,
            @RequestBody(required = false) RetentionRequest body) {
        if (body == null) {
            throw ApiException.badRequest("body must be a JSON object with days (a whole number, or null)");
        }
        return SettingsView.of(settings.putRetention(chatbotId, body.days()));
    }
}
