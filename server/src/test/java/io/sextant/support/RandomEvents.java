package io.sextant.support;

import io.sextant.api.Instants;
import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.Event.CallEnded;
import io.sextant.event.Event.ConversationLanguage;
import io.sextant.event.Event.ConversationStarted;
import io.sextant.event.Event.Goal;
import io.sextant.event.Event.Rating;
import io.sextant.event.Event.InboxAssigned;
import io.sextant.event.Event.InboxClosed;
import io.sextant.event.Event.InboxOpened;
import io.sextant.event.Event.Intent;
import io.sextant.event.Event.Interaction;
import io.sextant.event.Event.Message;
import io.sextant.event.Event.Step;
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
    private static final String[] GOALS = {"order", "booking", "newsletter", "Anmeldung ✓"};
    private static final String[] ATTRIBUTE_KEYS = {"campaign", "plan", "utm.source"};
    private static final String[] ATTRIBUTE_VALUES = {"spring", "pro", "free", "Grüße", "a:b"};

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

    /** The step ids the traffic uses. */
    public static List<String> stepIds() {
        return List.of(STEPS);
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
            out.add(new ConversationStarted(nextId(), ts, channel(home), id, maybe(LANGUAGES, 2), attributes()));
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            out.add(new ConversationLanguage(nextId(), time(t0), channel(home), id, pick(LANGUAGES)));
        }
        for (int i = random.nextInt(9); i > 0; i--) {
            out.add(message(nextId(), time(t0), channel(home), id));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            out.add(new Intent(nextId(), time(t0), channel(home), id, pick(INTENTS),
                    random.nextInt(8) == 0 ? (double) random.nextInt(2) : random.nextInt(1001) / 1000.0));
        }
        for (int i = random.nextInt(5); i > 0; i--) {
            out.add(step(nextId(), time(t0), channel(home), id));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            out.add(new Interaction(nextId(), time(t0), channel(home), id, maybe(KINDS, 3)));
        }
        for (int i = random.nextInt(home.contains("voice") ? 3 : 2); i > 0; i--) {
            out.add(new CallEnded(nextId(), time(t0), channel(home), id,
                    random.nextInt(6) == 0 ? 0.0 : random.nextInt(36000) / 10.0, random.nextInt(12), pick(END_REASONS),
                    maybe(EXIT_STEPS, 2), maybe(TARGETS, 2)));
        }
        if (random.nextInt(3) == 0) {
            out.add(new InboxOpened(nextId(), time(t0), channel(home), id));
            out.add(new InboxAssigned(nextId(), time(t0), channel(home), id, pick(AGENTS)));
            out.add(new InboxClosed(nextId(), time(t0), channel(home), id, maybe(AGENTS, 2)));
        }
        for (int i = random.nextInt(5) / 2; i > 0; i--) {
            out.add(new Goal(nextId(), time(t0), channel(home), id, pick(GOALS),
                    random.nextBoolean() ? null : random.nextInt(100_000) / 100.0));
        }
        for (int i = random.nextInt(5) / 2; i > 0; i--) {
            out.add(rating(nextId(), time(t0), channel(home), id));
        }
    }

    /** None, or some keys with values: a later start may send a key again with another value. */
    private Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        for (String key : ATTRIBUTE_KEYS) {
            if (random.nextInt(3) == 0) {
                a.put(key, pick(ATTRIBUTE_VALUES));
            }
        }
        return a;
    }

    private Rating rating(String eventId, long ts, String channelId, String conversationId) {
        Integer comment = random.nextInt(3) == 0 ? random.nextInt(40) : null;
        return random.nextInt(3) == 0
                ? new Rating(eventId, ts, channelId, conversationId, null,
                        random.nextBoolean() ? Event.Thumbs.UP : Event.Thumbs.DOWN, comment)
                : new Rating(eventId, ts, channelId, conversationId, 1 + random.nextInt(5), null, comment);
    }

    private Message message(String eventId, long ts, String channelId, String conversationId) {
        Direction direction = Direction.values()[random.nextInt(3)];
        int length = random.nextInt(5) == 0 ? random.nextInt(3) : random.nextInt(400);
        return new Message(eventId, ts, channelId, conversationId, direction, length,
                direction == Direction.AGENT ? pick(AGENTS) : null);
    }

    private Step step(String eventId, long ts, String channelId, String conversationId) {
        String stepId = pick(STEPS);
        return new Step(eventId, ts, channelId, conversationId, stepId,
                random.nextInt(3) == 0 ? null : stepId + " v" + random.nextInt(4));
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
                out.add(new Step(nextId(), hi, channel, conversationId, step, name));
            }
        }
    }

    /**
     * Step events only: {@code count} conversations that each walk the flow through 2 to 12 steps,
     * mostly on to the next step of {@link #STEPS}, sometimes back, staying or jumping (self-loops,
     * revisits), with times that mostly move forward but sometimes repeat the last millisecond
     * (ingestion order decides), hit a hot instant, or go back; a walk may hop channels. A third of
     * the walks reach a goal, at any time (before the walk, during it, days after) and on any
     * channel. In no particular order.
     */
    public List<Event> flows(int count) {
        List<Event> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            String conversation = "flow-" + seed + "-" + c;
            String home = pick(channels);
            long t = random.nextInt(4) == 0 ? pick(hot) : between(lo, hi);
            int at = random.nextInt(2) == 0 ? 0 : random.nextInt(STEPS.length);
            for (int i = 2 + random.nextInt(11); i > 0; i--) {
                String stepId = STEPS[at];
                out.add(new Step(nextId(), t, channel(home), conversation, stepId,
                        random.nextInt(3) == 0 ? null : stepId + " v" + random.nextInt(4)));
                at = switch (random.nextInt(10)) {
                    case 0 -> at; // a self-loop
                    case 1 -> Math.max(0, at - 1);
                    case 2 -> random.nextInt(STEPS.length);
                    default -> Math.min(STEPS.length - 1, at + 1);
                };
                t = switch (random.nextInt(10)) {
                    case 0, 1 -> t; // the same millisecond: only seq orders them
                    case 2 -> pick(hot);
                    case 3 -> t - random.nextInt(60_000);
                    default -> t + random.nextInt(600_000);
                };
            }
            if (random.nextInt(3) == 0) {
                out.add(new Goal(nextId(), random.nextBoolean() ? t : between(lo, hi), pick(channels), conversation, pick(GOALS), null));
            }
        }
        return out;
    }

    /** The same id with another payload: another time, and another channel now and then. */
    private Event altered(Event e) {
        long ts = time(e.ts());
        String ch = random.nextBoolean() ? e.channelId() : pick(channels);
        String id = e.id();
        String conv = e.conversationId();
        return switch (e) {
            case ConversationStarted s -> new ConversationStarted(id, ts, ch, conv, s.language(), attributes());
            case ConversationLanguage l -> new ConversationLanguage(id, ts, ch, conv, pick(LANGUAGES));
            case Message m -> new Message(id, ts, ch, conv, m.direction(), m.length() + 1, m.agentId());
            case Intent i -> new Intent(id, ts, ch, conv, i.intent(), i.score());
            case Step s -> new Step(id, ts, ch, conv, s.stepId(), s.stepName());
            case Interaction i -> new Interaction(id, ts, ch, conv, i.kind());
            case CallEnded c -> new CallEnded(id, ts, ch, conv, c.durationSeconds(), c.userInputs(), c.endReason(),
                    c.exitStep(), c.transferTarget());
            case InboxOpened o -> new InboxOpened(id, ts, ch, conv);
            case InboxAssigned a -> new InboxAssigned(id, ts, ch, conv, a.agentId());
            case InboxClosed c -> new InboxClosed(id, ts, ch, conv, c.agentId());
            case Goal g -> new Goal(id, ts, ch, conv, pick(GOALS), g.value());
            case Rating r -> rating(id, ts, ch, conv);
        };
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

    private String nextId() {
        return "ev-" + seed + "-" + nextId++;
    }

    /** The event as a chatbot runtime sends it (only the fields its type has). */
    public static Map<String, Object> wire(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("type", e.type().wireName());
        m.put("timestamp", Instants.format(e.ts()));
        m.put("channelId", e.channelId());
        m.put("conversationId", e.conversationId());
        switch (e) {
            case ConversationStarted s -> {
                putIf(m, "language", s.language());
                if (!s.attributes().isEmpty()) {
                    m.put("attributes", s.attributes());
                }
            }
            case ConversationLanguage l -> putIf(m, "language", l.language());
            case Message msg -> {
                m.put("direction", msg.direction().wireName());
                m.put("length", msg.length());
                putIf(m, "agentId", msg.agentId());
            }
            case Intent i -> {
                m.put("intent", i.intent());
                m.put("score", i.score());
            }
            case Step s -> {
                m.put("stepId", s.stepId());
                putIf(m, "stepName", s.stepName());
            }
            case Interaction i -> putIf(m, "kind", i.kind());
            case CallEnded c -> {
                m.put("durationSeconds", c.durationSeconds());
                if (c.userInputs() != 0) {
                    m.put("userInputs", c.userInputs()); // 0 is the default: sent only sometimes
                }
                m.put("endReason", c.endReason());
                putIf(m, "exitStep", c.exitStep());
                putIf(m, "transferTarget", c.transferTarget());
            }
            case InboxOpened o -> {
                // no fields of its own
            }
            case InboxAssigned a -> putIf(m, "agentId", a.agentId());
            case InboxClosed c -> putIf(m, "agentId", c.agentId());
            case Goal g -> {
                m.put("goalId", g.goalId());
                putIf(m, "value", g.value());
            }
            case Rating r -> {
                putIf(m, "score", r.score());
                putIf(m, "thumbs", r.thumbs() == null ? null : r.thumbs().wireName());
                if (r.commentLength() != null) {
                    m.put("comment", "😀".repeat(r.commentLength())); // code points, not chars: 😀 is two chars
                }
            }
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
