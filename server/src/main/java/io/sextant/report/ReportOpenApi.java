package io.sextant.report;

import io.sextant.event.Direction;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reports in the OpenAPI document, from the {@link Component} registry:
 * <ul>
 * <li>the {@code components} parameter of each report lists its IDs and names, and {@code interval}
 * is a number with the values {@link TimeWindow.Interval} accepts;</li>
 * <li>the answer is {@code OverviewReport} or {@code ChannelReport}, whose {@code components}
 * object names every component of that report as an optional property of its shape's schema
 * ({@code ReportCount}, {@code ReportInterval}, {@code ReportTrend}, {@code ReportMedian},
 * {@code ReportDistribution}), with no other properties allowed. So each value matches exactly one
 * schema, and a generated client knows the type of every component without a discriminator.</li>
 * </ul>
 * The Java types of {@link ReportView} (a sealed interface of records) would come out as a
 * {@code oneOf} that no answer matches exactly once; their generated schemas are replaced.
 */
@Configuration(proxyBeanMethods = false)
class ReportOpenApi {

    static final String OVERVIEW_REPORT = "OverviewReport";
    static final String CHANNEL_REPORT = "ChannelReport";

    /** Schemas swagger derives from the ReportView records; none is referenced once the answers are ours. */
    private static final List<String> DERIVED = List.of("ReportView", "Value", "Count", "Interval", "Trend", "Median",
            "Distribution", "Item", "KeyItem", "LabelledItem", "Bucket");

