package io.sextant.support;

import io.sextant.support.Traffic.Ev;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Brute-force inbox threads and statistics over a list of events, straight from the words of SPEC
 * §4: per conversation, walk the opens and closes in (ts, seq) order; look for each thread's first
 * response by scanning every agent message of the conversation.
 */
public final class InboxModel {

    /** A thread; closedAt / first response null when there is none. */
    public record Thread(String conversationId, String channelId, long openedAt, Long closedAt, Ev firstResponse) {}

    public static final Comparator<Ev> TIME_ORDER = Comparator.comparingLong(Ev::ts).thenComparingInt(Ev::seq);

    public final List<Thread> threads = new ArrayList<>();
    private final List<Ev> events;

    public InboxModel(List<Ev> events) {
        this.events = events;
        Map<String, List<Ev>> byConversation = new HashMap<>();
        for (Ev e : events) {
            byConversation.computeIfAbsent(e.conversationId(), k -> new ArrayList<>()).add(e);
        }
        for (List<Ev> conv : byConversation.values()) {
            conv.sort(TIME_ORDER);
            List<Ev> agentMessages = conv.stream().filter(e -> e.type().equals("message") && "agent".equals(e.direction())).toList();
            Ev open = null;
            for (Ev e : conv) {
                if (e.type().equals("inbox.opened") && open == null) {
                    open = e;
                } else if (e.type().equals("inbox.closed") && open != null) {
                    threads.add(thread(open, e.ts(), agentMessages));
                    open = null;
                }
            }
            if (open != null) {
                threads.add(thread(open, null, agentMessages));
            }
        }
    }

    private static Thread thread(Ev open, Long closedAt, List<Ev> agentMessages) {
        Ev first = null;
        for (Ev m : agentMessages) {
            boolean inside = m.ts() >= open.ts() && (closedAt == null || m.ts() < closedAt);
            if (inside && (first == null || TIME_ORDER.compare(m, first) < 0)) {
                first = m;
            }
        }
        return new Thread(open.conversationId(), open.channelId(), open.ts(), closedAt, first);
    }

    /** The expected answer of GET .../statistics/inbox, as plain maps and lists (JSON field names). */
    public Map<String, Object> statistics(String chatbotId, long from, long to, String channelId) {
        List<Long> firstResponse = new ArrayList<>();
        List<Long> resolution = new ArrayList<>();
        Map<String, List<Long>> byResponder = new TreeMap<>();
        long opened = 0;
        long closed = 0;
        long openAtEnd = 0;
        for (Thread t : threads) {
            if (channelId != null && !t.channelId().equals(channelId)) {
                continue;
            }
            if (in(t.openedAt(), from, to)) {
                opened++;
                if (t.firstResponse() != null && t.firstResponse().ts() <= to) {
                    long d = t.firstResponse().ts() - t.openedAt();
                    firstResponse.add(d);
                    byResponder.computeIfAbsent(t.firstResponse().agentId(), k -> new ArrayList<>()).add(d);
                }
            }
            if (t.closedAt() != null && in(t.closedAt(), from, to)) {
                closed++;
                resolution.add(t.closedAt() - t.openedAt());
            }
            if (t.openedAt() <= to && (t.closedAt() == null || t.closedAt() > to)) {
                openAtEnd++;
            }
        }
        Map<String, long[]> counts = new TreeMap<>(); // assigned, closed, messages
        long agentMessages = 0;
        for (Ev e : events) {
            if (!in(e.ts(), from, to) || (channelId != null && !e.channelId().equals(channelId)) || e.agentId() == null) {
                continue;
            }
            switch (e.type()) {
                case "inbox.assigned" -> counts.computeIfAbsent(e.agentId(), k -> new long[3])[0]++;
                case "inbox.closed" -> counts.computeIfAbsent(e.agentId(), k -> new long[3])[1]++;
                case "message" -> {
                    counts.computeIfAbsent(e.agentId(), k -> new long[3])[2]++;
                    agentMessages++;
                }
                default -> {}
            }
        }
        TreeSet<String> agentIds = new TreeSet<>(counts.keySet());
        agentIds.addAll(byResponder.keySet());
        List<Map<String, Object>> agents = new ArrayList<>();
        for (String id : agentIds) {
            long[] c = counts.getOrDefault(id, new long[3]);
            List<Long> s = byResponder.getOrDefault(id, List.of());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("agentId", id);
            a.put("assigned", c[0]);
            a.put("closed", c[1]);
            a.put("messages", c[2]);
            Map<String, Object> fr = new LinkedHashMap<>();
            fr.put("median", seconds(percentile(s, 0.5)));
            fr.put("samples", s.size());
            a.put("firstResponseSeconds", fr);
            agents.add(a);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chatbotId", chatbotId);
        m.put("from", io.sextant.api.Instants.format(from));
        m.put("to", io.sextant.api.Instants.format(to));
        m.put("opened", opened);
        m.put("closed", closed);
        m.put("openAtEnd", openAtEnd);
        m.put("agentMessages", agentMessages);
        m.put("firstResponseSeconds", durations(firstResponse));
        m.put("resolutionSeconds", durations(resolution));
        m.put("agents", agents);
        return m;
    }

    private static Map<String, Object> durations(List<Long> samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", seconds(percentile(samples, 0.5)));
        m.put("p90", seconds(percentile(samples, 0.9)));
        Double avg = samples.isEmpty() ? null : samples.stream().sorted().mapToDouble(Long::doubleValue).sum() / samples.size();
        m.put("average", seconds(avg));
        m.put("samples", samples.size());
        return m;
    }

    /** Linear interpolation between closest ranks at p·(n − 1) of the sorted samples; null when empty. */
    public static Double percentile(List<Long> samples, double p) {
        if (samples.isEmpty()) {
            return null;
        }
        List<Long> s = samples.stream().sorted().toList();
        double pos = p * (s.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.size() - 1);
        return s.get(lo) + (s.get(hi) - s.get(lo)) * (pos - lo);
    }

    /** Milliseconds to seconds rounded to the millisecond. */
    public static Double seconds(Double millis) {
        return millis == null ? null : Math.round(millis) / 1000.0;
    }

    static boolean in(long ts, long from, long to) {
        return ts >= from && ts <= to;
    }
}
