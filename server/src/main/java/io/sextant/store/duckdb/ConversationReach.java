package io.sextant.store.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far from its start a conversation's messages can lie, per chatbot: the largest time from a
 * first message to its conversation's later start ({@code lead}) and from a start to its
 * conversation's later last message ({@code tail}), over every row of {@code conversations} (both
 * views: a channel's and all channels'). The writer widens it in the transaction that writes the
 * rows and loads it when it starts; it only grows (an erased conversation leaves it wider than it
 * needs to be, never narrower).
 *
 * <p>The reports use it to bound where the messages outside a window W of the conversations
 * started in W can be ({@link #bounds}), as constants the scans' zone maps can use, instead of a
 * statement that finds the exact bounds first. The bounds are a guess the report checks: the
 * statement also returns the exact bounds of its crossing conversations, and a report whose guess
 * fell short (a commit between the guess and the statement's snapshot, or a store without a
 * writer) is computed again with them in the same transaction. So the answer never depends on this
 * being right, only its cost does.
 */
final class ConversationReach {

    /**
     * The lead and the tail of a set of {@code conversations} rows, as SQL: the definition that
     * {@link #load} and an erasure's rows use, and {@link Group#row} computes in Java.
     */
    static final String LEAD_AND_TAIL = "coalesce(max(start_ts - first_message_ts), 0), coalesce(max(last_message_ts - start_ts), 0)";

    /** Per chatbot {lead, tail}, each ≥ 0; an array is never changed once in the map. */
    private final Map<String, long[]> reach = new ConcurrentHashMap<>();

    /** Widens the reach by what is committed (the writer, when it starts). */
    void load(Statement st) throws SQLException {
        try (var rs = st.executeQuery("""
                SELECT chatbot_id, %s
                FROM conversations WHERE start_ts IS NOT NULL GROUP BY chatbot_id""".formatted(LEAD_AND_TAIL))) {
            while (rs.next()) {
                widen(rs.getString(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    /** Widens a chatbot's reach to at least {@code lead} and {@code tail} (negative ones count as 0). */
    void widen(String chatbotId, long lead, long tail) {
        long[] wanted = {Math.max(lead, 0), Math.max(tail, 0)};
        reach.merge(chatbotId, wanted, (old, now) -> old[0] >= now[0] && old[1] >= now[1]
                ? old : new long[] {Math.max(old[0], now[0]), Math.max(old[1], now[1])});
    }

    /**
     * Where the messages outside [{@code from}, {@code to}] of the conversations started in it can
     * lie, as far as this reach knows: {@code {earliest, latest}}, an empty range on a side where
     * none can be (the earliest at {@code from}, the latest at {@code to}).
     */
    long[] bounds(String chatbotId, long from, long to) {
        long[] r = reach.getOrDefault(chatbotId, new long[] {0, 0});
        long earliest = from - r[0];
        long latest = to + r[1];
        return new long[] {earliest > from ? Long.MIN_VALUE : earliest, latest < to ? Long.MAX_VALUE : latest};
    }

    /** The reach a group of conversation rows adds, per chatbot, before it is applied at once ({@link #widen}). */
    static final class Group {
        private final Map<String, long[]> wanted = new HashMap<>();

        /** A conversation row as the group leaves it; a row without a start or messages adds nothing. */
        void row(String chatbotId, Long startTs, Long firstMessageTs, Long lastMessageTs) {
            if (startTs == null || firstMessageTs == null || lastMessageTs == null) {
                return;
            }
            long[] w = wanted.computeIfAbsent(chatbotId, k -> new long[] {0, 0});
            w[0] = Math.max(w[0], startTs - firstMessageTs);
            w[1] = Math.max(w[1], lastMessageTs - startTs);
        }

        void applyTo(ConversationReach reach) {
            wanted.forEach((chatbot, w) -> reach.widen(chatbot, w[0], w[1]));
        }
    }
}
