package io.sextant.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Event;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.EventLog;
import io.sextant.support.JsonCompare;
import io.sextant.support.LoggedEvent;
import io.sextant.support.PathsModel;
import io.sextant.support.RandomEvents;
import io.sextant.support.ReferenceModel;
import io.sextant.support.SegmentModel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The guard of the flow paths report: random traffic of every event type plus long random walks
 * through the flow (self-loops, revisits, steps in the same millisecond that only ingestion order
 * sorts, hopping channels), sent through the HTTP API in shuffled batches with re-sent ids, and
 * every answer compared with the brute-force {@link PathsModel} over the events the service
 * accepted: windows over everything, empty, one millisecond, and with edges exactly on event times
 * and one millisecond either side; each with and without {@code fromStep}, for all channels and for
 * each one, with the default limit and small and large ones. Then every kind of segment
 * ({@link SegmentModel#filterLists}), alone and combined, against the model of the segment's
 * conversations found by brute force, the windows and variants taken in turn.
 *
 * <p>Deterministic: the seed is fixed (override with -Dsextant.seed=…) and printed on failure.
 */
class PathsReferenceTest extends ApiTest {

    private static final String BOT = "bot-paths";
    private static final String OTHER = "bot-paths-other";
    private static final List<String> EVENT_CHANNELS = List.of("web-1", "tg-1", "voice-1", "ghost-1");
    private static final Map<String, String> REGISTERED = Map.of("web-1", "web", "tg-1", "telegram", "voice-1", "voice");
    private static final long LO = Instant.parse("2025-03-18T00:00:00Z").toEpochMilli();
    private static final long HI = Instant.parse("2025-03-25T00:00:00Z").toEpochMilli();

    /** A window to check. */
    record Window(String name, long from, long to) {}

    private final EventLog log = new EventLog();

    /** How many windows each filter list is checked over (a subclass on a slower engine may check fewer). */
    protected int segmentChecksPerList() {
        return 2;
    }

    /** How many requests each window gets: all its variants (a subclass on a slower engine may ask fewer). */
    protected int variantsPerWindow() {
        return Integer.MAX_VALUE;
    }

    @Test
    void everyAnswerEqualsTheBruteForceModel() {
        long seed = Long.getLong("sextant.seed", 20250318L);
        try {
            run(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dsextant.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private void run(long seed) {
        for (String channel : REGISTERED.keySet()) {
            register(BOT, channel);
        }
        Random random = new Random(seed);
        List<Long> hot = List.of(LO, LO + 1, HI - 1, HI, Instant.parse("2025-03-20T12:00:00Z").toEpochMilli(),
                Instant.parse("2025-03-20T12:00:00.001Z").toEpochMilli(), Instant.parse("2025-03-22T00:00:00Z").toEpochMilli());
        for (String chatbot : List.of(BOT, OTHER)) {
            RandomEvents gen = new RandomEvents(chatbot.equals(BOT) ? seed : seed + 1, LO, HI, hot, EVENT_CHANNELS);
            List<List<Event>> batches = gen.batches(120, 4);
            List<Event> flows = new ArrayList<>(gen.flows(chatbot.equals(BOT) ? 150 : 20));
            java.util.Collections.shuffle(flows, random);
            for (int i = 0; i < flows.size(); i++) {
                batches.get(i % batches.size()).add(flows.get(i));
            }
            for (List<Event> batch : batches) {
                send(chatbot, batch);
            }
        }

        PathsModel model = new PathsModel(log.model(BOT));
        List<Window> windows = windows(random);
        List<String> steps = RandomEvents.stepIds();
        int compared = 0;
        for (Window w : windows) {
            List<Object[]> variants = new ArrayList<>();
            variants.add(new Object[] {null, null, null});
            variants.add(new Object[] {null, steps.get(random.nextInt(steps.size())), 3});
            variants.add(new Object[] {null, "menu", 1});
            variants.add(new Object[] {"web-1", null, 500});
            variants.add(new Object[] {EVENT_CHANNELS.get(random.nextInt(EVENT_CHANNELS.size())), steps.get(random.nextInt(steps.size())), null});
            variants.add(new Object[] {"ghost-1", null, 2});
            variants.add(new Object[] {null, "no-such-step", null});
            for (Object[] v : variants.subList(0, Math.min(variants.size(), variantsPerWindow()))) {
                compare(BOT, model, w, (String) v[0], (String) v[1], (Integer) v[2], random);
                compared++;
            }
        }
        // the other chatbot's traffic is kept apart
        compare(OTHER, new PathsModel(log.model(OTHER)), windows.getFirst(), null, null, null, random);
        compared++;

        compared += checkSegments(windows, steps, random);

        Map<String, List<String>> all = model.paths(null, windows.getFirst().from(), windows.getFirst().to(), null);
        assertThat(all.size()).as("conversations with a path").isGreaterThan(150);
        assertThat(all.values().stream().filter(p -> p.size() >= 6)).as("long paths").hasSizeGreaterThan(30);
        assertThat(compared).isGreaterThanOrEqualTo(windows.size() + 1);
    }

    /** Each filter list over {@link #segmentChecksPerList} windows, whole paths and from a step, of all channels or one, in turn. */
    private int checkSegments(List<Window> windows, List<String> steps, Random random) {
        ReferenceModel chatbot = log.model(BOT);
        Map<String, String> types = new LinkedHashMap<>(REGISTERED);
        types.put("ghost-1", "unknown");
        List<List<String>> lists = SegmentModel.filterLists("web-1", "telegram");
        int compared = 0;
        for (int i = 0; i < lists.size(); i++) {
            List<String> filters = lists.get(i);
            PathsModel model = new PathsModel(SegmentModel.checkedRestrict(chatbot, types, filters), chatbot);
            for (int k = 0; k < segmentChecksPerList(); k++) {
                int n = i * segmentChecksPerList() + k;
                Window w = n % 3 == 0 ? windows.getFirst() : windows.get(3 + n % (windows.size() - 3)); // everything, hot or event edges
                String channel = n % 4 == 1 ? EVENT_CHANNELS.get(n % EVENT_CHANNELS.size()) : null;
                String fromStep = n % 2 == 1 ? steps.get(n % steps.size()) : null;
                compare(BOT, model, w, channel, fromStep, n % 5 == 0 ? 3 : null, filters, random);
                compared++;
            }
        }
        return compared;
    }

    /** Everything, nothing, one millisecond where steps tie, and windows whose edges are event times (± 1 ms). */
    private List<Window> windows(Random random) {
        List<Window> windows = new ArrayList<>();
        windows.add(new Window("everything", LO - 86_400_000L, HI + 3 * 86_400_000L));
        windows.add(new Window("empty", Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(), Instant.parse("2024-01-31T23:59:59.999Z").toEpochMilli()));
        windows.add(new Window("one-ms-of-ties", HI, HI));
        windows.add(new Window("hot-edges", Instant.parse("2025-03-20T12:00:00.001Z").toEpochMilli(), Instant.parse("2025-03-22T00:00:00Z").toEpochMilli()));
        List<LoggedEvent> events = log.model(BOT).events();
        for (int i = 0; i < 8; i++) {
            long a = events.get(random.nextInt(events.size())).ts() + random.nextInt(3) - 1;
            long b = events.get(random.nextInt(events.size())).ts() + random.nextInt(3) - 1;
            windows.add(new Window("event-edges-" + i, Math.min(a, b), Math.max(a, b)));
        }
        return windows;
    }

    private void compare(String chatbot, PathsModel model, Window w, String channelId, String fromStep, Integer limit, Random random) {
        compare(chatbot, model, w, channelId, fromStep, limit, List.of(), random);
    }

    private void compare(String chatbot, PathsModel model, Window w, String channelId, String fromStep, Integer limit,
            List<String> filters, Random random) {
        Map<String, Object> q = new LinkedHashMap<>();
        // the same instants written with an offset now and then: the window is absolute
        q.put("from", random.nextBoolean() ? Instant.ofEpochMilli(w.from()).toString()
                : Instant.ofEpochMilli(w.from()).atOffset(ZoneOffset.ofHoursMinutes(5, 30)).toString());
        q.put("to", Instant.ofEpochMilli(w.to()).toString());
        if (channelId != null) {
            q.put("channelId", channelId);
        }
        if (fromStep != null) {
            q.put("fromStep", fromStep);
        }
        if (limit != null) {
            q.put("limit", limit);
        }
        String path = "/v1/chatbots/" + chatbot + "/statistics/reports/paths?" + Api.query(q) + SegmentModel.query(filters);
        Api.Response r = api.get(path);
        assertThat(r.status()).as("%s %s", path, r.body()).isEqualTo(200);
        JsonNode expected = model.expected(chatbot, channelId, w.from(), w.to(), fromStep, limit == null ? 50 : limit);
        Optional<String> diff = JsonCompare.difference(expected, r.json());
        if (diff.isPresent()) {
            throw new AssertionError(w + " " + filters + " " + path + ": " + diff.get());
        }
    }

    private void send(String chatbotId, List<Event> batch) {
        Api.Response r = api.ingest(chatbotId, batch.stream().map(RandomEvents::wire).toList());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        int accepted = log.accept(chatbotId, batch);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(accepted);
    }

    private void register(String chatbotId, String channelId) {
        Api.Response r = api.put("/v1/chatbots/" + chatbotId + "/statistics/channels/" + channelId,
                Map.of("name", "Channel " + channelId, "type", REGISTERED.get(channelId)), api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
