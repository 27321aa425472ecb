package io.sextant.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random chatbot traffic for reference tests of the inbox statistics and the exports: every
 * event type, messy hand-overs (reopened threads, closes without an open, double opens, agents
 * answering for each other, events on another channel than the conversation's), and many events
 * sharing a millisecond. Events are kept in ingestion order ({@link Ev#seq}), which is shuffled
 * against time order so that the (ts, seq) tie-break matters.
 */
public final class Traffic {

    /** One generated event; fields that do not belong to its type are null. {@code seq} = ingestion order. */
    public record Ev(int seq, String id, String type, long ts, String channelId, String conversationId,
            String language, String direction, Integer length, String agentId, String intent, Double score,
            String stepId, Double durationSeconds, String endReason) {

        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("type", type);
            m.put("timestamp", Instant.ofEpochMilli(ts).toString());
            m.put("channelId", channelId);
            m.put("conversationId", conversationId);
            putIf(m, "language", language);
            putIf(m, "direction", direction);
            putIf(m, "length", length);
            putIf(m, "agentId", agentId);
            putIf(m, "intent", intent);
            putIf(m, "score", score);
            putIf(m, "stepId", stepId);
            putIf(m, "durationSeconds", durationSeconds);
            putIf(m, "endReason", endReason);
            return m;
        }

        private static void putIf(Map<String, Object> m, String k, Object v) {
            if (v != null) {
                m.put(k, v);
            }
        }
    }

    public static final String[] AGENTS = {"a-1", "a-2", "a-3", "a-4"};
    private static final String[] INTENTS = {"greet", "order", "refund", "=cmd", "bye"};
    private static final String[] LANGS = {"de", "en", "fr"};
    private static final String[] END_REASONS = {"hangup", "transfer", "-timeout"};

    public final long start;
    public final long span;
    public final List<String> channels;
    public final List<Ev> events;

    /**
     * @param start first instant of the traffic (epoch ms)
     * @param days how many days it spreads over
     * @param conversations how many conversations
     */
    public Traffic(long seed, long start, int days, int conversations, List<String> channels) {
        this.start = start;
        this.span = days * 86_400_000L;
        this.channels = List.copyOf(channels);
        Random rnd = new Random(seed);
        List<Ev> raw = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            generateConversation(rnd, "conv-" + c, raw);
        }
        Collections.shuffle(raw, rnd);
        List<Ev> ordered = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Ev e = raw.get(i);
            ordered.add(new Ev(i, "e" + i, e.type(), e.ts(), e.channelId(), e.conversationId(), e.language(),
                    e.direction(), e.length(), e.agentId(), e.intent(), e.score(), e.stepId(), e.durationSeconds(), e.endReason()));
        }
        this.events = List.copyOf(ordered);
    }

    private void generateConversation(Random rnd, String conv, List<Ev> out) {
        String channel = channels.get(rnd.nextInt(channels.size()));
        // Whole minutes, so many events of different conversations share a millisecond; some at .999.
        long t = start + (long) rnd.nextInt((int) (span / 60_000)) * 60_000 + (rnd.nextInt(10) == 0 ? 59_999 : 0);
        int n = 1 + rnd.nextInt(14);
        boolean started = false;
        for (int i = 0; i < n; i++) {
            String ch = rnd.nextInt(12) == 0 ? channels.get(rnd.nextInt(channels.size())) : channel;
            int pick = rnd.nextInt(100);
            if (!started || pick < 4) {
                started = true;
                out.add(ev("conversation.started", t, ch, conv).language(rnd.nextInt(3) == 0 ? null : LANGS[rnd.nextInt(3)]).build());
            } else if (pick < 8) {
                out.add(ev("conversation.language", t, ch, conv).language(LANGS[rnd.nextInt(3)]).build());
            } else if (pick < 24) {
                out.add(ev("message", t, ch, conv).direction(rnd.nextBoolean() ? "user" : "bot").length(rnd.nextInt(200)).build());
            } else if (pick < 38) {
                out.add(ev("message", t, ch, conv).direction("agent").length(rnd.nextInt(80)).agent(AGENTS[rnd.nextInt(AGENTS.length)]).build());
            } else if (pick < 46) {
                out.add(ev("intent", t, ch, conv).intent(INTENTS[rnd.nextInt(INTENTS.length)]).score(rnd.nextInt(1001) / 1000.0).build());
            } else if (pick < 52) {
                out.add(ev("step", t, ch, conv).step("s" + rnd.nextInt(5)).build());
            } else if (pick < 57) {
                out.add(ev("interaction", t, ch, conv).build());
            } else if (pick < 61) {
                out.add(ev("call.ended", t, ch, conv).duration(rnd.nextInt(6000) / 10.0).endReason(END_REASONS[rnd.nextInt(3)]).build());
            } else if (pick < 78) {
                out.add(ev("inbox.opened", t, ch, conv).build());
            } else if (pick < 84) {
                out.add(ev("inbox.assigned", t, ch, conv).agent(AGENTS[rnd.nextInt(AGENTS.length)]).build());
            } else {
                out.add(ev("inbox.closed", t, ch, conv).agent(rnd.nextInt(3) == 0 ? null : AGENTS[rnd.nextInt(AGENTS.length)]).build());
            }
            // Gaps: a quarter in the same millisecond, else up to 4 hours, sometimes a day.
            int g = rnd.nextInt(100);
            t += g < 25 ? 0 : g < 95 ? rnd.nextInt(240) * 60_000L + rnd.nextInt(3) : 86_400_000L + rnd.nextInt(1000);
        }
    }

    /** The events as JSON batches of at most {@code size}, in ingestion order. */
    public List<List<Map<String, Object>>> batches(int size) {
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i += size) {
            out.add(events.subList(i, Math.min(events.size(), i + size)).stream().map(Ev::json).toList());
        }
        return out;
    }

    /** Sends every event to the chatbot, batch after batch, so seq follows {@link Ev#seq}. */
    public void ingest(Api api, String chatbotId) {
        for (var batch : batches(5000)) {
            var r = api.ingest(chatbotId, batch);
            if (r.status() != 200 || r.json().get("accepted").asInt() != batch.size()) {
                throw new IllegalStateException("ingest failed: " + r.status() + " " + r.body());
            }
        }
    }

    private static Builder ev(String type, long ts, String channel, String conv) {
        return new Builder(type, ts, channel, conv);
    }

    private static final class Builder {
        final String type;
        final long ts;
        final String channel;
        final String conv;
        String language;
        String direction;
        Integer length;
        String agent;
        String intent;
        Double score;
        String step;
        Double duration;
        String endReason;

        Builder(String type, long ts, String channel, String conv) {
            this.type = type;
            this.ts = ts;
            this.channel = channel;
            this.conv = conv;
        }

        Builder language(String v) { language = v; return this; }
        Builder direction(String v) { direction = v; return this; }
        Builder length(int v) { length = v; return this; }
        Builder agent(String v) { agent = v; return this; }
        Builder intent(String v) { intent = v; return this; }
        Builder score(double v) { score = v; return this; }
        Builder step(String v) { step = v; return this; }
        Builder duration(double v) { duration = v; return this; }
        Builder endReason(String v) { endReason = v; return this; }

        Ev build() {
            return new Ev(-1, null, type, ts, channel, conv, language, direction, length, agent, intent, score, step, duration, endReason);
        }
    }
}
