package io.sextant.store.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far from its start a conversation's messages can lie, per chatbot: the largest time from a
 * first message to its conversation's later start ({@code lead}) and from a start to its
 * conversation's later last message ({@code tail}), and the latest last message ({@code last}),
 * over every row of {@code conversations} (both views: a channel's and all channels'). The writer
 * widens it in the transaction that writes the rows, before their commit, and loads it when it
 * starts; it only grows (an erased conversation leaves it wider than it needs to be, never
 * narrower).
 *
 * <p>The reports use it to bound where the messages outside a window W of the conversations
 * started in W can be ({@link #bounds}), as constants the scans' zone maps can use, instead of a
 * statement that finds the exact bounds first. Read before a report's snapshot began, the bounds
 * are a guess the report checks: the statement also returns the exact bounds of its crossing
 * conversations, and a report whose guess fell short (a commit between the guess and the
 * statement's snapshot, or a store without a writer) is computed again with them in the same
 * transaction. Read once the snapshot has begun, from a reach the writer has {@link #loaded}, they
 * hold for every row the snapshot sees, since a commit widens the reach before it is visible: a
 * side of W that they leave empty has no crossing conversation, and the report leaves that side's
 * scans out ({@code DuckDbReportStore.compute}). That is the common case of a live dashboard, whose
 * window ends after the latest message and whose conversations have no message before their start.
 */
final class ConversationReach {

    /**
     * The lead, the tail and the latest last message of a set of {@code conversations} rows, as
     * SQL: the definition that {@link #load} and an erasure's rows use, and {@link Group#row}
     * computes in Java.
     */
    static final String LEAD_TAIL_AND_LAST = "coalesce(max(start_ts - first_message_ts), 0), coalesce(max(last_message_ts - start_ts), 0),"
            + " coalesce(max(last_message_ts), " + Long.MIN_VALUE + ")";

    /** Per chatbot {lead, tail, last}, lead and tail ≥ 0; an array is never changed once in the map. */
    private final Map<String, long[]> reach = new ConcurrentHashMap<>();

    /** Whether the writer has loaded what is committed ({@link #load}): only then do the bounds hold for every row. */
    private volatile boolean loaded;

    /** Widens the reach by what is committed (the writer, when it starts). */
    void load(Statement st) throws SQLException {
        try (var rs = st.executeQuery("""
                SELECT chatbot_id, %s
                FROM conversations WHERE start_ts IS NOT NULL GROUP BY chatbot_id""".formatted(LEAD_TAIL_AND_LAST))) {
            while (rs.next()) {
                widen(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
        loaded = true;
    }

    /** Whether the writer has loaded the committed rows, so that every commit since widened it before it was visible. */
    boolean loaded() {
        return loaded;
    }

    /**
     * Widens a chatbot's reach to at least {@code lead} and {@code tail} (negative ones count as 0)
     * and its latest last message to at least {@code last}.
     */
    void widen(String chatbotId, long lead, long tail, long last) {
        long[] wanted = {Math.max(lead, 0), Math.max(tail, 0), last};
        reach.merge(chatbotId, wanted, (old, now) -> old[0] >= now[0] && old[1] >= now[1] && old[2] >= now[2]
                ? old : new long[] {Math.max(old[0], now[0]), Math.max(old[1], now[1]), Math.max(old[2], now[2])});
    }

    /**
     * Where the messages outside [{@code from}, {@code to}] of the conversations started in it can
     * lie, as far as this reach knows: {@code {earliest, latest}}, an empty range on a side where
     * none can be (the earliest at {@code from}, the latest at {@code to}). No message lies after
     * the latest last message.
     */
    long[] bounds(String chatbotId, long from, long to) {
        long[] r = reach.getOrDefault(chatbotId, NONE);
        long earliest = from - r[0];
        long latest = to + r[1];
        earliest = earliest > from ? Long.MIN_VALUE : earliest; // saturated
        latest = latest < to ? Long.MAX_VALUE : latest;
        return new long[] {earliest, Math.max(to, Math.min(latest, r[2]))};
    }

    /** The reach of a chatbot without conversation rows. */
    private static final long[] NONE = {0, 0, Long.MIN_VALUE};

    /** The reach a group of conversation rows adds, per chatbot, before it is applied at once ({@link #widen}). */
    static final class Group {
        private final Map<String, long[]> wanted = new HashMap<>();

        /** A conversation row as the group leaves it; a row without a start or messages adds nothing. */
        void row(String chatbotId, Long startTs, Long firstMessageTs, Long lastMessageTs) {
            if (startTs == null || firstMessageTs == null || lastMessageTs == null) {
                return;
            }
            long[] w = wanted.computeIfAbsent(chatbotId, k -> NONE.clone());
            w[0] = Math.max(w[0], startTs - firstMessageTs);
            w[1] = Math.max(w[1], lastMessageTs - startTs);
            w[2] = Math.max(w[2], lastMessageTs);
        }

        void applyTo(ConversationReach reach) {
            wanted.forEach((chatbot, w) -> reach.widen(chatbot, w[0], w[1], w[2]));
        }
    }
}
