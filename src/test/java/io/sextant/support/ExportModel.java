package io.sextant.support;

import io.sextant.report.TimeWindow;
import io.sextant.support.Traffic.Ev;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brute-force export rows, computed event by event from the words of SPEC §3 and §6, as cells
 * (strings, empty where nothing applies). Medians and sums of decimals are compared numerically by
 * the tests, every other cell as text.
 */
public final class ExportModel {

    /** A channel as registered: id, name, type. */
    public record Channel(String id, String name, String type) {}

    private final List<Ev> events;
    private final InboxModel inbox;

    public ExportModel(List<Ev> events) {
        this.events = events;
        this.inbox = new InboxModel(events);
    }

    /** The daily rows: per bucket (ascending) and channel (by id). */
    public List<String[]> daily(TimeWindow window, List<Channel> channels) {
        List<Channel> sorted = channels.stream().sorted(Comparator.comparing(Channel::id)).toList();
        List<String[]> rows = new ArrayList<>();
        for (TimeWindow.Bucket b : window.buckets()) {
            for (Channel c : sorted) {
                rows.add(dailyRow(b.start(), b.end(), c));
            }
        }
        return rows;
    }

    private String[] dailyRow(long s, long e, Channel c) {
        List<Ev> here = events.stream().filter(ev -> ev.channelId().equals(c.id()) && ev.ts() >= s && ev.ts() <= e).toList();
        // A conversation's start on this channel: its earliest conversation.started there.
        Map<String, Long> starts = new HashMap<>();
        for (Ev ev : events) {
            if (ev.type().equals("conversation.started") && ev.channelId().equals(c.id())) {
                starts.merge(ev.conversationId(), ev.ts(), Math::min);
            }
        }
        List<Double> perConversation = new ArrayList<>();
        for (var st : starts.entrySet()) {
            if (st.getValue() >= s && st.getValue() <= e) {
                perConversation.add((double) here.stream()
                        .filter(ev -> ev.type().equals("message") && ev.conversationId().equals(st.getKey())).count());
            }
        }
        List<Ev> messages = here.stream().filter(ev -> ev.type().equals("message")).toList();
        List<Ev> intents = here.stream().filter(ev -> ev.type().equals("intent")).toList();
        List<Ev> calls = here.stream().filter(ev -> ev.type().equals("call.ended")).toList();
        double callSeconds = 0;
        for (Ev call : calls) {
            callSeconds += call.durationSeconds();
        }
        long opened = inbox.threads.stream().filter(t -> t.channelId().equals(c.id()) && t.openedAt() >= s && t.openedAt() <= e).count();
        long closed = inbox.threads.stream()
                .filter(t -> t.channelId().equals(c.id()) && t.closedAt() != null && t.closedAt() >= s && t.closedAt() <= e).count();
        return new String[] {
            iso(s), iso(e), guard(c.id()), guard(c.name()), guard(c.type()),
            str(perConversation.size()),
            str(messages.size()),
            str(messages.stream().filter(m -> m.direction().equals("user")).count()),
            str(messages.stream().filter(m -> m.direction().equals("bot")).count()),
            str(messages.stream().filter(m -> m.direction().equals("agent")).count()),
            str(here.stream().filter(ev -> ev.type().equals("interaction")).count()),
            str(here.stream().filter(ev -> ev.type().equals("step")).count()),
            str(intents.size()),
            median(intents.stream().map(Ev::score).toList()),
            median(perConversation),
            median(messages.stream().filter(m -> m.direction().equals("user")).map(m -> (double) m.length()).toList()),
            str(calls.size()),
            Double.toString(callSeconds),
            median(calls.stream().map(Ev::durationSeconds).toList()),
            str(opened),
            str(closed)
        };
    }

