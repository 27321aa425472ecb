package io.sextant.support;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.Event.CallEnded;
import io.sextant.event.Event.ConversationLanguage;
import io.sextant.event.Event.ConversationStarted;
import io.sextant.event.Event.InboxAssigned;
import io.sextant.event.Event.InboxClosed;
import io.sextant.event.Event.InboxOpened;
import io.sextant.event.Event.Intent;
import io.sextant.event.Event.Interaction;
import io.sextant.event.Event.Message;
import io.sextant.event.Event.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded random traffic aimed at hand-overs, for the inbox and export reference tests: reopened
 * threads, closes without an open, double opens, agents answering for each other, inbox events on
 * another channel than the conversation's, and many events sharing a millisecond (whole minutes,
 * a quarter of the gaps zero). The events are shuffled against time order, so the (ts, seq)
 * tie-break matters. {@link RandomEvents} complements it with duplicates and window-edge instants.
 */
public final class Traffic {

    private static final String[] AGENTS = {"a-1", "a-2", "a-3", "a-4"};
    private static final String[] INTENTS = {"greet", "order", "refund", "=cmd", "bye"};
    private static final String[] LANGS = {"de", "en", "fr"};
    private static final String[] END_REASONS = {"hangup", "transfer", "-timeout"};

    private final Random rnd;
    private final long start;
    private final long span;
    private final List<String> channels;
    private int nextId;

    /**
     * @param start first instant of the traffic (epoch ms)
     * @param days how many days conversations start over
     */
    public Traffic(long seed, long start, int days, List<String> channels) {
        this.rnd = new Random(seed);
        this.start = start;
        this.span = days * 86_400_000L;
        this.channels = List.copyOf(channels);
    }

    /** The events of {@code conversations} conversations in batches of at most {@code batchSize}, shuffled. */
    public List<List<Event>> batches(int conversations, int batchSize) {
        List<Event> all = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            conversation("conv-" + c, all);
        }
        Collections.shuffle(all, rnd);
        List<List<Event>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += batchSize) {
            out.add(List.copyOf(all.subList(i, Math.min(all.size(), i + batchSize))));
        }
        return out;
    }

    private void conversation(String conv, List<Event> out) {
        String home = channels.get(rnd.nextInt(channels.size()));
        long t = start + (long) rnd.nextInt((int) (span / 60_000)) * 60_000 + (rnd.nextInt(10) == 0 ? 59_999 : 0);
        int n = 1 + rnd.nextInt(14);
        boolean started = false;
        for (int i = 0; i < n; i++) {
            String ch = rnd.nextInt(12) == 0 ? channels.get(rnd.nextInt(channels.size())) : home;
            int pick = rnd.nextInt(100);
            String id = "t" + nextId++;
            Event event;
            if (!started || pick < 4) {
                started = true;
                event = new ConversationStarted(id, t, ch, conv, rnd.nextInt(3) == 0 ? null : LANGS[rnd.nextInt(3)]);
            } else if (pick < 8) {
                event = new ConversationLanguage(id, t, ch, conv, LANGS[rnd.nextInt(3)]);
            } else if (pick < 24) {
                Direction direction = rnd.nextBoolean() ? Direction.USER : Direction.BOT;
                event = new Message(id, t, ch, conv, direction, rnd.nextInt(200), null);
            } else if (pick < 38) {
                int length = rnd.nextInt(80);
                event = new Message(id, t, ch, conv, Direction.AGENT, length, AGENTS[rnd.nextInt(AGENTS.length)]);
            } else if (pick < 46) {
                String intent = INTENTS[rnd.nextInt(INTENTS.length)];
                event = new Intent(id, t, ch, conv, intent, rnd.nextInt(1001) / 1000.0);
            } else if (pick < 52) {
                event = new Step(id, t, ch, conv, "s" + rnd.nextInt(5), null);
            } else if (pick < 57) {
                event = new Interaction(id, t, ch, conv, null);
            } else if (pick < 61) {
                double duration = rnd.nextInt(6000) / 10.0;
                event = new CallEnded(id, t, ch, conv, duration, 0, END_REASONS[rnd.nextInt(3)], null, null);
            } else if (pick < 78) {
                event = new InboxOpened(id, t, ch, conv);
            } else if (pick < 84) {
                event = new InboxAssigned(id, t, ch, conv, AGENTS[rnd.nextInt(AGENTS.length)]);
            } else {
                event = new InboxClosed(id, t, ch, conv, rnd.nextInt(3) == 0 ? null : AGENTS[rnd.nextInt(AGENTS.length)]);
            }
            out.add(event);
            // Gaps: a quarter in the same millisecond, most up to 4 hours, some over a day.
            int g = rnd.nextInt(100);
            t += g < 25 ? 0 : g < 95 ? rnd.nextInt(240) * 60_000L + rnd.nextInt(3) : 86_400_000L + rnd.nextInt(1000);
        }
    }

    /**
     * Sends the batches one after the other and records each acknowledged batch in {@code log}, so
     * the log's seq follows the store's. Fails unless the service accepted what the log accepted.
     */
    public static void ingest(Api api, String chatbotId, List<List<Event>> batches, EventLog log) {
        for (List<Event> batch : batches) {
            var r = api.ingest(chatbotId, batch.stream().map(RandomEvents::wire).toList());
            if (r.status() != 200) {
                throw new IllegalStateException("ingest failed: " + r.status() + " " + r.body());
            }
            int expected = log.accept(chatbotId, batch);
            if (r.json().get("accepted").asInt() != expected) {
                throw new IllegalStateException("service accepted " + r.body() + ", the log " + expected);
            }
        }
    }
}
