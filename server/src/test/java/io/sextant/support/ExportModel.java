package io.sextant.support;

import io.sextant.event.Direction;
import io.sextant.event.EventType;
import io.sextant.report.TimeWindow;
import io.sextant.stats.Percentile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brute-force export rows: the report definitions of {@link ReferenceModel} applied to each daily
 * bucket and channel, and the conversation columns of SPEC §6, as cells (strings, empty where
 * nothing applies). Decimal cells hold the unrounded value; tests compare them as numbers.
 */
public final class ExportModel {

    /** A channel as registered: id, name, type. */
    public record Channel(String id, String name, String type) {}

    private final ReferenceModel model;
    private final InboxModel inbox;

    public ExportModel(ReferenceModel model) {
        this.model = model;
        this.inbox = new InboxModel(model);
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
        ReferenceModel here = model.channel(c.id()); // the channel report: every definition on this channel's events
        Map<String, LoggedEvent> started = here.conversationsStartedIn(s, e);
        List<LoggedEvent> messages = here.in(s, e, EventType.MESSAGE);
        List<Long> perConversation = new ArrayList<>();
        for (String conv : started.keySet()) {
            perConversation.add(messages.stream().filter(m -> m.conversationId().equals(conv)).count());
        }
        List<LoggedEvent> intents = here.in(s, e, EventType.INTENT);
        List<LoggedEvent> calls = here.in(s, e, EventType.CALL_ENDED);
        double callSeconds = 0;
        for (LoggedEvent call : calls) {
            callSeconds += call.call().durationSeconds();
        }
        long opened = inbox.threads.stream().filter(t -> t.channelId().equals(c.id()) && t.openedAt() >= s && t.openedAt() <= e).count();
        long closed = inbox.threads.stream()
                .filter(t -> t.channelId().equals(c.id()) && t.closedAt() != null && t.closedAt() >= s && t.closedAt() <= e).count();
        return new String[] {
            iso(s), iso(e), guard(c.id()), guard(c.name()), guard(c.type()),
            str(started.size()),
            str(messages.size()),
            str(direction(messages, Direction.USER).size()),
            str(direction(messages, Direction.BOT).size()),
            str(direction(messages, Direction.AGENT).size()),
            str(here.in(s, e, EventType.INTERACTION).size()),
            str(here.in(s, e, EventType.STEP).size()),
            str(intents.size()),
            decimal(Percentile.median(intents.stream().map(i -> i.intent().score()).toList())),
            decimal(Percentile.median(perConversation)),
            decimal(Percentile.median(direction(messages, Direction.USER).stream().map(m -> m.message().length()).toList())),
            str(calls.size()),
            Double.toString(callSeconds),
            decimal(Percentile.median(calls.stream().map(x -> x.call().durationSeconds()).toList())),
            str(opened),
            str(closed)
        };
    }

    /** The conversations rows: started in [from, to], by start then conversation id. */
    public List<String[]> conversations(long from, long to, List<Channel> channels) {
        Map<String, String> typeOf = new HashMap<>();
        channels.forEach(c -> typeOf.put(c.id(), c.type()));
        Map<String, List<LoggedEvent>> byConversation = model.byConversation();
        List<Map.Entry<String, LoggedEvent>> starts = new ArrayList<>(model.conversationsStartedIn(from, to).entrySet());
        starts.sort(Comparator.comparingLong((Map.Entry<String, LoggedEvent> x) -> x.getValue().ts()).thenComparing(Map.Entry::getKey));
        List<String[]> rows = new ArrayList<>();
        for (var start : starts) {
            String conv = start.getKey();
            List<LoggedEvent> evs = byConversation.get(conv).stream().sorted(LoggedEvent.TIME_ORDER).toList();
            List<LoggedEvent> messages = evs.stream().filter(x -> x.type() == EventType.MESSAGE).toList();
            Map<String, Integer> intentCounts = new TreeMap<>();
            evs.stream().filter(x -> x.type() == EventType.INTENT).forEach(x -> intentCounts.merge(x.intent().intent(), 1, Integer::sum));
            String topIntent = null;
            int best = 0;
            for (var ic : intentCounts.entrySet()) { // alphabetical: the first of equal counts wins
                if (ic.getValue() > best) {
                    best = ic.getValue();
                    topIntent = ic.getKey();
                }
            }
            List<LoggedEvent> calls = evs.stream().filter(x -> x.type() == EventType.CALL_ENDED).toList();
            double duration = calls.stream().mapToDouble(x -> x.call().durationSeconds()).sum();
            InboxModel.Thread thread = inbox.firstThread(conv);
            rows.add(new String[] {
                guard(conv), guard(start.getValue().channelId()), guard(typeOf.get(start.getValue().channelId())),
                iso(start.getValue().ts()), guard(model.language(conv).orElse(null)),
                str(messages.size()), str(direction(messages, Direction.USER).size()), str(direction(messages, Direction.BOT).size()),
                str(direction(messages, Direction.AGENT).size()), str(intentCounts.values().stream().mapToInt(i -> i).sum()),
                guard(topIntent), str(count(evs, EventType.STEP)), str(count(evs, EventType.INTERACTION)),
                calls.isEmpty() ? "" : Double.toString(duration),
                calls.isEmpty() ? "" : guard(calls.get(calls.size() - 1).call().endReason()),
                Boolean.toString(thread != null),
                thread == null || thread.firstResponse() == null ? "" : millisAsSeconds(thread.firstResponse().ts() - thread.openedAt()),
                thread == null || thread.closedAt() == null ? "" : millisAsSeconds(thread.closedAt() - thread.openedAt())
            });
        }
        return rows;
    }

    private static List<LoggedEvent> direction(List<LoggedEvent> messages, Direction d) {
        return messages.stream().filter(m -> m.message().direction() == d).toList();
    }

    private static long count(List<LoggedEvent> evs, EventType type) {
        return evs.stream().filter(x -> x.type() == type).count();
    }

    private static String decimal(Double v) {
        return v == null ? "" : Double.toString(v);
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
