package io.sextant.report;

import io.sextant.api.ApiException;
import io.sextant.api.Instants;
import io.sextant.channel.ChannelService;
import io.sextant.segment.SegmentParser;
import io.sextant.store.PathsData;
import io.sextant.store.PathsQuery;
import io.sextant.store.PathsStore;
import io.sextant.store.Segment;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Answers the flow paths report: checks that the chatbot (and channel) exist, parses the
 * parameters (a segment's filters among them), asks the store for the aggregated paths and orders
 * and cuts them. The definitions are
 * in docs/quality.md ("Flow paths").
 */
@Service
public class PathsService {

    /**
     * The raw query parameters of a paths request, as sent (null when absent).
     *
     * @param filters the values of every {@code filter} parameter, in order (null or empty: none)
     */
    public record Parameters(String from, String to, String channelId, String fromStep, String limit, String timezone,
            List<String> filters) {

        public Parameters(String from, String to, String channelId, String fromStep, String limit, String timezone) {
            this(from, to, channelId, fromStep, limit, timezone, null);
        }
    }

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    static final int MAX_STEP_ID = 200;

    private static final Comparator<PathsView.Step> STEP_ORDER =
            Comparator.comparingLong(PathsView.Step::visits).reversed().thenComparing(PathsView.Step::stepId);
    private static final Comparator<PathsData.Edge> EDGE_ORDER = Comparator.comparingLong(PathsData.Edge::count).reversed()
            .thenComparing(PathsData.Edge::from).thenComparing(PathsData.Edge::to);

    private final ChannelService channels;
    private final PathsStore store;

    public PathsService(ChannelService channels, PathsStore store) {
        this.channels = channels;
        this.store = store;
    }

    /** 404 for an unknown chatbot or a channel it does not have, then 400 for bad parameters. */
    public PathsView paths(String chatbotId, Parameters p) {
        if (p.channelId() == null) {
            channels.requireChatbot(chatbotId);
        } else {
            channels.require(chatbotId, p.channelId());
        }
        if (p.timezone() != null) {
            throw ApiException.badRequest("timezone is not a parameter of the paths report: its window [from, to] is not split by time");
        }
        TimeWindow w = TimeWindow.range(p.from(), p.to());
        String fromStep = fromStep(p.fromStep());
        int limit = limit(p.limit());
        Segment segment = SegmentParser.parse(p.filters());

        PathsData data = store.paths(new PathsQuery(chatbotId, p.channelId(), w.from(), w.to(), fromStep, segment));
        List<PathsView.Step> steps = data.steps().stream()
                .map(s -> new PathsView.Step(s.stepId(), s.label(), s.visits(), s.conversations(), s.endings(), s.dropOffs(),
                        ReportService.share(s.dropOffs(), s.conversations())))
                .sorted(STEP_ORDER)
                .toList();
        List<PathsView.Edge> edges = data.edges().stream()
                .sorted(EDGE_ORDER)
                .limit(limit)
                .map(e -> new PathsView.Edge(e.from(), e.to(), e.count(), e.conversations()))
                .toList();
        return new PathsView(chatbotId, Instants.format(w.from()), Instants.format(w.to()), fromStep, data.conversations(),
                steps, edges, data.edges().size());
    }

    /** Null when absent; else a step id of 1 to 200 characters, as ingestion accepts them. */
    static String fromStep(String raw) {
        if (raw == null) {
            return null;
        }
        int length = raw.codePointCount(0, raw.length());
        if (length < 1 || length > MAX_STEP_ID) {
            throw ApiException.badRequest("fromStep must be a step id of 1 to " + MAX_STEP_ID + " characters");
        }
        return raw;
    }

    /** {@value #DEFAULT_LIMIT} when absent; else a whole number from 1 to {@value #MAX_LIMIT}. */
    static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit '" + raw + "' is invalid; expected a whole number from 1 to " + MAX_LIMIT);
    }
}
