package io.sextant.store.duckdb;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The summed {@code event_rollups} rows of a report's rollup statement, kept for the next report
 * that sends the same statement with the same values, for as long as {@link RollupChanges} says no
 * commit changed the rows it read.
 *
 * <p>A live dashboard moves its window's end with every request; the rollup statement of such a
 * window reads whole hours and days only, so it stays the same while the window's end stays in the
 * same hour or day. Only the report's other statement (its edges, the conversations that cross
 * them, the KPIs) is computed again. A commit drops nothing here: an entry is checked when it is
 * about to be used, against the commits recorded since it was read.
 *
 * <p>At most {@code maxRows} rows are kept in all, the least recently used entries dropped first;
 * 0 keeps nothing. Thread-safe.
 *
 * @param <V> what is kept of a statement's rows
 */
final class KeptRollupRows<V> {

    /** A statement and its values. */
    record Key(String sql, Map<String, Object> params) {}

    /**
     * What was made of {@code rows} rows of {@code chatbotId} (hour rows starting up to
     * {@code hoursUpTo}, day rows up to {@code daysUpTo}), read at version {@code version} of
     * {@link RollupChanges}.
     */
    private record Entry<V>(V value, int rows, long version, String chatbotId, long hoursUpTo, long daysUpTo) {}

    private final RollupChanges changes;
    private final long maxRows;
    private final LinkedHashMap<Key, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true); // guarded by this
    private long rows; // guarded by this
    private final AtomicLong used = new AtomicLong();

    KeptRollupRows(RollupChanges changes, long maxRows) {
        this.changes = changes;
        this.maxRows = maxRows;
    }

    /** The version to keep rows with: read before the snapshot that reads them starts. */
    long version() {
        return changes.version();
    }

    /**
     * The kept rows of {@code key} if they are still what a snapshot started before this call holds
     * (null otherwise, and a stale entry is dropped).
     */
    synchronized V get(Key key) {
        Entry<V> e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (!changes.unchangedSince(e.version(), e.chatbotId(), e.hoursUpTo(), e.daysUpTo())) {
            entries.remove(key);
            rows -= e.rows();
            return null;
        }
        used.incrementAndGet();
        return e.value();
    }

    /** Keeps what was made of {@code count} rows read by a snapshot that started after {@code version} was read. */
    synchronized void put(Key key, V value, int count, long version, String chatbotId, long hoursUpTo, long daysUpTo) {
        if (count > maxRows) {
            return;
        }
        Entry<V> old = entries.put(key, new Entry<>(value, count, version, chatbotId, hoursUpTo, daysUpTo));
        rows += count - (old == null ? 0 : old.rows());
        Iterator<Entry<V>> eldest = entries.values().iterator();
        while (rows > maxRows && eldest.hasNext()) {
            rows -= eldest.next().rows();
            eldest.remove();
        }
    }

    /** How many reports used kept rows. */
    long used() {
        return used.get();
    }

    /** How many rows are kept. */
    synchronized long rows() {
        return rows;
    }
}
