package io.sextant.store.duckdb;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Which {@code event_rollups} rows the writer's commits changed, so that the rollup rows a report
 * read ({@link KeptRollupRows}) can serve a later report exactly when none of them changed since.
 *
 * <p>Each commit is summed up per chatbot as the earliest {@code start_ts} of the rows it appended,
 * compacted or removed ({@link Long#MIN_VALUE}: every row). Rows that lie before that start are as
 * they were. A commit is announced with those starts before its {@code COMMIT} ({@link #begin}),
 * and recorded once it returns ({@link #end}) or dropped when it failed ({@link #abandon}); while
 * it is announced, the rows it reaches count as changed. So a reader that starts its snapshot and
 * then finds no commit announced or recorded since an entry's version that reached the entry's
 * rows knows that its snapshot holds exactly the entry's rows: a commit its snapshot holds had been
 * announced before the snapshot started.
 *
 * <p>Only the writer of the process writes {@code event_rollups} (DuckDB allows one writing process
 * per file), so this log sees every change. Thread-safe.
 */
final class RollupChanges {

    /** Commits kept per chatbot; older ones only count as "changed". */
    static final int HISTORY = 256;

    private record Numbered(long version, long earliest) {}

    private final Map<String, ArrayDeque<Numbered>> history = new HashMap<>();
    private final Map<String, Long> forgottenUpTo = new HashMap<>();
    /** Every version up to this one counts as having changed every row (the writer loaded its memory again). */
    private long allChangedUpTo;
    private long version;
    /** The commit between {@link #begin} and {@link #end}: its earliest start per chatbot (the writer runs one at a time). */
    private Map<String, Long> announced = Map.of();

    /** The number of the last recorded commit; read before a snapshot starts, it dates what the snapshot holds at least. */
    synchronized long version() {
        return version;
    }

    /**
     * A commit is about to run {@code COMMIT}: it changes the rows of each chatbot of
     * {@code earliest} from that start on (none: it changes no rollup row).
     */
    synchronized void begin(Map<String, Long> earliest) {
        announced = Map.copyOf(earliest);
    }

    /** The announced commit is durable. */
    synchronized void end() {
        Map<String, Long> earliest = announced;
        announced = Map.of();
        if (earliest.isEmpty()) {
            return;
        }
        version++;
        earliest.forEach((chatbot, start) -> {
            ArrayDeque<Numbered> h = history.computeIfAbsent(chatbot, k -> new ArrayDeque<>());
            h.addLast(new Numbered(version, start));
            if (h.size() > HISTORY) {
                forgottenUpTo.put(chatbot, h.removeFirst().version());
            }
        });
    }

    /** The announced commit did not happen. */
    synchronized void abandon() {
        announced = Map.of();
    }

    /** Anything may have changed (the writer's memory was loaded again from the database): no kept row counts as unchanged. */
    synchronized void changedAll() {
        version++;
        allChangedUpTo = version;
        history.clear();
        forgottenUpTo.clear();
    }

    /**
     * Whether the chatbot's rows starting at or before {@code upTo} are as they were at version
     * {@code since}: no commit announced or recorded after {@code since} changes a row that early.
     * Asked after a snapshot started, true means the snapshot holds those rows as they were at
     * {@code since}.
     */
    synchronized boolean unchangedSince(long since, String chatbotId, long upTo) {
        Long pending = announced.get(chatbotId);
        if ((pending != null && pending <= upTo) || allChangedUpTo > since
                || forgottenUpTo.getOrDefault(chatbotId, Long.MIN_VALUE) > since) {
            return false;
        }
        ArrayDeque<Numbered> h = history.get(chatbotId);
        if (h != null) {
            for (Numbered n : h) {
                if (n.version() > since && n.earliest() <= upTo) {
                    return false;
                }
            }
        }
        return true;
    }
}
