package io.sextant.api;

import io.sextant.auth.RequiresPermission;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the OpenAPI document tell the truth about errors without every controller repeating it:
 * an endpoint with {@link RequiresPermission} documents its 401 and 403, and every error response
 * has the {@code {"error": ...}} body.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiErrors {

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
