package io.sextant.segment;

import io.sextant.store.Segment;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code filter} parameter in the OpenAPI document, on every endpoint marked {@link Filtered}:
 * a repeatable query parameter ({@code style: form, explode: true}: {@code ?filter=a:b&filter=c:d}),
 * an array of strings whose items carry the grammar as a pattern, so a generated client takes a
 * list and can check each filter before sending it.
 */
@Configuration(proxyBeanMethods = false)
public class SegmentOpenApi {

    /** Each filter: a known key, a colon, a value of at least one character (a key of the grammar, or attr. and an attribute key). */
    public static final String PATTERN = "^(language|channel|channelType|intent|handover|goal|goalReached|rating|attr\\.[A-Za-z0-9_.-]{1,64}):.+$";

    static final String DESCRIPTION = """
            Restricts the answer to a segment of conversations: every figure counts only the events of the \
            conversations that meet ALL filters (repeat the parameter: filter=language:de&filter=handover:no). \
            Each filter is key:value, split at the first colon (the value may hold more). A conversation is judged \
            on everything stored for it, whenever sent:

            - language:<tag> its latest language (de-DE stands for de; unknown: none known)
            - channel:<channelId> the channel of its start (earliest conversation.started); none without a start
            - channelType:<type> the type of that channel (facebook, voice, audiocodes, web, meta-whatsapp, telegram, brevo, email, debug, unknown)
            - intent:<name> it has an intent event of that intent
            - handover:yes|no it has / has no inbox.opened event
            - goal:<goalId> it has a goal event of that goal
            - goalReached:yes|no it has / has no goal event
            - rating:1..5|up|down its latest rating (by time, then ingestion order) is that score or thumb
            - attr.<key>:<value> its attribute <key> (from its latest conversation.started carrying it) has that value

            At most 20 filters. A filter no conversation meets (an unknown attribute, channel, intent or goal) gives \
            an empty segment; a malformed one (no colon, an unknown key, an empty value, a value a key does not take) \
            is a 400 naming it.""";

    @Bean
    OperationCustomizer segmentFilterParameter() {
        return (operation, handler) -> {
            if (handler.getMethodAnnotation(Filtered.class) == null) {
                return operation;
            }
            Schema<String> item = new StringSchema().pattern(PATTERN);
            ArraySchema list = new ArraySchema();
            list.items(item).maxItems(SegmentParser.MAX_FILTERS);
            operation.addParametersItem(new Parameter().name(SegmentParser.PARAMETER).in("query").required(false)
                    .style(Parameter.StyleEnum.FORM).explode(true).schema(list).description(DESCRIPTION)
                    .example(List.of(Segment.Kind.LANGUAGE.key() + ":de", Segment.Kind.HANDOVER.key() + ":no")));
            return operation;
        };
    }
}
