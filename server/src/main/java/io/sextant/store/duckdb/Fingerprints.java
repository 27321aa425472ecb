package io.sextant.store.duckdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A set of fingerprints of stored keys, in memory: the writer's first test of whether a key (an
 * event id, a conversation's rollup row) is new, without an index in the database.
 *
 * <p>A fingerprint is the lower 64 bits of the MD5 of the key's parts joined by {@code /} (UTF-8),
 * read little-endian: exactly what DuckDB's {@code md5_number(…)} gives in its lower half, so the
 * migrations that introduced the columns compute the same values in SQL, and no engine version can
 * change them. A fingerprint that is absent proves the key new. A fingerprint that is present only
 * makes the key a suspect: the writer then looks the key itself up in its table, so two keys that
 * share a fingerprint cost one lookup and are never mistaken for each other.
 *
 * <p>An open-addressing table of {@code long}s with linear probing, at most three quarters full:
 * 8 to 16 bytes per stored key (about 270 MB at 21 M events). The table lives outside the Java heap,
 * in direct buffers of at most 2^24 slots (128 MiB) each: it is the largest thing the process keeps,
 * it lives as long as the process, and on the heap it made the garbage collector's old generation
 * look nearly full all the time, so G1 ran a marking cycle every few seconds that found nothing to
 * free and paused the requests that met it (docs/benchmark.md, "the inbox's p95"). Off the heap it
 * is bounded by {@code -XX:MaxDirectMemorySize} (by default the heap's maximum) instead; {@link
 * #bytes()} says how much it takes. A table outgrown is released when the collector finds its
 * buffers unreachable. Zero marks an empty slot, so the fingerprint 0 is kept as 1, which makes it a
 * suspect of one more key in 2^64. Not thread-safe: only the writer uses it.
 */
final class Fingerprints {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MIN_CAPACITY = 1 << 10;
    private static final long MAX_CAPACITY = 1L << 30;
    /** Slots per page, as a power of two: 2^24 slots, 128 MiB. */
    private static final int PAGE_BITS = 24;

    private final MessageDigest md5;
    private final int pageBits;
    private Table slots;
    private long size;
    /** Where the loads of {@link #prefetch} go, so that the compiler keeps them. */
    private long prefetched;

    Fingerprints(long expected) {
        this(expected, PAGE_BITS);
    }

    /** With pages of 2^{@code pageBits} slots: small pages let a test reach the paging at a small size. */
    Fingerprints(long expected, int pageBits) {
        this.pageBits = pageBits;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
        slots = new Table(capacityFor(expected), pageBits);
    }

    /** The fingerprints in the {@code fp} column of a table. */
    static Fingerprints load(Statement st, String table) throws SQLException {
        long count;
        try (var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            count = rs.getLong(1);
        }
        Fingerprints fingerprints = new Fingerprints(count);
        try (var rs = st.executeQuery("SELECT fp FROM " + table)) {
            while (rs.next()) {
                fingerprints.add(rs.getLong(1));
            }
        }
        return fingerprints;
    }

    /** The fingerprint of a key of two parts, such as an event id of a chatbot (see the class comment). */
    long of(String first, String second) {
        md5.update(first.getBytes(StandardCharsets.UTF_8));
        md5.update((byte) '/');
        md5.update(second.getBytes(StandardCharsets.UTF_8));
        return (long) LONG_LE.get(md5.digest(), 0);
    }

    /** The fingerprint of a key of three parts, such as a conversation in a channel of a chatbot. */
    long of(String first, String second, String third) {
        md5.update(first.getBytes(StandardCharsets.UTF_8));
        md5.update((byte) '/');
        return of(second, third);
    }

    /**
     * Reads the first slot of each of the first {@code count} {@code fingerprints}, so that the
     * tests and adds of them that follow find those slots in the processor's caches. The table is
     * far larger than the caches, so the first slot a probe reads is a miss, and a probe waits for
     * it before it decides whether to read on; the loads of this loop depend on nothing before
     * them, so the processor has many of them in flight at once. At the benchmark's default scale
     * this took the writer's fingerprint work from 9.9 % of its time to 5.3 % (docs/benchmark.md,
     * 2026-12-07 10:00 UTC).
     */
    void prefetch(long[] fingerprints, int count) {
        long x = 0;
        for (int i = 0; i < count; i++) {
            x ^= slots.get(slots.home(stored(fingerprints[i])));
        }
        prefetched ^= x;
    }

    boolean mightContain(long fingerprint) {
        return slots.get(slots.probe(stored(fingerprint))) != 0;
    }

    void add(long fingerprint) {
        ensureRoom(1);
        if (slots.put(stored(fingerprint))) {
            size++;
        }
    }

    /** Grows the table now, if needed, so that {@code more} adds will not (the writer calls it before a commit). */
    void ensureRoom(int more) {
        while (size + more > slots.capacity / 4 * 3) {
            if (slots.capacity == MAX_CAPACITY) {
                throw new IllegalStateException("too many stored keys for one process: " + size);
            }
            rehash(slots.capacity * 2);
        }
    }

    long size() {
        return size;
    }

    /** The memory the table takes outside the heap, in bytes. */
    long bytes() {
        return slots.capacity * Long.BYTES;
    }

    private void rehash(long capacity) {
        Table bigger = new Table(capacity, pageBits);
        for (long i = 0; i < slots.capacity; i++) {
            long f = slots.get(i);
            if (f != 0) {
                bigger.put(f);
            }
        }
        slots = bigger;
    }

    private static long stored(long fingerprint) {
        return fingerprint == 0 ? 1 : fingerprint;
    }

    private static long capacityFor(long expected) {
        long needed = Math.max(MIN_CAPACITY, expected * 4 / 3 + 1);
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("too many stored event ids for one process: " + expected);
        }
        return Long.highestOneBit(needed - 1) << 1;
    }

    /** The slots: a power of two of them, in pages of direct buffers, zero (empty) when allocated. */
    private static final class Table {

        final long capacity;
        private final long mask;
        private final int pageBits;
        private final long pageMask;
        private final LongBuffer[] pages;

        Table(long capacity, int pageBits) {
            this.capacity = capacity;
            this.mask = capacity - 1;
            this.pageBits = pageBits;
            this.pageMask = (1L << pageBits) - 1;
            int pageSlots = (int) Math.min(capacity, 1L << pageBits);
            pages = new LongBuffer[(int) (capacity / pageSlots)];
            for (int p = 0; p < pages.length; p++) {
                pages[p] = ByteBuffer.allocateDirect(pageSlots * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
            }
        }

        long get(long i) {
            return pages[(int) (i >>> pageBits)].get((int) (i & pageMask));
        }

        /** Stores {@code f} unless it is there; true if it was not. */
        boolean put(long f) {
            long i = probe(f);
            if (get(i) != 0) {
                return false;
            }
            pages[(int) (i >>> pageBits)].put((int) (i & pageMask), f);
            return true;
        }

        /** The slot where the probe for {@code f} starts. */
        long home(long f) {
            // MD5's bits are uniform; the upper ones pick the slot, so that table size and fingerprint low bits stay unrelated
            return (f >>> 32) & mask;
        }

        /** The slot that holds {@code f}, or else the empty slot where linear probing stops (the table is never full). */
        long probe(long f) {
            long i = home(f);
            for (long g = get(i); g != f && g != 0; g = get(i)) {
                i = (i + 1) & mask;
            }
            return i;
        }
    }
}
