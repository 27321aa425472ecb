package io.sextant.support;

import io.sextant.api.Instants;
import io.sextant.event.Direction;
import io.sextant.event.EventType;
import io.sextant.stats.Percentile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Brute-force inbox threads and statistics, straight from the words of SPEC §4: per conversation,
 * walk the opens and closes in (ts, seq) order; find each thread's first response by scanning every
 * agent message of the conversation.
 */
public final class InboxModel {

    /** A thread; closedAt / firstResponse null when there is none. */
    public record Thread(String conversationId, String channelId, long openedAt, Long closedAt, LoggedEvent firstResponse) {}

    public final List<Thread> threads = new ArrayList<>();
    private final ReferenceModel events;

    public InboxModel(ReferenceModel events) {
        this.events = events;
        for (List<LoggedEvent> conv : events.byConversation().values()) {
            List<LoggedEvent> sorted = conv.stream().sorted(LoggedEvent.TIME_ORDER).toList();
            List<LoggedEvent> agentMessages = sorted.stream()
                    .filter(e -> e.type() == EventType.MESSAGE && e.message().direction() == Direction.AGENT).toList();
            LoggedEvent open = null;
            for (LoggedEvent e : sorted) {
                if (e.type() == EventType.INBOX_OPENED && open == null) {
                    open = e;
                } else if (e.type() == EventType.INBOX_CLOSED && open != null) {
                    threads.add(thread(open, e.ts(), agentMessages));
                    open = null;
                }
            }
            if (open != null) {
                threads.add(thread(open, null, agentMessages));
            }
        }
    }

    private static Thread thread(LoggedEvent open, Long closedAt, List<LoggedEvent> agentMessages) {
        LoggedEvent first = null;
        for (LoggedEvent m : agentMessages) {
            boolean inside = m.ts() >= open.ts() && (closedAt == null || m.ts() < closedAt);
            if (inside && (first == null || LoggedEvent.TIME_ORDER.compare(m, first) < 0)) {
                first = m;
            }
        }
        return new Thread(open.conversationId(), open.channelId(), open.ts(), closedAt, first);
    }

    /** The conversation's first thread, if it has one. */
    public Thread firstThread(String conversationId) {
        return threads.stream().filter(t -> t.conversationId().equals(conversationId))
                .min(Comparator.comparingLong(Thread::openedAt)).orElse(null);
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
            if (t.openedAt() >= from && t.openedAt() <= to) {
                opened++;
                if (t.firstResponse() != null && t.firstResponse().ts() <= to) {
                    long d = t.firstResponse().ts() - t.openedAt();
                    firstResponse.add(d);
                    byResponder.computeIfAbsent(t.firstResponse().agentId(), k -> new ArrayList<>()).add(d);
                }
            }
            if (t.closedAt() != null && t.closedAt() >= from && t.closedAt() <= to) {
                closed++;
                resolution.add(t.closedAt() - t.openedAt());
            }
            if (t.openedAt() <= to && (t.closedAt() == null || t.closedAt() > to)) {
                openAtEnd++;
            }
        }
        ReferenceModel scope = channelId == null ? events : events.channel(channelId);
        Map<String, long[]> counts = new TreeMap<>(); // assigned, closed, messages
        for (LoggedEvent e : scope.in(from, to, EventType.INBOX_ASSIGNED, EventType.INBOX_CLOSED, EventType.MESSAGE)) {
            String agent = e.agentId();
            if (agent == null) {
                continue;
            }
            int slot = switch (e.type()) {
                case INBOX_ASSIGNED -> 0;
                case INBOX_CLOSED -> 1;
                default -> 2;
            };
            counts.computeIfAbsent(agent, k -> new long[3])[slot]++;
        }
        long agentMessages = scope.in(from, to, EventType.MESSAGE).stream()
                .filter(e -> e.message().direction() == Direction.AGENT).count();
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
            fr.put("median", seconds(Percentile.median(s)));
            fr.put("samples", s.size());
            a.put("firstResponseSeconds", fr);
            agents.add(a);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chatbotId", chatbotId);
        m.put("from", Instants.format(from));
        m.put("to", Instants.format(to));
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
        m.put("median", seconds(Percentile.median(samples)));
        m.put("p90", seconds(Percentile.of(samples, 0.9)));
        m.put("average", seconds(samples.isEmpty() ? null : samples.stream().mapToLong(Long::longValue).sum() / (double) samples.size()));
        m.put("samples", samples.size());
        return m;
    }

    /** Milliseconds to seconds rounded to the millisecond. */
    static Double seconds(Double millis) {
        return millis == null ? null : Math.round(millis) / 1000.0;
    }
}
