package io.sextant.ingest;

import io.sextant.event.Direction;
import io.sextant.event.EventType;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ingestion request body in the OpenAPI document. {@link IngestController} reads the raw body
 * itself (byte limit, strict decoding), so springdoc sees no body parameter; this describes it:
 * {@code application/json} an array of {@code Event}, {@code application/x-ndjson} a string of one
 * event a line. The rules that depend on the type (which fields it requires) are in the
 * descriptions; the schema lists every field any type has (SPEC §2).
 */
@Configuration(proxyBeanMethods = false)
class IngestOpenApi {

    static final String EVENT = "Event";

    static final String NDJSON_EXAMPLE = """
            {"id":"e1","type":"conversation.started","timestamp":"2025-06-01T09:00:00.000+02:00","channelId":"web-1","conversationId":"c1","language":"de-DE"}
            {"id":"e3","type":"intent","timestamp":"2025-06-01T09:00:02.100+02:00","channelId":"web-1","conversationId":"c1","intent":"order.status","score":0.91}
            """;

    @Bean
    OperationCustomizer ingestionRequestBody() {
        return (operation, handler) -> {
            if (handler.getBeanType() != IngestController.class) {
                return operation;
            }
            RequestBody body = operation.getRequestBody() == null ? new RequestBody() : operation.getRequestBody();
            body.required(true)
                    .description("The events: a JSON array, or NDJSON (one event a line). At most 10,000 events and 10 MiB; "
                            + "all-or-nothing; an id already stored for the chatbot, or earlier in the batch, is skipped.")
                    .content(new Content()
                            .addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                    new MediaType().schema(new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + EVENT))))
                            .addMediaType(IngestController.NDJSON, new MediaType()
                                    .schema(new StringSchema().description("One JSON event (the Event schema) a line; blank lines are skipped"))
                                    .example(NDJSON_EXAMPLE)));
            operation.setRequestBody(body);
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer eventSchema() {
        return openApi -> openApi.getComponents().addSchemas(EVENT, event());
    }

    static Schema<?> event() {
        ObjectSchema e = new ObjectSchema();
        e.description("""
                One event. Every event has id, type, timestamp, channelId and conversationId; the other fields \
                belong to some types (fields of other types are ignored, and so are unknown fields; null counts as missing):
                - conversation.started: language and attributes (optional)
                - conversation.language: language (required)
                - message: direction (required); length or text (one of them); agentId (required when direction is agent)
                - intent: intent and score (required)
                - step: stepId (required), stepName (optional)
                - interaction: kind (optional)
                - call.ended: durationSeconds and endReason (required); userInputs (default 0), exitStep, transferTarget (optional)
                - inbox.opened: nothing more
                - inbox.assigned: agentId (required)
                - inbox.closed: agentId (optional)
                - goal: goalId (required), value (optional)
                - rating: score (a whole number 1 to 5) or thumbs (up or down), exactly one; comment (optional: only its length is kept)
                Strings are 1 to 200 Unicode code points and not blank (text has no limit of its own).""");
        e.addProperty("id", text("Unique per chatbot: an id already stored is skipped as a duplicate"));
        e.addProperty("type", enumOf(Arrays.stream(EventType.values()).map(EventType::wireName).toList(), "The kind of event"));
        e.addProperty("timestamp", new StringSchema().format("date-time")
                .description("ISO-8601 with an offset, e.g. 2025-01-04T23:00:00.000Z; at most 24 h in the future"));
        e.addProperty("channelId", text("The channel; an unregistered one is registered with type unknown"));
        e.addProperty("conversationId", text("The conversation"));
        e.addProperty("language", optional(new StringSchema().minLength(2).maxLength(200)
                .description("conversation.started, conversation.language: a language tag (de, de-DE, pt_BR); only the primary subtag is kept")));
        e.addProperty("direction", optional(enumOf(Arrays.stream(Direction.values()).map(Direction::wireName).toList(), "message: who sent it")));
        e.addProperty("length", optional(new IntegerSchema().format("int64").minimum(BigDecimal.ZERO)
                .description("message: its length in Unicode code points (instead of text)")));
        e.addProperty("text", optional(new StringSchema()
                .description("message: only its length in code points is kept, never the text (instead of length)")));
        e.addProperty("agentId", optional(text("message (direction agent), inbox.assigned, inbox.closed: the human agent")));
        e.addProperty("intent", optional(text("intent: the recognised intent")));
        e.addProperty("score", optional(new NumberSchema().format("double").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(5))
                .description("intent: the recognition score, 0 to 1; rating: the user's score, a whole number 1 to 5")));
        e.addProperty("stepId", optional(text("step: the executed flow step")));
        e.addProperty("stepName", optional(text("step: its display name")));
        e.addProperty("kind", optional(text("interaction: e.g. button")));
        e.addProperty("durationSeconds", optional(new NumberSchema().format("double").minimum(BigDecimal.ZERO)
                .description("call.ended: the call's length in seconds")));
        e.addProperty("userInputs", optional(new IntegerSchema().format("int64").minimum(BigDecimal.ZERO)
                .description("call.ended: inputs the caller gave (default 0)")));
        e.addProperty("endReason", optional(text("call.ended: why the call ended")));
        e.addProperty("exitStep", optional(text("call.ended: the step the call ended in")));
        e.addProperty("transferTarget", optional(text("call.ended: where the call was transferred to")));
        e.addProperty("attributes", optional(new ObjectSchema()
                .additionalProperties(new StringSchema().minLength(1).maxLength(200))
                .maxProperties(EventParser.MAX_ATTRIBUTES)
                .description("conversation.started: up to 20 short strings by key (1 to 64 of A-Z a-z 0-9 _ . -), "
                        + "e.g. {\"campaign\":\"spring\",\"plan\":\"pro\"}; segments filter on them (filter=attr.plan:pro)")));
        e.addProperty("goalId", optional(text("goal: the goal the conversation reached")));
        e.addProperty("value", optional(new NumberSchema().format("double").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(1_000_000_000_000L))
                .description("goal: a value of reaching it, e.g. an order's amount")));
        e.addProperty("thumbs", optional(enumOf(List.of("up", "down"), "rating: a thumbs rating (instead of score)")));
        e.addProperty("comment", optional(new StringSchema().maxLength(EventParser.MAX_COMMENT)
                .description("rating: the user's comment; only its length in code points is kept, never the text")));
        e.required(List.of("id", "type", "timestamp", "channelId", "conversationId"));
        return e;
    }

    private static Schema<?> text(String description) {
        return new StringSchema().minLength(1).maxLength(200).description(description);
    }

    private static Schema<?> enumOf(List<String> values, String description) {
        StringSchema s = new StringSchema();
        values.forEach(s::addEnumItem);
        return s.description(description);
    }

    private static Schema<?> optional(Schema<?> schema) {
        schema.setNullable(true);
        return schema;
    }
}
