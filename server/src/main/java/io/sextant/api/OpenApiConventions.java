package io.sextant.api;

import io.sextant.auth.RequiresPermission;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every endpoint of the OpenAPI document shares, said once instead of in every controller:
 * an endpoint with {@link RequiresPermission} documents its 401 and 403, every error response has
 * the {@code {"error": ...}} body, and the parameters every API uses (chatbotId, from, to, ...)
 * have one description wherever a controller gives none.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConventions {

    /** The shared parameter vocabulary (wording after the ChatCaptain reference where it has one). */
    static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("chatbotId", "The ID of the chatbot"),
            Map.entry("channelId", "The ID of the channel"),
            Map.entry("from", "The start of the time frame, inclusive: ISO-8601 with offset, e.g. 2025-01-04T23:00:00.000Z"),
            Map.entry("to", "The end of the time frame, inclusive: ISO-8601 with offset, e.g. 2025-02-01T22:59:59.999Z"),
            Map.entry("timezone", "Optional IANA time zone, e.g. Europe/Berlin: days then start at its local midnights; without it, days are 24 h steps from `from`"),
            Map.entry("exportId", "The ID of the export, as answered when it was created"),
            Map.entry("kind", "daily (default): one row per day and channel; conversations: one row per conversation"),
            Map.entry("expires", "Part of the signed download link: when it expires"),
            Map.entry("signature", "Part of the signed download link: its signature"));

    static final String ERROR_SCHEMA = "ErrorBody";

    @Bean
    OpenApiCustomizer errorBodySchema() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            var resolved = ModelConverters.getInstance().resolveAsResolvedSchema(new AnnotatedType(ErrorBody.class));
            openApi.getComponents().addSchemas(ERROR_SCHEMA, resolved.schema);
            resolved.referencedSchemas.forEach(openApi.getComponents()::addSchemas);
        };
    }

    @Bean
    OperationCustomizer authAndErrorResponses() {
        return (operation, handler) -> {
            if (operation.getParameters() != null) {
                for (Parameter p : operation.getParameters()) {
                    if ((p.getDescription() == null || p.getDescription().isBlank()) && PARAMETERS.containsKey(p.getName())) {
                        p.setDescription(PARAMETERS.get(p.getName()));
                    }
                }
            }
            ApiResponses responses = operation.getResponses();
            if (responses == null) {
                responses = new ApiResponses();
                operation.setResponses(responses);
            }
            RequiresPermission required = handler.getMethodAnnotation(RequiresPermission.class);
            if (required != null) {
                String resource = required.global() ? "*" : "the chatbot (chatbots/{chatbotId})";
                responses.putIfAbsent("401", new ApiResponse().description("Missing, unknown or revoked API key"));
                responses.putIfAbsent("403", new ApiResponse().description(
                        "The key lacks permission " + required.value() + " on " + resource));
            }
            responses.forEach((code, response) -> {
                if ((code.startsWith("4") || code.startsWith("5")) && response.getContent() == null && response.get$ref() == null) {
                    response.setContent(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))));
                }
            });
            return operation;
        };
    }
}
