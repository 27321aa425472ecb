package io.sextant.store.duckdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The numeric key of a chatbot in the rollup tables ({@code event_rollups}, migration V15;
 * {@code conversations}, V16): 63 bits of the MD5 of its id, first in their order and in every
 * scan's filter.
 *
 * <p>DuckDB keeps only the first 8 bytes of a string in a row group's min and max, so the zone maps
 * of {@code chatbot_id} cannot tell apart chatbots whose ids share a prefix ({@code demo-cityhall},
 * {@code demo-cityhall-2} … {@code demo-cityhall-200}): a report of one of them read the row groups
 * of all. A number's min and max are exact, so a scan that filters on the key skips every row group
 * that holds no row of the chatbot. The scans filter on {@code chatbot_id} as well, so a collision
 * of two keys would cost a scan more row groups, never mix two chatbots' rows.
 *
 * <p>{@link #SQL} computes the same key in DuckDB (the migrations and an erasure's re-derived rows);
 * {@code EventRollupsTest}, {@code RollupsTest} and {@code FingerprintsTest} check that the keys the
 * writer and the migrations store are this one.
 */
final class ChatbotKey {

    /** The key of the row's {@code chatbot_id}, in DuckDB: the upper half of {@code md5_number} shifted right by one. */
    static final String SQL = "CAST(md5_number_upper(chatbot_id) >> 1 AS BIGINT)";

    /** Keys of the chatbots seen, a few hundred on a platform; cleared should ids ever be that many. */
    private static final ConcurrentHashMap<String, Long> KNOWN = new ConcurrentHashMap<>();

    private ChatbotKey() {}

    static long of(String chatbotId) {
        Long key = KNOWN.get(chatbotId);
        if (key != null) {
            return key;
        }
        if (KNOWN.size() > 100_000) {
            KNOWN.clear();
        }
        long computed = compute(chatbotId);
        KNOWN.put(chatbotId, computed);
        return computed;
    }

    /** {@code md5_number_upper}: the first 8 bytes of the MD5 of the UTF-8 bytes, little-endian, as an unsigned number; here halved. */
    static long compute(String chatbotId) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(chatbotId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(md5).order(ByteOrder.LITTLE_ENDIAN).getLong(0) >>> 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
    }
}
