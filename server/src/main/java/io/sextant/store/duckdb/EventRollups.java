package io.sextant.store.duckdb;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.Event.CallEnded;
import io.sextant.event.Event.Intent;
import io.sextant.event.Event.Interaction;
import io.sextant.event.Event.Message;
import io.sextant.event.Event.Step;
import io.sextant.store.duckdb.DuckDbEventStore.Row;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Keeps {@code event_rollups} (migration V9; V14 for the {@code conversations} rows; V15 for the
 * {@link ChatbotKey}) in step with
 * the event tables and the conversations rollup, inside the writer's transaction: a commit group's
 * rows are folded per (chatbot, channel, UTC hour and UTC day, metric, key, value) in memory and
 * appended as rows of their own, beside what earlier groups appended for the same spans. Every
 * row's {@code n} and {@code total} add up, so a report may sum any number of them; a
 * conversations row that changes is counted out ({@code n} −1) at its old values and in at its new.
 *
 * <p>So that a span does not collect a row per commit for ever (a live chatbot's current hour is
 * reached by every commit), a span that got {@link #COMPACT_AFTER} groups' rows since it was last
 * compacted (by a group or by a rewrite of the table, {@link #compactedAll}) is compacted by the
 * group that reaches it: the group takes the span's stored rows out
 * ({@code DELETE … RETURNING}), adds them to its own sums and appends one row per identity. The counts
 * live in memory only (after a restart a span is compacted after that many more groups), which
 * bounds the rows per span without a read in the common case.
 */
final class EventRollups {

    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;
    private static final long[] HOURS_AND_DAYS = {HOUR, DAY};
    private static final long[] DAYS = {DAY};

    /**
     * Metrics kept per hour as well as per day: the series, whose buckets and previous period need
     * hours (the conversations' {@code cv} counts the CONVERSATIONS series).
     */
    static boolean hourly(String metric) {
        return metric.equals("msg") || metric.equals("ia") || metric.equals("call") || metric.equals("cv");
    }

    /**
     * A row of {@code conversations} (migration V14) counted in or out: +1 at the values a row has
     * after the group, −1 at those it had before. {@code view} is the row's channel, or {@code ''}
     * for all channels; only rows with a start count.
     */
    record ConversationRow(String chatbotId, String view, long startTs, String startChannel, String language, long messages,
            int sign) {}

    /**
     * Groups whose rows a span may hold before it is compacted. The rewrites that put the table in
     * chatbot order compact every span as well ({@link Clustering}); this bounds the rows of the
     * spans a live load keeps reaching between two rewrites, which every computed report over them
     * reads. At 32 compaction took 3.6 % of the writer at the benchmark's default scale instead of
     * 6.3 %, and the soak's live reports slowed (p99 269.3 ms, against 242.3 at 8 in the same
     * session): docs/benchmark.md, 2026-12-07 10:00 UTC.
     */
    static final int COMPACT_AFTER = 8;

    /** A row's identity: everything but the sums. */
    private record Key(String chatbotId, String channelId, long grain, long start, String metric, String key, Double num) {}

    /** A span of a chatbot: what compaction works on. */
    private record Span(String chatbotId, long grain, long start) {}

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::chatbotId).thenComparingLong(Key::grain)
            .thenComparingLong(Key::start);

    private final Map<Span, Integer> uncompacted = new HashMap<>();
    /** Rows appended since {@link #takeAppended} was last called (for {@link Clustering}). */
    private long appended;
    private final List<Span> pendingCompacted = new ArrayList<>();
    private final List<Span> pendingTouched = new ArrayList<>();

    /**
     * Appends the group's rows, its events' and the changes of its conversations rows (and compacts
     * the spans that have collected enough groups' rows). {@link #committed()} or
     * {@link #discarded()} must follow.
     */
    void update(DuckDBConnection conn, List<Row> rows, List<ConversationRow> conversations) throws SQLException {
        Map<Key, double[]> sums = new HashMap<>();
        for (ConversationRow c : conversations) {
            add(sums, c.chatbotId(), c.view(), c.startTs(), "cv", c.startChannel(), null, c.sign(), 0);
            add(sums, c.chatbotId(), c.view(), c.startTs(), "cvl", c.language(), null, c.sign(), 0);
            add(sums, c.chatbotId(), c.view(), c.startTs(), "cvm", null, (double) c.messages(), c.sign(), 0);
        }
        sums.values().removeIf(s -> s[0] == 0); // a row counted out and in at the same values: no change
        List<Span> moved = startsMoved(conversations);
        pendingTouched.addAll(moved);
        for (Row r : rows) {
            Event e = r.event();
            switch (e) {
                case Message m -> {
                    add(sums, r, "msg", m.direction().wireName(), null, 0);
                    if (m.direction() == Direction.USER) {
                        add(sums, r, "len", null, (double) m.length(), 0);
                    }
                }
                case Intent i -> {
                    add(sums, r, "int", i.intent(), null, 0);
                    add(sums, r, "isc", null, i.score(), 0);
                }
                case Step s -> add(sums, r, "stp", s.stepId(), null, 0);
                case Interaction i -> add(sums, r, "ia", null, null, 0);
                case CallEnded c -> {
                    add(sums, r, "call", null, null, c.durationSeconds());
                    add(sums, r, "cdur", null, c.durationSeconds(), 0);
                    add(sums, r, "cin", null, (double) c.userInputs(), 0);
                    add(sums, r, "cexit", c.exitStep(), null, 0);
                    add(sums, r, "cend", c.endReason(), null, 0);
                    if (c.transferTarget() != null) {
                        add(sums, r, "ctr", c.transferTarget(), null, 0);
                    }
                }
                default -> {}
            }
        }
        if (sums.isEmpty()) {
            return;
        }
        List<Span> toCompact = new ArrayList<>();
        for (Span span : spans(sums.keySet())) {
            pendingTouched.add(span);
            if (uncompacted.getOrDefault(span, 0) + 1 >= COMPACT_AFTER) {
                toCompact.add(span);
            }
        }
        if (!toCompact.isEmpty()) {
            takeRows(conn, toCompact, sums);
            sums.values().removeIf(s -> s[0] == 0); // conversations counted out as often as in leave nothing
        }
        List<Key> keys = new ArrayList<>(sums.keySet());
        keys.sort(ORDER);
        appended += keys.size();
        try (DuckDBAppender ap = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "event_rollups")) {
            for (Key k : keys) {
                double[] s = sums.get(k);
                ap.beginRow().append(ChatbotKey.of(k.chatbotId())).append(k.chatbotId()).append(k.channelId()).append(k.grain()).append(k.start())
                        .append(k.metric()).append(k.key());
                if (k.num() == null) {
                    ap.appendNull();
                } else {
                    ap.append(k.num().doubleValue());
                }
                ap.append((long) s[0]);
                if (k.metric().equals("call")) {
                    ap.append(s[1]);
                } else {
                    ap.appendNull();
                }
                ap.endRow();
            }
        }
    }

    /** A conversations row's start as the {@code cv} rows count it, to the millisecond. */
    private record StartAt(String chatbotId, String view, long startTs, String startChannel) {}

    /**
     * The hours whose conversations rows' starts changed although their {@code cv} counts did not:
     * a start that moved within its hour (an earlier {@code conversation.started} of the same hour
     * arrived). The hour's rollup rows stay as they were, but the rows' times a report counts from
     * ({@link HourEvents}) changed, so the hour counts as changed ({@link #touched}). A start counted
     * out and in at the same millisecond and channel (a row whose messages or language changed)
     * changes nothing there.
     */
    private static List<Span> startsMoved(List<ConversationRow> conversations) {
        boolean out = false;
        for (ConversationRow c : conversations) {
            out |= c.sign() < 0;
        }
        if (!out) {
            return List.of(); // only new starts: their hours' counts changed already
        }
        Map<StartAt, Integer> net = new HashMap<>();
        for (ConversationRow c : conversations) {
            net.merge(new StartAt(c.chatbotId(), c.view(), c.startTs(), c.startChannel()), c.sign(), Integer::sum);
        }
        Set<Span> moved = new LinkedHashSet<>();
        net.forEach((at, n) -> {
            if (n != 0) {
                moved.add(new Span(at.chatbotId(), HOUR, Math.floorDiv(at.startTs(), HOUR) * HOUR));
            }
        });
        return new ArrayList<>(moved);
    }

    /** The distinct spans of {@code keys}. */
    private static List<Span> spans(Collection<Key> keys) {
        Set<Span> spans = new LinkedHashSet<>();
        for (Key k : keys) {
            spans.add(new Span(k.chatbotId(), k.grain(), k.start()));
        }
        return new ArrayList<>(spans);
    }

    /**
     * Compacts {@code spans}: deletes their stored rows and adds them into {@code sums}, so that the
     * group appends one row per identity of those spans, its own sums and the stored ones together.
     * One statement, {@code DELETE … RETURNING}, whose filter is two lists (the spans' chatbots and
     * their starts), which DuckDB checks as sets: a filter per span would be an {@code OR} that
     * every scanned row evaluates term by term, as many terms as a fleet's group has spans. The
     * lists can take more than the spans (a chatbot's span at another's start, the hour at a day's
     * start): those are compacted too, which changes no sum, and count as touched.
     */
    private void takeRows(DuckDBConnection conn, List<Span> spans, Map<Key, double[]> sums) throws SQLException {
        Set<String> chatbots = new LinkedHashSet<>();
        Set<Long> starts = new LinkedHashSet<>();
        for (Span s : spans) {
            chatbots.add(s.chatbotId());
            starts.add(s.start());
        }
        long lo = starts.stream().mapToLong(Long::longValue).min().orElseThrow();
        long hi = starts.stream().mapToLong(Long::longValue).max().orElseThrow();
        // the range as well as the list: the zone maps of start_ts skip row groups by it
        String sql = "DELETE FROM event_rollups WHERE start_ts BETWEEN ? AND ?"
                + " AND chatbot_key IN (" + String.join(", ", Collections.nCopies(chatbots.size(), "?")) + ")"
                + " AND start_ts IN (" + String.join(", ", Collections.nCopies(starts.size(), "?")) + ")"
                + " RETURNING chatbot_id, channel_id, grain, start_ts, metric, key, num, n, total";
        Set<Span> taken = new LinkedHashSet<>(spans);
        try (var ps = conn.prepareStatement(sql)) {
            int p = 0;
            ps.setLong(++p, lo);
            ps.setLong(++p, hi);
            for (String chatbot : chatbots) {
                ps.setLong(++p, ChatbotKey.of(chatbot));
            }
            for (long start : starts) {
                ps.setLong(++p, start);
            }
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    double num = rs.getDouble(7);
                    Double boxed = rs.wasNull() ? null : num;
                    Key key = new Key(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6), boxed);
                    double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
                    sum[0] += rs.getLong(8);
                    sum[1] += rs.getDouble(9); // NULL (no total kept) reads as 0
                    Span span = new Span(key.chatbotId(), key.grain(), key.start());
                    if (taken.add(span)) {
                        pendingTouched.add(span); // compacted beyond the due spans: its rows changed too
                    }
                }
            }
        }
        pendingCompacted.addAll(taken);
    }

    private static void add(Map<Key, double[]> sums, Row r, String metric, String key, Double num, double total) {
        add(sums, r.chatbotId(), r.event().channelId(), r.event().ts(), metric, key, num, 1, total);
    }

    private static void add(Map<Key, double[]> sums, String chatbotId, String channelId, long ts, String metric, String key, Double num,
            int n, double total) {
        for (long grain : hourly(metric) ? HOURS_AND_DAYS : DAYS) {
            long start = Math.floorDiv(ts, grain) * grain;
            double[] s = sums.computeIfAbsent(new Key(chatbotId, channelId, grain, start, metric, key, num), k -> new double[2]);
            s[0] += n;
            s[1] += total;
        }
    }

    /**
     * Per chatbot, the earliest {@code start_ts} of the hour and of the day spans the open group
     * appended rows to or compacted ({@link RollupChanges}): rows of earlier spans are as they were.
     */
    Map<String, RollupChanges.Span> touched() {
        Map<String, RollupChanges.Span> touched = new HashMap<>();
        for (Span s : pendingTouched) {
            touched.put(s.chatbotId(), touched.getOrDefault(s.chatbotId(), RollupChanges.Span.NONE).with(s.grain(), s.start()));
        }
        return touched;
    }

    /** The rows appended to {@code event_rollups} since the last call. */
    long takeAppended() {
        long n = appended;
        appended = 0;
        return n;
    }

    /** The group's transaction committed. */
    void committed() {
        if (uncompacted.size() > 1_000_000) {
            uncompacted.clear(); // a bound on memory: spans then wait for more groups before compaction
        }
        for (Span s : pendingTouched) {
            uncompacted.merge(s, 1, Integer::sum);
        }
        for (Span s : pendingCompacted) {
            uncompacted.remove(s);
        }
        pendingTouched.clear();
        pendingCompacted.clear();
    }

    /** Every span was compacted, by a rewrite of the table ({@link Clustering}). */
    void compactedAll() {
        uncompacted.clear();
    }

    /** The group's transaction was rolled back. */
    void discarded() {
        pendingTouched.clear();
        pendingCompacted.clear();
    }
}
