package io.sextant.support;

import io.sextant.api.Instants;
import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random traffic of every event type for one chatbot, meant to be awkward: conversations on
 * several channels (and sometimes hopping between them), several or no {@code conversation.started}
 * events, languages that change later, messages of conversations that never started, timestamps
 * exactly on the given "hot" instants (window edges), everything shuffled into batches out of order,
 * and duplicates re-sent later with a different payload (the first version must win).
 *
 * <p>Use {@link #batches} to get the batches to send in order, {@link #wire} to turn an event into
 * its JSON form, and {@link EventLog#accept} to record what the service accepted.
 */
public final class RandomEvents {

    private static final String[] LANGUAGES = {"de", "en", "fr", "es"};
    private static final String[] INTENTS = {"greeting", "order.status", "refund", "smalltalk", "goodbye", "Ärger"};
    private static final String[] STEPS = {"start", "menu", "ask-name", "handover", "faq", "end"};
    private static final String[] KINDS = {"button", "quick-reply", "carousel"};
    private static final String[] END_REASONS = {"hangup", "transfer", "timeout", "completed"};
    private static final String[] EXIT_STEPS = {"menu", "handover", "goodbye"};
    private static final String[] TARGETS = {"+4930123456", "sales", "support"};
    private static final String[] AGENTS = {"agent-a", "agent-b", "agent-c"};

    private final long seed;
    private final Random random;
    private final long lo;
    private final long hi;
    private final List<Long> hot;
    private final List<String> channels;
    private int nextId;
    private long lastTs;

    /**
     * @param lo, hi the range most timestamps fall in (epoch ms, inclusive)
     * @param hot instants that timestamps hit exactly now and then (window edges, bucket starts …)
     * @param channels the channel ids to spread conversations over
     */
    public RandomEvents(long seed, long lo, long hi, List<Long> hot, List<String> channels) {
        this.seed = seed;
        this.random = new Random(seed);
        this.lo = lo;
        this.hi = hi;
        this.hot = List.copyOf(hot);
        this.channels = List.copyOf(channels);
    }

    public long seed() {
        return seed;
    }

    /**
     * Events of {@code conversations} random conversations, shuffled into {@code batchCount} batches;
     * later batches also re-send some earlier ids with changed payloads, and some batches repeat an id
     * of their own.
     */
    public List<List<Event>> batches(int conversations, int batchCount) {
        List<Event> all = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            conversation("conv-" + seed + "-" + c, all);
        }
        tiedSteps("conv-" + seed + "-tail", all);
        Collections.shuffle(all, random);
        List<List<Event>> batches = new ArrayList<>();
        for (int b = 0; b < batchCount; b++) {
            batches.add(new ArrayList<>(all.subList(all.size() * b / batchCount, all.size() * (b + 1) / batchCount)));
        }
        for (int b = 0; b < batchCount; b++) {
            List<Event> batch = batches.get(b);
            int dups = 1 + batch.size() / 25;
            for (int i = 0; i < dups; i++) {
                List<Event> source = batches.get(random.nextInt(b + 1));
                if (source.isEmpty()) {
                    continue;
                }
                batch.add(altered(source.get(random.nextInt(source.size()))));
            }
        }
        return batches;
    }

    private void conversation(String id, List<Event> out) {
        String home = pick(channels);
        long t0 = random.nextInt(4) == 0 ? pick(hot) : between(lo, hi);
        lastTs = t0;
        int starts = switch (random.nextInt(10)) {
            case 0, 1 -> 0;
            case 2, 3 -> 2 + random.nextInt(2);
            default -> 1;
        };
        for (int i = 0; i < starts; i++) {
            long ts = i == 0 ? t0 : time(t0);
            out.add(event(EventType.CONVERSATION_STARTED, ts, channel(home), id, b -> b.language = maybe(LANGUAGES, 2)));
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            out.add(event(EventType.CONVERSATION_LANGUAGE, time(t0), channel(home), id, b -> b.language = pick(LANGUAGES)));
        }
        for (int i = random.nextInt(9); i > 0; i--) {
            out.add(event(EventType.MESSAGE, time(t0), channel(home), id, b -> {
                b.direction = Direction.values()[random.nextInt(3)];
                b.length = random.nextInt(5) == 0 ? random.nextInt(3) : random.nextInt(400);
                b.agentId = b.direction == Direction.AGENT ? pick(AGENTS) : null;
            }));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            out.add(event(EventType.INTENT, time(t0), channel(home), id, b -> {
                b.intent = pick(INTENTS);
                b.score = random.nextInt(8) == 0 ? (double) random.nextInt(2) : random.nextInt(1001) / 1000.0;
            }));
        }
        for (int i = random.nextInt(5); i > 0; i--) {
            out.add(event(EventType.STEP, time(t0), channel(home), id, b -> {
                b.stepId = pick(STEPS);
                b.stepName = random.nextInt(3) == 0 ? null : b.stepId + " v" + random.nextInt(4);
            }));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            out.add(event(EventType.INTERACTION, time(t0), channel(home), id, b -> b.kind = maybe(KINDS, 3)));
        }
        for (int i = random.nextInt(home.contains("voice") ? 3 : 2); i > 0; i--) {
            out.add(event(EventType.CALL_ENDED, time(t0), channel(home), id, b -> {
                b.durationSeconds = random.nextInt(6) == 0 ? 0.0 : random.nextInt(36000) / 10.0;
                b.userInputs = random.nextInt(12);
                b.endReason = pick(END_REASONS);
                b.exitStep = maybe(EXIT_STEPS, 2);
                b.transferTarget = maybe(TARGETS, 2);
            }));
        }
        if (random.nextInt(3) == 0) {
            out.add(event(EventType.INBOX_OPENED, time(t0), channel(home), id, b -> {}));
            out.add(event(EventType.INBOX_ASSIGNED, time(t0), channel(home), id, b -> b.agentId = pick(AGENTS)));
            out.add(event(EventType.INBOX_CLOSED, time(t0), channel(home), id, b -> b.agentId = maybe(AGENTS, 2)));
        }
    }

    /**
     * For every step id, two steps with different names in the same millisecond at the end of the
     * range: which name is the latest is decided by ingestion order alone.
     */
    private void tiedSteps(String conversationId, List<Event> out) {
        for (String step : STEPS) {
            String channel = pick(channels);
            for (int i = 0; i < 2; i++) {
                String name = step + " final " + random.nextInt(100);
                out.add(event(EventType.STEP, hi, channel, conversationId, b -> {
                    b.stepId = step;
                    b.stepName = name;
                }));
            }
        }
    }

    /** The same id with another payload: another time, and another channel now and then. */
    private Event altered(Event e) {
        return new Event(e.id(), e.type(), time(e.ts()), random.nextBoolean() ? e.channelId() : pick(channels),
                e.conversationId(), e.type() == EventType.CONVERSATION_LANGUAGE ? pick(LANGUAGES) : e.language(),
                e.direction(), e.length() == null ? null : e.length() + 1, e.agentId(), e.intent(), e.score(),
                e.stepId(), e.stepName(), e.kind(), e.durationSeconds(), e.userInputs(), e.endReason(), e.exitStep(),
                e.transferTarget());
    }

    /** Mostly near {@code t0} (before or after), sometimes a hot instant, anywhere in range, or the previous event's time. */
    private long time(long t0) {
        lastTs = switch (random.nextInt(12)) {
            case 0, 1 -> pick(hot);
            case 2 -> between(lo, hi);
            case 3 -> t0 - random.nextInt(3_600_000);
            case 4, 5 -> lastTs; // the same millisecond as the event before: only seq orders them
            default -> t0 + random.nextLong(2 * 86_400_000L);
        };
        return lastTs;
    }

    /** Another channel of the chatbot now and then: conversations may hop. */
    private String channel(String home) {
        return random.nextInt(12) == 0 ? pick(channels) : home;
    }

    private long between(long a, long b) {
        return a + random.nextLong(b - a + 1);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A random value, or null one time in {@code oneIn}. */
    private String maybe(String[] values, int oneIn) {
        return random.nextInt(oneIn) == 0 ? null : pick(values);
    }

    private static final class Fields {
        String language;
        Direction direction;
        Integer length;
        String agentId;
        String intent;
        Double score;
        String stepId;
        String stepName;
        String kind;
        Double durationSeconds;
        Integer userInputs;
        String endReason;
        String exitStep;
        String transferTarget;
    }

    private Event event(EventType type, long ts, String channelId, String conversationId, java.util.function.Consumer<Fields> fill) {
        Fields f = new Fields();
        fill.accept(f);
        return new Event("ev-" + seed + "-" + nextId++, type, ts, channelId, conversationId, f.language, f.direction,
                f.length, f.agentId, f.intent, f.score, f.stepId, f.stepName, f.kind, f.durationSeconds, f.userInputs,
                f.endReason, f.exitStep, f.transferTarget);
    }

    /** The event as a chatbot runtime sends it (only the fields its type has). */
    public static Map<String, Object> wire(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("type", e.type().wireName());
        m.put("timestamp", Instants.format(e.ts()));
        m.put("channelId", e.channelId());
        m.put("conversationId", e.conversationId());
        switch (e.type()) {
            case CONVERSATION_STARTED, CONVERSATION_LANGUAGE -> putIf(m, "language", e.language());
            case MESSAGE -> {
                m.put("direction", e.direction().wireName());
                m.put("length", e.length());
                putIf(m, "agentId", e.agentId());
            }
            case INTENT -> {
                m.put("intent", e.intent());
                m.put("score", e.score());
            }
            case STEP -> {
                m.put("stepId", e.stepId());
                putIf(m, "stepName", e.stepName());
            }
            case INTERACTION -> putIf(m, "kind", e.kind());
            case CALL_ENDED -> {
                m.put("durationSeconds", e.durationSeconds());
                if (e.userInputs() != 0) {
                    m.put("userInputs", e.userInputs()); // 0 is the default: sent only sometimes
                }
                m.put("endReason", e.endReason());
                putIf(m, "exitStep", e.exitStep());
                putIf(m, "transferTarget", e.transferTarget());
            }
            case INBOX_OPENED -> {
                // no fields of its own
            }
            case INBOX_ASSIGNED, INBOX_CLOSED -> putIf(m, "agentId", e.agentId());
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
