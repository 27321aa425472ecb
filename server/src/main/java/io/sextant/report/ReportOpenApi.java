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
 * {@code ReportDistribution}, {@code ReportRate}, {@code ReportGoalRates}, {@code ReportRating}),
 * with no other properties allowed. So each value matches exactly one
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
            "Distribution", "Item", "KeyItem", "LabelledItem", "Bucket", "Rate", "RatePeriod", "GoalRates", "GoalRate", "Rating",
            "RatingPeriod");

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
            sb.append("- ").append(kind.id(c)).append(": ").append(kind.name(c)).append(" (").append(c.shape().name().toLowerCase().replace('_', ' ')).append(")\n");
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
            case RATE -> "ReportRate";
            case GOAL_RATES -> "ReportGoalRates";
            case RATING -> "ReportRating";
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
        rateSchemas(s);
        return s;
    }

    /** The schemas of the quality KPIs (docs/quality.md): rate, goal rates, rating. */
    private static void rateSchemas(Map<String, Schema<?>> s) {
        String rounded = "rounded half-up to 4 decimals";
        s.put("ReportRate", closed(new ObjectSchema()
                .description("rate: count of total over the window W (" + names(Shape.RATE) + "), against the previous period "
                        + "P = [from - L, from - 1 ms] of the same length L")
                .addProperty("id", id())
                .addProperty("value", nullable(new NumberSchema().format("double").description("count / total, " + rounded
                        + "; null when total is 0")))
                .addProperty("count", new IntegerSchema().format("int64").description("What the rate counts, in W"))
                .addProperty("total", new IntegerSchema().format("int64").description("What it counts among, in W"))
                .addProperty("previous", ref("ReportRatePeriod"))
                .addProperty("change", nullable(new NumberSchema().format("double")
                        .description("value - previous.value (4 decimals); null when either is null")))
                .addProperty("previousFrom", instant("Start of P"))
                .addProperty("previousTo", instant("End of P, inclusive"))
                .required(List.of("id", "value", "count", "total", "previous", "change", "previousFrom", "previousTo"))));
        s.put("ReportRatePeriod", closed(new ObjectSchema()
                .description("The rate over the previous period P")
                .addProperty("value", nullable(new NumberSchema().format("double").description("count / total, " + rounded
                        + "; null when total is 0")))
                .addProperty("count", new IntegerSchema().format("int64"))
                .addProperty("total", new IntegerSchema().format("int64"))
                .required(List.of("value", "count", "total"))));
        s.put("ReportGoalRates", closed(new ObjectSchema()
                .description("goal rates: per goal, the share of the conversations started in W (and in P) that reached it ("
                        + names(Shape.GOAL_RATES) + "); one item per goal reached by a conversation started in W or P, "
                        + "by count descending, then key ascending")
                .addProperty("id", id())
                .addProperty("total", new IntegerSchema().format("int64").description("Conversations started in W"))
                .addProperty("previousTotal", new IntegerSchema().format("int64").description("Conversations started in P"))
                .addProperty("items", new ArraySchema().items(ref("ReportGoalRate")))
                .addProperty("previousFrom", instant("Start of P"))
                .addProperty("previousTo", instant("End of P, inclusive"))
                .required(List.of("id", "total", "previousTotal", "items", "previousFrom", "previousTo"))));
        s.put("ReportGoalRate", closed(new ObjectSchema()
                .addProperty("key", new StringSchema().description("The goalId"))
                .addProperty("count", new IntegerSchema().format("int64").description("Conversations started in W that reached it"))
                .addProperty("value", nullable(new NumberSchema().format("double").description("count / total, " + rounded
                        + "; null when total is 0")))
                .addProperty("previousCount", new IntegerSchema().format("int64").description("Conversations started in P that reached it"))
                .addProperty("previousValue", nullable(new NumberSchema().format("double").description("previousCount / previousTotal, "
                        + rounded + "; null when previousTotal is 0")))
                .addProperty("change", nullable(new NumberSchema().format("double")
                        .description("value - previousValue (4 decimals); null when either is null")))
                .required(List.of("key", "count", "value", "previousCount", "previousValue", "change"))));
        ObjectSchema scores = new ObjectSchema();
        scores.description("Ratings in W per score");
        List<String> scoreKeys = List.of("1", "2", "3", "4", "5");
        scoreKeys.forEach(k -> scores.addProperty(k, new IntegerSchema().format("int64")));
        s.put("ReportRatingScores", closed(scores.required(scoreKeys)));
        s.put("ReportRatingThumbs", closed(new ObjectSchema()
                .description("Ratings in W per thumbs")
                .addProperty("up", new IntegerSchema().format("int64"))
                .addProperty("down", new IntegerSchema().format("int64"))
                .required(List.of("up", "down"))));
        s.put("ReportRating", closed(new ObjectSchema()
                .description("rating: the rating events in W (" + names(Shape.RATING) + "), against the previous period P")
                .addProperty("id", id())
                .addProperty("average", nullable(new NumberSchema().format("double").description("The average score, " + rounded
                        + "; null without scores")))
                .addProperty("count", new IntegerSchema().format("int64").description("The number of scores (thumbs not included)"))
                .addProperty("scores", ref("ReportRatingScores"))
                .addProperty("thumbs", ref("ReportRatingThumbs"))
                .addProperty("previous", ref("ReportRatingPeriod"))
                .addProperty("change", nullable(new NumberSchema().format("double")
                        .description("average - previous.average (4 decimals); null when either is null")))
                .addProperty("previousFrom", instant("Start of P"))
                .addProperty("previousTo", instant("End of P, inclusive"))
                .required(List.of("id", "average", "count", "scores", "thumbs", "previous", "change", "previousFrom", "previousTo"))));
        s.put("ReportRatingPeriod", closed(new ObjectSchema()
                .description("The scores of the previous period P")
                .addProperty("average", nullable(new NumberSchema().format("double").description("The average score, " + rounded
                        + "; null without scores")))
                .addProperty("count", new IntegerSchema().format("int64"))
                .required(List.of("average", "count"))));
    }

    /** The names of the components of {@code shape}, e.g. "CONTAINMENT_RATE, HANDOVER_RATE". */
    private static String names(Shape shape) {
        return Arrays.stream(Component.values()).filter(c -> c.shape() == shape).map(Component::name).collect(Collectors.joining(", "));
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
