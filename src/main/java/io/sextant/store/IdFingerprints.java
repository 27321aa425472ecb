package io.sextant.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The fingerprints of every stored event id, in memory: the writer's first test of whether an id is
 * new.
 *
 * <p>A fingerprint is the lower 64 bits of the MD5 of {@code chatbotId + "/" + eventId} (UTF-8),
 * read little-endian: exactly what DuckDB's {@code md5_number(…)} gives in its lower half, so the
 * migration that introduced the column computes the same values in SQL, and no engine version can
 * change them. A fingerprint that is absent proves the id new. A fingerprint that is present only
 * makes the id a suspect: the writer then looks the id itself up in {@code event_ids}, so two ids
 * that share a fingerprint cost one lookup and are never mistaken for each other.
 *
 * <p>An open-addressing table of {@code long}s with linear probing, at most three quarters full:
 * 8 to 16 bytes of heap per stored event (about 270 MB at 21 M events). Zero marks an empty slot,
 * so the fingerprint 0 is kept as 1, which makes it a suspect of one more id in 2^64. Not thread-safe:
 * only the writer uses it.
 */
final class IdFingerprints {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MIN_CAPACITY = 1 << 10;

    private final MessageDigest md5;
    private long[] slots;
    private int size;

    IdFingerprints(long expected) {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
        slots = new long[capacityFor(expected)];
    }

    /** The fingerprint of an event id of a chatbot (see the class comment). */
    long of(String chatbotId, String eventId) {
        md5.update(chatbotId.getBytes(StandardCharsets.UTF_8));
        md5.update((byte) '/');
        md5.update(eventId.getBytes(StandardCharsets.UTF_8));
        return (long) LONG_LE.get(md5.digest(), 0);
    }

    boolean mightContain(long fingerprint) {
        long f = stored(fingerprint);
        int mask = slots.length - 1;
        for (int i = slot(f, mask); ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == f) {
                return true;
            }
            if (s == 0) {
                return false;
            }
        }
    }

    void add(long fingerprint) {
        if (size + 1 > slots.length / 4 * 3) {
            if (slots.length == 1 << 30) {
                throw new IllegalStateException("too many stored event ids for one process: " + size);
            }
            rehash(slots.length * 2);
        }
        if (put(slots, stored(fingerprint))) {
            size++;
        }
    }

    int size() {
        return size;
    }

    private static boolean put(long[] table, long f) {
        int mask = table.length - 1;
        for (int i = slot(f, mask); ; i = (i + 1) & mask) {
            long s = table[i];
            if (s == f) {
                return false;
            }
            if (s == 0) {
                table[i] = f;
                return true;
            }
        }
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
