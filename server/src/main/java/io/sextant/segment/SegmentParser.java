package io.sextant.segment;

import io.sextant.api.ApiException;
import io.sextant.event.Syntax;
import io.sextant.store.ChannelType;
import io.sextant.store.Segment;
import io.sextant.store.Segment.Condition;
import io.sextant.store.Segment.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code filter} values of a request (or the {@code filters} of an export request) into a
 * {@link Segment}, once per request; every problem is a 400 that names the filter as sent.
 *
 * <p>Grammar (docs/quality.md, Segments): each filter is {@code key:value}, split at the first
 * {@code :} (so a value may hold more), all combine with AND:
 * {@code language:<tag>}, {@code channel:<channelId>}, {@code channelType:<type>},
 * {@code intent:<name>}, {@code handover:yes|no}, {@code goal:<goalId>}, {@code goalReached:yes|no},
 * {@code rating:1..5|up|down}, {@code attr.<key>:<value>}. A value is never empty; a language is a
 * tag as ingestion reads it and stands for its primary subtag; an attribute key follows ingestion's
 * rule. A well-formed filter that no conversation meets (an unknown attribute, channel or intent)
 * is an empty segment, not an error.
 */
public final class SegmentParser {

    /** The query parameter, repeatable. */
    public static final String PARAMETER = "filter";

    /** The most filters one request may combine. */
    public static final int MAX_FILTERS = 20;

    private static final Set<String> YES_NO = Set.of("yes", "no");
    private static final List<String> RATINGS = List.of("1", "2", "3", "4", "5", "up", "down");
    private static final List<String> CHANNEL_TYPES = Arrays.stream(ChannelType.values()).map(ChannelType::wireName).toList();

    private SegmentParser() {}

    /** The segment of the filters (null or none: every conversation); 400 naming the first bad filter. */
    public static Segment parse(List<String> filters) {
        if (filters == null || filters.isEmpty()) {
            return Segment.ALL;
        }
        if (filters.size() > MAX_FILTERS) {
            throw ApiException.badRequest("at most " + MAX_FILTERS + " filters may be combined, not " + filters.size());
        }
        List<Condition> conditions = new ArrayList<>(filters.size());
        for (String f : filters) {
            conditions.add(condition(f));
        }
        return new Segment(conditions);
    }

    /** The segment of the filters of a request's query string ({@code String[]} as the servlet gives them; null: none). */
    public static Segment parse(String[] filters) {
        return parse(filters == null ? null : Arrays.asList(filters));
    }

    static Condition condition(String filter) {
        int colon = filter.indexOf(':');
        if (colon <= 0) {
            throw malformed(filter, "expected key:value, such as language:de");
        }
        String key = filter.substring(0, colon);
        String value = filter.substring(colon + 1);
        if (value.isEmpty()) {
            throw malformed(filter, "the value is empty");
        }
        if (key.startsWith(Kind.ATTRIBUTE.key())) {
            String attribute = key.substring(Kind.ATTRIBUTE.key().length());
            if (!Syntax.ATTRIBUTE_KEY.matcher(attribute).matches()) {
                throw malformed(filter, "attr. is followed by an attribute key of 1 to " + Syntax.MAX_ATTRIBUTE_KEY
                        + " characters of A-Z, a-z, 0-9, _, . and -");
            }
            return Condition.attribute(attribute, value);
        }
        Kind kind = kind(key).orElseThrow(() -> malformed(filter, "unknown key '" + key + "'; the keys are "
                + Arrays.stream(Kind.values()).map(k -> k == Kind.ATTRIBUTE ? "attr.<key>" : k.key()).collect(Collectors.joining(", "))));
        return switch (kind) {
            case LANGUAGE -> Condition.of(kind, Syntax.language(value)
                    .orElseThrow(() -> malformed(filter, "language takes a language tag such as de or de-DE")));
            case HANDOVER, GOAL_REACHED -> {
                if (!YES_NO.contains(value)) {
                    throw malformed(filter, key + " takes yes or no");
                }
                yield Condition.of(kind, value);
            }
            case RATING -> {
                if (!RATINGS.contains(value)) {
                    throw malformed(filter, "rating takes 1, 2, 3, 4, 5, up or down");
                }
                yield Condition.of(kind, value);
            }
            case CHANNEL_TYPE -> {
                if (!CHANNEL_TYPES.contains(value)) {
                    throw malformed(filter, "channelType takes one of " + String.join(", ", CHANNEL_TYPES));
                }
                yield Condition.of(kind, value);
            }
            case CHANNEL, INTENT, GOAL -> Condition.of(kind, value);
            case ATTRIBUTE -> throw new IllegalStateException("attributes are read above");
        };
    }

    private static Optional<Kind> kind(String key) {
        return Arrays.stream(Kind.values()).filter(k -> k != Kind.ATTRIBUTE && k.key().equals(key)).findFirst();
    }

    private static ApiException malformed(String filter, String why) {
        return ApiException.badRequest("filter '" + filter + "' is malformed: " + why);
    }
}
