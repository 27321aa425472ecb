package io.sextant.store.duckdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * 8 to 16 bytes of heap per stored key (about 270 MB at 21 M events). Zero marks an empty slot, so
 * the fingerprint 0 is kept as 1, which makes it a suspect of one more key in 2^64. Not thread-safe:
 * only the writer uses it.
 */
final class Fingerprints {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MIN_CAPACITY = 1 << 10;

    private final MessageDigest md5;
    private long[] slots;
    private int size;

    Fingerprints(long expected) {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
        slots = new long[capacityFor(expected)];
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

    boolean mightContain(long fingerprint) {
        return slots[probe(slots, stored(fingerprint))] != 0;
    }

    void add(long fingerprint) {
        ensureRoom(1);
        if (put(slots, stored(fingerprint))) {
            size++;
        }
    }

    /** Grows the table now, if needed, so that {@code more} adds will not (the writer calls it before a commit). */
    void ensureRoom(int more) {
        while (size + (long) more > slots.length / 4 * 3) {
            if (slots.length == 1 << 30) {
                throw new IllegalStateException("too many stored keys for one process: " + size);
            }
            rehash(slots.length * 2);
        }
    }

    int size() {
        return size;
    }

    private static boolean put(long[] table, long f) {
        int i = probe(table, f);
        if (table[i] != 0) {
            return false;
        }
        table[i] = f;
        return true;
    }

    /** The slot that holds {@code f}, or else the empty slot where linear probing stops (the table is never full). */
    private static int probe(long[] table, long f) {
        int mask = table.length - 1;
        int i = slot(f, mask);
        while (table[i] != f && table[i] != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void rehash(int capacity) {
        long[] bigger = new long[capacity];
        for (long f : slots) {
            if (f != 0) {
                put(bigger, f);
            }
        }
        slots = bigger;
    }

    private static long stored(long fingerprint) {
        return fingerprint == 0 ? 1 : fingerprint;
    }

    /** MD5's bits are uniform; the upper ones pick the slot, so that table size and fingerprint low bits stay unrelated. */
    private static int slot(long f, int mask) {
        return (int) (f >>> 32) & mask;
    }

    private static int capacityFor(long expected) {
        long needed = Math.max(MIN_CAPACITY, expected * 4 / 3 + 1);
        if (needed > 1 << 30) {
            throw new IllegalStateException("too many stored event ids for one process: " + expected);
        }
        return Integer.highestOneBit((int) needed - 1) << 1;
    }
}
