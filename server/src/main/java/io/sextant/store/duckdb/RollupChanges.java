package io.sextant.store.duckdb;

import io.sextant.store.ChangeHistory;
import java.util.Map;

/**
 * Which {@code event_rollups} rows the writer's commits changed, so that the rollup rows a report
 * read ({@link KeptRollupRows}) can serve a later report exactly when none of them changed since.
 *
 * <p>Each commit is summed up per chatbot as the earliest {@code start_ts} of the hour rows and of
 * the day rows it appended, compacted or removed ({@link Span}; {@link Long#MIN_VALUE}: every row).
 * Rows of that grain that start before it are as they were. The grains count apart because a live
 * window reads the hour rows of today's whole hours and the day rows of the days before: an event
 * of the present hour adds to today's day row, which such a window does not read, and to the
 * present hour's row, which it does not read either.
 *
 * <p>A report's rollup statement also carries the labels it shows (step names, channel types), so
 * a commit that changes a chatbot's step labels or channels counts as changing all its rows
 * ({@link Span#ALL}), as an erasure does.
 *
 * <p>A commit is announced with its spans before its {@code COMMIT} ({@link #begin}), and recorded
 * once it returns ({@link #end}) or dropped when it failed ({@link #abandon}); while it is
 * announced, the rows it reaches count as changed. So a reader that starts its snapshot and then
 * finds no commit announced or recorded since an entry's version that reached the entry's rows
 * knows that its snapshot holds exactly the entry's rows: a commit its snapshot holds had been
 * announced before the snapshot started.
 *
 * <p>Only the writer of the process writes {@code event_rollups} (DuckDB allows one writing process
 * per file), so this log sees every change. Thread-safe.
 */
final class RollupChanges {

    /** Commits kept per chatbot; older ones only count as "changed". */
    static final int HISTORY = 256;

    /**
     * The earliest start of the hour rows and of the day rows a commit changed for a chatbot
     * ({@link Long#MAX_VALUE}: none of that grain).
     */
    record Span(long hours, long days) {

        /** Every row of the chatbot (an erasure). */
        static final Span ALL = new Span(Long.MIN_VALUE, Long.MIN_VALUE);

        /** No row. */
        static final Span NONE = new Span(Long.MAX_VALUE, Long.MAX_VALUE);

        /** The span that also reaches the row of {@code grain} starting at {@code start}. */
        Span with(long grain, long start) {
            return grain == EventRollups.HOUR ? new Span(Math.min(hours, start), days) : new Span(hours, Math.min(days, start));
        }

        /** Whether it reaches hour rows starting up to {@code hoursUpTo} or day rows starting up to {@code daysUpTo}. */
        boolean reaches(long hoursUpTo, long daysUpTo) {
            return (hours != Long.MAX_VALUE && hours <= hoursUpTo) || (days != Long.MAX_VALUE && days <= daysUpTo);
        }
    }

    private final ChangeHistory<Span> history = new ChangeHistory<>(HISTORY);
    /** Every version up to this one counts as having changed every row (the writer loaded its memory again). */
    private long allChangedUpTo;
    private long version;
    /** The commit between {@link #begin} and {@link #end}, per chatbot (the writer runs one at a time). */
    private Map<String, Span> announced = Map.of();

    /** The number of the last recorded commit; read before a snapshot starts, it dates what the snapshot holds at least. */
    synchronized long version() {
        return version;
    }

    /** A commit that changes the rows of {@code spans} (per chatbot; none: no rollup row) is about to run {@code COMMIT}. */
    synchronized void begin(Map<String, Span> spans) {
        announced = Map.copyOf(spans);
    }

    /** The announced commit is durable. */
    synchronized void end() {
        Map<String, Span> spans = announced;
        announced = Map.of();
        if (spans.isEmpty()) {
            return;
        }
        version++;
        spans.forEach((chatbot, span) -> history.add(version, chatbot, span));
    }

    /** The announced commit did not happen. */
    synchronized void abandon() {
        announced = Map.of();
    }

    /**
     * The announced commit's {@code COMMIT} failed, and whether it is durable is told later: until
     * then no kept row counts as unchanged ({@link #changedAll}); the announcement is dropped.
     */
    synchronized void failed() {
        changedAll();
        abandon();
    }

    /** Anything may have changed (the writer's memory was loaded again from the database): no kept row counts as unchanged. */
    synchronized void changedAll() {
        version++;
        allChangedUpTo = version;
        history.clear();
    }

    /**
     * Whether the chatbot's hour rows starting at or before {@code hoursUpTo} and its day rows
     * starting at or before {@code daysUpTo} are as they were at version {@code since}: no commit
     * announced or recorded after {@code since} reaches them. Asked after a snapshot started, true
     * means the snapshot holds those rows as they were at {@code since}.
     */
    synchronized boolean unchangedSince(long since, String chatbotId, long hoursUpTo, long daysUpTo) {
        Span pending = announced.get(chatbotId);
        return (pending == null || !pending.reaches(hoursUpTo, daysUpTo)) && allChangedUpTo <= since
                && !history.anySince(since, chatbotId, span -> span.reaches(hoursUpTo, daysUpTo));
    }
}