    /** The conversations rows: started in [from, to], by start then conversation id. */
    public List<String[]> conversations(long from, long to, List<Channel> channels) {
        Map<String, String> typeOf = new HashMap<>();
        channels.forEach(c -> typeOf.put(c.id(), c.type()));
        Map<String, List<Ev>> byConversation = new TreeMap<>();
        for (Ev ev : events) {
            byConversation.computeIfAbsent(ev.conversationId(), k -> new ArrayList<>()).add(ev);
        }
        record Start(long ts, String conversationId, String[] row) {}
        List<Start> out = new ArrayList<>();
        for (var entry : byConversation.entrySet()) {
            List<Ev> evs = new ArrayList<>(entry.getValue());
            evs.sort(InboxModel.TIME_ORDER);
            Ev first = evs.stream().filter(ev -> ev.type().equals("conversation.started")).findFirst().orElse(null);
            if (first == null || first.ts() < from || first.ts() > to) {
                continue;
            }
            String language = null;
            for (Ev ev : evs) {
                if (ev.type().startsWith("conversation.") && ev.language() != null) {
                    language = ev.language(); // later (ts, seq) overwrites
                }
            }
            Map<String, Integer> intentCounts = new TreeMap<>();
            double duration = 0;
            String endReason = null;
            long calls = 0;
            for (Ev ev : evs) {
                if (ev.type().equals("intent")) {
                    intentCounts.merge(ev.intent(), 1, Integer::sum);
                } else if (ev.type().equals("call.ended")) {
                    calls++;
                    duration += ev.durationSeconds();
                    endReason = ev.endReason();
                }
            }
            String topIntent = null;
            int best = 0;
            for (var ic : intentCounts.entrySet()) { // alphabetical, so the first of equal counts wins
                if (ic.getValue() > best) {
                    best = ic.getValue();
                    topIntent = ic.getKey();
                }
            }
            InboxModel.Thread thread = inbox.threads.stream().filter(t -> t.conversationId().equals(entry.getKey()))
                    .min(Comparator.comparingLong(InboxModel.Thread::openedAt)).orElse(null);
            String[] row = {
                guard(entry.getKey()), guard(first.channelId()), guard(typeOf.get(first.channelId())), iso(first.ts()),
                guard(language),
                str(count(evs, "message", null)), str(count(evs, "message", "user")), str(count(evs, "message", "bot")),
                str(count(evs, "message", "agent")), str(count(evs, "intent", null)), guard(topIntent),
                str(count(evs, "step", null)), str(count(evs, "interaction", null)),
                calls == 0 ? "" : Double.toString(duration), guard(endReason),
                Boolean.toString(thread != null),
                thread == null || thread.firstResponse() == null ? "" : millisAsSeconds(thread.firstResponse().ts() - thread.openedAt()),
                thread == null || thread.closedAt() == null ? "" : millisAsSeconds(thread.closedAt() - thread.openedAt())
            };
            out.add(new Start(first.ts(), entry.getKey(), row));
        }
        out.sort(Comparator.comparingLong(Start::ts).thenComparing(Start::conversationId));
        return out.stream().map(Start::row).toList();
    }

    private static long count(List<Ev> evs, String type, String direction) {
        return evs.stream().filter(ev -> ev.type().equals(type) && (direction == null || direction.equals(ev.direction()))).count();
    }

    /** Median by linear interpolation; empty when there are no samples. */
    static String median(List<Double> values) {
        if (values.isEmpty()) {
            return "";
        }
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        double m = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        return Double.toString(m);
    }

    static String millisAsSeconds(long ms) {
        return String.format("%d.%03d", ms / 1000, ms % 1000);
    }

    /** The formula guard, written out independently of the service. */
    static String guard(String s) {
        if (s == null) {
            return "";
        }
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    static String iso(long ms) {
        String s = Instant.ofEpochMilli(ms).toString(); // 2025-01-01T00:00:00Z or ...00.123Z
        return s.length() == 20 ? s.substring(0, 19) + ".000Z" : s;
    }

    static String str(long n) {
        return Long.toString(n);
    }
}
