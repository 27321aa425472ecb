package io.sextant.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.EventType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Segments by brute force: the words of docs/quality.md ("Segments") applied to a chatbot's logged
 * events in plain Java, one conversation at a time, with no shared code with the service (its own
 * reading of a filter, its own normalising of a language tag). The reference tests restrict their
 * models to the conversations found here and compare every answer of a filtered request with them.
 */
public final class SegmentModel {

    private SegmentModel() {}

    /**
     * The filter lists every reference test checks, for a chatbot with {@link RandomEvents} traffic:
     * each kind alone (a language in another spelling, {@code unknown} languages and channel types,
     * non-ASCII values, a value with a colon in it, a dotted attribute key), two and three combined
     * (one of them only conditions that leave conversations out), an unknown attribute and two
     * languages at once (both empty segments), and a list with a repeat in another order.
     *
     * @param channel a channel of the chatbot's traffic
     * @param channelType the type of a channel of its traffic
     */
    public static List<List<String>> filterLists(String channel, String channelType) {
        return List.of(
                List.of("language:de"),
                List.of("language:EN-gb"),
                List.of("language:unknown"),
                List.of("channel:" + channel),
                List.of("channelType:" + channelType),
                List.of("channelType:unknown"),
                List.of("intent:Ärger"),
                List.of("handover:yes"),
                List.of("handover:no"),
                List.of("goal:Anmeldung ✓"),
                List.of("goalReached:yes"),
                List.of("goalReached:no"),
                List.of("rating:4"),
                List.of("rating:up"),
                List.of("rating:down"),
                List.of("attr.campaign:spring"),
                List.of("attr.utm.source:a:b"),
                List.of("attr.nope:spring"),
                List.of("language:de", "handover:no"),
                List.of("goalReached:yes", "attr.plan:pro", "intent:refund"),
                List.of("handover:no", "goalReached:no", "language:unknown"),
                List.of("channel:" + channel, "rating:5"),
                List.of("language:de", "language:en"),
                List.of("handover:no", "attr.campaign:Grüße", "handover:no"));
    }

    /** The filter lists that name no conversation whatever the traffic. */
    public static boolean alwaysEmpty(List<String> filters) {
        return filters.contains("attr.nope:spring") || (filters.contains("language:de") && filters.contains("language:en"));
    }

    /**
     * The chatbot's model restricted to the events of the conversations that meet every filter.
     *
     * @param chatbot every event of the chatbot
     * @param channelTypes the current type of each registered channel (others are {@code unknown})
     */
    public static ReferenceModel restrict(ReferenceModel chatbot, Map<String, String> channelTypes, List<String> filters) {
        Set<String> in = conversations(chatbot, channelTypes, filters);
        return chatbot.where(e -> in.contains(e.conversationId()));
    }

    /**
     * As {@link #restrict}, and fails unless the segment is a real test of the filters: empty for the
     * lists that can name no conversation ({@link #alwaysEmpty}), else some of the chatbot's
     * conversations but not all.
     */
    public static ReferenceModel checkedRestrict(ReferenceModel chatbot, Map<String, String> channelTypes, List<String> filters) {
        ReferenceModel segment = restrict(chatbot, channelTypes, filters);
        int conversations = segment.byConversation().size();
        if (alwaysEmpty(filters)) {
            assertThat(conversations).as("%s names no conversation", filters).isZero();
        } else {
            assertThat(conversations).as("%s names some conversations, not all", filters)
                    .isPositive().isLessThan(chatbot.byConversation().size());
        }
        return segment;
    }

    /** {@code &filter=…} for each filter, in order, encoded for a query string. */
    public static String query(List<String> filters) {
        StringBuilder sb = new StringBuilder();
        filters.forEach(f -> sb.append("&filter=").append(URLEncoder.encode(f, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    /** The ids of the chatbot's conversations that meet every filter. */
    public static Set<String> conversations(ReferenceModel chatbot, Map<String, String> channelTypes, List<String> filters) {
        Set<String> out = new HashSet<>();
        for (var c : chatbot.byConversation().entrySet()) {
            boolean all = true;
            for (String f : filters) {
                all &= meets(chatbot, channelTypes, c.getKey(), c.getValue(), f);
            }
            if (all) {
                out.add(c.getKey());
            }
        }
        return out;
    }

    private static boolean meets(ReferenceModel chatbot, Map<String, String> channelTypes, String conversation,
            List<LoggedEvent> events, String filter) {
        int colon = filter.indexOf(':');
        String key = filter.substring(0, colon);
        String value = filter.substring(colon + 1);
        LoggedEvent start = chatbot.conversationStarts().get(conversation);
        if (key.startsWith("attr.")) {
            String attribute = key.substring("attr.".length());
            LoggedEvent latest = null;
            for (LoggedEvent e : events) {
                if (e.type() == EventType.CONVERSATION_STARTED && e.attributes().containsKey(attribute)
                        && (latest == null || LoggedEvent.TIME_ORDER.compare(e, latest) > 0)) {
                    latest = e;
                }
            }
            return latest != null && latest.attributes().get(attribute).equals(value);
        }
        return switch (key) {
            case "language" -> chatbot.language(conversation).orElse("unknown").equals(primarySubtag(value));
            case "channel" -> start != null && start.channelId().equals(value);
            case "channelType" -> start != null && channelTypes.getOrDefault(start.channelId(), "unknown").equals(value);
            case "intent" -> events.stream().anyMatch(e -> e.type() == EventType.INTENT && e.intent().intent().equals(value));
            case "handover" -> events.stream().anyMatch(e -> e.type() == EventType.INBOX_OPENED) == value.equals("yes");
            case "goal" -> events.stream().anyMatch(e -> e.type() == EventType.GOAL && e.goal().goalId().equals(value));
            case "goalReached" -> events.stream().anyMatch(e -> e.type() == EventType.GOAL) == value.equals("yes");
            case "rating" -> {
                LoggedEvent latest = events.stream().filter(e -> e.type() == EventType.RATING).max(LoggedEvent.TIME_ORDER).orElse(null);
                yield latest != null && (latest.rating().score() != null
                        ? String.valueOf(latest.rating().score()) : latest.rating().thumbs().wireName()).equals(value);
            }
            default -> throw new IllegalArgumentException("the model knows no filter key " + key);
        };
    }

    /** de-DE, de_de, DE → de. */
    private static String primarySubtag(String tag) {
        List<String> parts = new ArrayList<>(List.of(tag.split("[-_]")));
        return parts.getFirst().toLowerCase(Locale.ROOT);
    }
}
