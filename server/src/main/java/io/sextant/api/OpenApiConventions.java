package io.sextant.api;

import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * What every endpoint of the OpenAPI document shares, said once instead of in every controller:
 * <ul>
 * <li>an endpoint with {@link RequiresPermission} documents its 401 and 403;</li>
 * <li>every operation documents 405, 406 and 500, one that reads a body 415, one that stores
 * (permission {@code chatbots.statistics.ingest}) 503 and 507 with {@code Retry-After}, every other
 * one 503 with {@code Retry-After} (a store that cannot answer now);</li>
 * <li>every 4xx and 5xx response is {@code application/json} with the {@code ErrorBody} schema,
 * whatever the controller's annotation or return type would make of it;</li>
 * <li>the parameters every API uses (chatbotId, from, to, ...) have one description wherever a
 * controller gives none;</li>
 * <li>the example of an operation's success answer (and of its JSON request body) is
 * {@code openapi/examples/<operationId>.response.json} ({@code .request.json}) on the class path,
 * when there is one.</li>
 * </ul>
 * The document is OpenAPI 3.0 ({@code springdoc.api-docs.version}), so a field that may be null is
 * {@code nullable: true}.
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
    static final String ERROR_DETAIL_SCHEMA = "ErrorDetail";
    static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    static final String ANY = "*/*";

    /** Where the examples of success answers and request bodies live, by operationId. */
    static final String EXAMPLES = "openapi/examples/";

    /** The statuses every operation can answer, whatever it does. */
    static final List<Map.Entry<String, String>> EVERY_OPERATION = List.of(
            Map.entry("405", "The path exists, but not with this method (e.g. DELETE on a path that only answers GET)"),
            Map.entry("406", "The Accept header allows no representation this operation answers"),
            Map.entry("500", "Unexpected failure; the body says only \"internal error\" (the details go to the server log)"));

    static final String BODY_415 = "A Content-Type this operation does not read";

    static final String STORING_503 = "The service is shutting down or its store is unavailable; nothing was stored. "
            + "Send the same request again after Retry-After seconds (re-sending is safe)";

    static final String READING_503 = "The store cannot answer now (e.g. a shard of a ClickHouse cluster or its ZooKeeper is "
            + "unreachable): never a partial answer. Send the same request again after Retry-After seconds";

    static final String STORING_507 = "The data directory's disk is full; nothing was stored; retry after space is freed "
            + "(Retry-After gives seconds to wait)";

    @Bean
    OpenApiCustomizer errorBodySchema() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(ERROR_DETAIL_SCHEMA, new ObjectSchema()
                    .description("What is wrong with one event of a rejected batch")
                    .addProperty("index", new IntegerSchema().format("int32").minimum(java.math.BigDecimal.ZERO)
                            .description("0-based index of the event in the batch"))
                    .addProperty("error", new StringSchema().description("The event's first problem"))
                    .required(List.of("index", "error")));
            openApi.getComponents().addSchemas(ERROR_SCHEMA, new ObjectSchema()
                    .description("The body of every error answer")
                    .addProperty("error", new StringSchema().description("What went wrong; names the offending parameter or field"))
                    .addProperty("details", new ArraySchema().items(ref(ERROR_DETAIL_SCHEMA))
                            .description("Only for a rejected ingestion batch: every invalid event by its index"))
                    .required(List.of("error")));
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
            if (operation.getRequestBody() != null) {
                responses.putIfAbsent("415", new ApiResponse().description(BODY_415));
            }
            if (required != null && required.value().equals(Grants.INGEST)) {
                responses.putIfAbsent("503", new ApiResponse().description(STORING_503).addHeaderObject("Retry-After", retryAfter()));
                responses.putIfAbsent("507", new ApiResponse().description(STORING_507).addHeaderObject("Retry-After", retryAfter()));
            }
            // any operation reads the store, which may be unreachable in part (a ClickHouse shard, ZooKeeper)
            responses.putIfAbsent("503", new ApiResponse().description(READING_503).addHeaderObject("Retry-After", retryAfter()));
            for (var e : EVERY_OPERATION) {
                responses.putIfAbsent(e.getKey(), new ApiResponse().description(e.getValue()));
            }
            return operation;
        };
    }

    /**
     * Runs over the finished document, so that nothing springdoc derives from a return type (the
     * success schema, or a file for a download) is left on an error response.
     */
    @Bean
    OpenApiCustomizer errorResponsesAreErrorBodies() {
        return openApi -> operations(openApi).forEach(op -> op.getResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                response.setContent(new Content().addMediaType(JSON, new MediaType().schema(ref(ERROR_SCHEMA))));
            } else if (response.getContent() != null && response.getContent().containsKey(ANY)) {
                // a handler without "produces" comes out as */*; every answer but the CSV download is JSON
                MediaType body = response.getContent().remove(ANY);
                response.getContent().addMediaType(JSON, body);
            }
        }));
    }

    @Bean
    OpenApiCustomizer examples() {
        return openApi -> operations(openApi).forEach(op -> {
            if (op.getOperationId() == null) {
                return;
            }
            Object request = example(op.getOperationId() + ".request.json");
            if (request != null && op.getRequestBody() != null && json(op.getRequestBody().getContent()) != null) {
                json(op.getRequestBody().getContent()).setExample(request);
            }
            Object answer = example(op.getOperationId() + ".response.json");
            if (answer != null) {
                op.getResponses().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("2") && json(e.getValue().getContent()) != null)
                        .findFirst()
                        .ifPresent(e -> json(e.getValue().getContent()).setExample(answer));
            }
        });
    }

    /** The JSON media type of a content (springdoc may still call it *&#47;* when this runs), or null. */
    private static MediaType json(Content content) {
        return content == null ? null : content.get(JSON) != null ? content.get(JSON) : content.get(ANY);
    }

    static Header retryAfter() {
        return new Header().description("Seconds to wait before sending the request again").required(true)
                .schema(new IntegerSchema().format("int32"));
    }

    static Schema<?> ref(String schema) {
        return new Schema<>().$ref("#/components/schemas/" + schema);
    }

    static List<Operation> operations(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return List.of();
        }
        return openApi.getPaths().values().stream().flatMap(p -> p.readOperations().stream()).toList();
    }

    /** The example in {@code openapi/examples/<name>} as a JSON tree, or null when there is none. */
    private static Object example(String name) {
        ClassPathResource resource = new ClassPathResource(EXAMPLES + name);
        if (!resource.exists()) {
            return null;
        }
        try (InputStream in = resource.getInputStream()) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("example " + name + " is not readable JSON", e);
        }
    }
}
