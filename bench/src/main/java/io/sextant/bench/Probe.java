package io.sextant.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One kind of read request the benchmark times: a report, the flow paths report, the inbox
 * statistics or a whole export.
 *
 * @param name short name in the table and the results file
 * @param description what it asks for
 * @param path the GET path with its query, or for an export the POST path
 * @param export true for an export: POST, poll until completed, download
 * @param to the {@code to} parameter as sent, when the server may keep the answer (a report) or
 *     parts of it (the days of a daily export, the agent counts of the inbox's whole days)
 *     ({@link #computed}); null otherwise
 */
record Probe(String name, String description, String path, boolean export, String to) {

    /** Whether the server may answer this probe, or part of it, from what it keeps. */
    boolean cacheable() {
        return to != null;
    }

    /**
     * The same report over a window {@code k} ms shorter: as much work, but a different question,
     * so the server computes it instead of answering from its cache. For a daily export, the last
     * day is then another bucket: the server computes it and takes the other days from those it
     * keeps, as for an export of a window that ends now. For the inbox statistics, the thread
     * statistics are computed whole and the agent counts of the last, partial day.
     */
    Probe computed(int k) {
        String shorter = Instant.parse(to).minusMillis(k).toString();
        return new Probe(name, description, path.replace("to=" + to, "to=" + shorter), export, shorter);
    }

    static final List<Integer> OVERVIEW_ALL = IntStream.rangeClosed(0, 16).boxed().toList();
    /** The overview's 17 components and its six quality KPIs (docs/quality.md). */
    static final List<Integer> OVERVIEW_WITH_KPIS = IntStream.rangeClosed(0, 22).boxed().toList();
    static final List<Integer> CHANNEL_ALL = IntStream.rangeClosed(0, 22).boxed().toList();
    /** MESSAGE_COUNT: a count over the largest table. */
    static final int SINGLE_COMPONENT = 7;
    /** The segment of the filtered overview: German conversations never handed over (a question a dashboard asks). */
    static final String SEGMENT = "&filter=language:de&filter=handover:no";

    /**
     * The probes of one chatbot over a window of whole days ending at {@code end}: full overview
     * (of all conversations, of a segment, and with the quality KPIs) and channel reports daily
     * over the window, one component, the last day hourly, the flow paths of the window (never
     * kept: always computed), the inbox (whose agent counts of whole days the server keeps) and a
     * daily export (whose days the server keeps).
     */
    static List<Probe> all(String chatbot, String webChannel, String voiceChannel, Instant from, Instant end) {
        String to = end.minusMillis(1).toString();
        String window = "from=" + from + "&to=" + to;
        String lastDay = "from=" + end.minusSeconds(86_400) + "&to=" + to;
        String base = "/v1/chatbots/" + encode(chatbot) + "/statistics";
        return List.of(
                new Probe("overview", "overview report, all 17 components, daily", base + "/reports/overview?" + window
                        + "&interval=86400&components=" + ids(OVERVIEW_ALL), false, to),
                new Probe("overview-filtered", "overview report, all 17 components, daily, of the segment language:de, handover:no",
                        base + "/reports/overview?" + window + "&interval=86400&components=" + ids(OVERVIEW_ALL) + SEGMENT, false, to),
                new Probe("overview-kpis", "overview report, all 17 components and the six quality KPIs, daily",
                        base + "/reports/overview?" + window + "&interval=86400&components=" + ids(OVERVIEW_WITH_KPIS), false, to),
                new Probe("channel-web", "channel report '" + webChannel + "' (web), all 23 components, daily",
                        base + "/reports/channel?channelId=" + encode(webChannel) + "&" + window
                                + "&interval=86400&components=" + ids(CHANNEL_ALL), false, to),
                new Probe("channel-voice", "channel report '" + voiceChannel + "' (voice), all 23 components, daily",
                        base + "/reports/channel?channelId=" + encode(voiceChannel) + "&" + window
                                + "&interval=86400&components=" + ids(CHANNEL_ALL), false, to),
                new Probe("single-component", "overview report, MESSAGE_COUNT only", base + "/reports/overview?" + window
                        + "&interval=86400&components=" + SINGLE_COMPONENT, false, to),
                new Probe("overview-hourly-day", "overview report, all 17 components, hourly, the last day",
                        base + "/reports/overview?" + lastDay + "&interval=3600&components=" + ids(OVERVIEW_ALL), false, to),
                new Probe("paths", "flow paths report, whole paths, the 50 most frequent transitions",
                        base + "/reports/paths?" + window, false, null),
                new Probe("inbox", "inbox statistics", base + "/inbox?" + window, false, to),
                new Probe("export-daily", "daily export: POST, poll until completed, download", base + "/export?" + window, true, to));
    }

    private static String ids(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