    @Bean
    OperationCustomizer reportComponentLists() {
        return (operation, handler) -> {
            if (handler.getBeanType() != ReportController.class) {
                return operation;
            }
            ReportKind kind = handler.getMethod().getName().equals("channel") ? ReportKind.CHANNEL : ReportKind.OVERVIEW;
            if (operation.getParameters() != null) {
                for (Parameter p : operation.getParameters()) {
                    if ("components".equals(p.getName())) {
                        p.setDescription(description(kind));
                    } else if ("interval".equals(p.getName())) {
                        NumberSchema seconds = new NumberSchema();
                        for (TimeWindow.Interval i : TimeWindow.Interval.values()) {
                            seconds.addEnumItem(BigDecimal.valueOf(i.seconds()));
                        }
                        p.setSchema(seconds);
                    }
                }
            }
            ApiResponse ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
            if (ok != null) {
                ok.setContent(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                        new MediaType().schema(ref(kind == ReportKind.CHANNEL ? CHANNEL_REPORT : OVERVIEW_REPORT))));
            }
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer reportSchemas() {
        return openApi -> {
            var components = openApi.getComponents();
            if (components.getSchemas() != null) {
                DERIVED.forEach(components.getSchemas()::remove);
            }
            schemas().forEach(components::addSchemas);
        };
    }

    static String description(ReportKind kind) {
        StringBuilder sb = new StringBuilder("Comma-separated list of component IDs (names are accepted too; blanks around "
                + "items are allowed, duplicates collapse). Example: 0,1,2\n\n");
        for (Component c : kind.components()) {
            sb.append("- ").append(kind.id(c)).append(": ").append(kind.name(c)).append(" (").append(c.shape().name().toLowerCase()).append(")\n");
        }
        return sb.toString();
    }

    /** The schema name of each shape's value. */
    static String schemaName(Shape shape) {
        return switch (shape) {
            case COUNT -> "ReportCount";
            case INTERVAL -> "ReportInterval";
            case TREND -> "ReportTrend";
            case MEDIAN -> "ReportMedian";
            case DISTRIBUTION -> "ReportDistribution";
        };
    }

    /** Every schema of the report answers, by name. */
    static Map<String, Schema<?>> schemas() {
        Map<String, Schema<?>> s = new LinkedHashMap<>();
        s.put(OVERVIEW_REPORT, report(ReportKind.OVERVIEW, "The overview report: statistics over all channels of the chatbot"));
        s.put(CHANNEL_REPORT, report(ReportKind.CHANNEL, "The channel report: statistics over the events of one channel"));
        s.put("OverviewComponents", components(ReportKind.OVERVIEW));
        s.put("ChannelComponents", components(ReportKind.CHANNEL));
        s.put("ReportCount", count());
        ObjectSchema byDirection = new ObjectSchema();
        byDirection.description(names(Trait.BY_DIRECTION) + " by message direction");
        for (Direction d : Direction.values()) {
            byDirection.addProperty(d.wireName(), new IntegerSchema().format("int64"));
        }
        s.put("ReportByDirection", closed(byDirection.required(Arrays.stream(Direction.values()).map(Direction::wireName).toList())));
        s.put("ReportInterval", closed(new ObjectSchema()
                .description("interval: every bucket of the window, zeros included, ascending")
                .addProperty("id", id())
                .addProperty("buckets", new ArraySchema().items(ref("ReportBucket")))
                .required(List.of("id", "buckets"))));
        s.put("ReportBucket", closed(new ObjectSchema()
                .addProperty("start", instant("First millisecond of the bucket"))
                .addProperty("end", instant("Last millisecond of the bucket, inclusive"))
                .addProperty("value", new NumberSchema())
                .required(List.of("start", "end", "value"))));
        s.put("ReportTrend", closed(new ObjectSchema()
                .description("trend: the window W against the previous period P = [from - L, from - 1 ms] of the same length L")
                .addProperty("id", id())
                .addProperty("current", new NumberSchema().description("The value over W"))
                .addProperty("previous", new NumberSchema().description("The value over P"))
                .addProperty("change", nullable(new NumberSchema().format("double")
                        .description("(current - previous) / previous; null when previous is 0")))
                .addProperty("previousFrom", instant("Start of P"))
                .addProperty("previousTo", instant("End of P, inclusive"))
                .required(List.of("id", "current", "previous", "change", "previousFrom", "previousTo"))));
        s.put("ReportMedian", closed(new ObjectSchema()
                .description("median: linear interpolation between closest ranks")
                .addProperty("id", id())
                .addProperty("value", nullable(new NumberSchema().format("double").description("null when there are no samples")))
                .addProperty("samples", new IntegerSchema().format("int64"))
                .required(List.of("id", "value", "samples"))));
        s.put("ReportDistribution", closed(new ObjectSchema()
                .description("distribution: items by count descending, then key ascending")
                .addProperty("id", id())
                .addProperty("total", new IntegerSchema().format("int64"))
                .addProperty("items", new ArraySchema().items(ref("ReportDistributionItem")))
                .required(List.of("id", "total", "items"))));
        s.put("ReportDistributionItem", closed(new ObjectSchema()
                .addProperty("key", new StringSchema().description("The key; \"unknown\" where events had none"))
                .addProperty("count", new IntegerSchema().format("int64"))
                .addProperty("share", new NumberSchema().format("double").description("count / total, rounded to 4 decimals"))
                .addProperty(Trait.LABELS.field(), nullable(new StringSchema().description(
                        names(Trait.LABELS) + " only (and there always present): " + Trait.LABELS.description())))
                .required(List.of("key", "count", "share"))));
        return s;
    }

    /** The count: id and value, and every field a trait adds, described from the components that have it. */
    private static Schema<?> count() {
        StringBuilder description = new StringBuilder("count: a number over the window.");
        String verb = " adds ";
        for (Trait t : Trait.COUNT_EXTRAS) {
            description.append(verb.equals(" adds ") ? " " : ", ").append(names(t)).append(verb).append(t.field());
            verb = " ";
        }
        ObjectSchema count = new ObjectSchema();
        count.description(description.toString())
                .addProperty("id", id())
                .addProperty("value", new NumberSchema().description("Whole for counts; seconds (maybe fractional) for "
                        + names(Shape.COUNT, Trait.SECONDS)));
        for (Trait t : Trait.COUNT_EXTRAS) {
            count.addProperty(t.field(), t == Trait.BY_DIRECTION ? ref("ReportByDirection")
                    : new IntegerSchema().format("int64").description(names(t) + " only: " + t.description()));
        }
        return closed(count.required(List.of("id", "value")));
    }

    /** The names of the components (of {@code shape}, when given) that have the trait, e.g. "MESSAGE_COUNT". */
    private static String names(Trait t) {
        return names(t.shape(), t);
    }

    private static String names(Shape shape, Trait t) {
        return Arrays.stream(Component.values()).filter(c -> c.shape() == shape && c.has(t)).map(Component::name)
                .collect(Collectors.joining(", "));
    }

    private static Schema<?> report(ReportKind kind, String description) {
        ObjectSchema r = new ObjectSchema();
        r.description(description)
                .addProperty("chatbotId", new StringSchema());
        if (kind == ReportKind.CHANNEL) {
            r.addProperty("channelId", new StringSchema());
        }
        IntegerSchema interval = new IntegerSchema();
        interval.setFormat(null);
        for (TimeWindow.Interval i : TimeWindow.Interval.values()) {
            interval.addEnumItem(i.seconds());
        }
        r.addProperty("from", instant("Start of the window W, inclusive"))
                .addProperty("to", instant("End of the window W, inclusive"))
                .addProperty("interval", interval.description("Bucket width in seconds"))
                .addProperty("timezone", new StringSchema().description("Only when the request gave one"))
                .addProperty("components", ref(kind == ReportKind.CHANNEL ? "ChannelComponents" : "OverviewComponents"));
        r.required(kind == ReportKind.CHANNEL
                ? List.of("chatbotId", "channelId", "from", "to", "interval", "components")
                : List.of("chatbotId", "from", "to", "interval", "components"));
        return closed(r);
    }

    private static Schema<?> components(ReportKind kind) {
        ObjectSchema o = new ObjectSchema();
        o.description("Exactly the requested components of the " + kind.name().toLowerCase() + " report, by name");
        for (Component c : kind.components()) {
            o.addProperty(kind.name(c), ref(schemaName(c.shape())));
        }
        return closed(o);
    }

    private static Schema<?> id() {
        return new IntegerSchema().format("int32").description("The component's ID in this report");
    }

    private static Schema<?> instant(String description) {
        return new StringSchema().format("date-time").description(description + " (ISO-8601 UTC with milliseconds)");
    }

    private static <T extends Schema<?>> T nullable(T schema) {
        schema.setNullable(true);
        return schema;
    }

    private static Schema<?> closed(Schema<?> schema) {
        schema.setAdditionalProperties(false);
        return schema;
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }
}
