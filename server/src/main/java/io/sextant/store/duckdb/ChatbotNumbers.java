package io.sextant.store.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The number of each chatbot in the event tables and {@code event_ids} (migration V18): their
 * {@code chatbot_no}, where the rollup tables, the channels and the settings keep the chatbot's id.
 *
 * <p>The writer gives a chatbot the next number in the transaction of the first commit group that
 * stores an event of it ({@link #assign}, then {@link #committed} or {@link #discarded} with the
 * transaction), and a number never changes or goes. So a number, once read, holds for good: each
 * reader keeps those it looked up ({@link Lookup}), and reads the table only for a chatbot it has
 * not seen yet. A chatbot without a number has no event stored; {@link #NONE} matches no row.
 *
 * <p>The number is exact, not a digest of the id: nothing else in an event row tells two chatbots
 * apart.
 */
final class ChatbotNumbers {

    /** The number of a chatbot that has none: no event of it is stored, and no row has it. */
    static final long NONE = 0;

    /** The committed numbers (the writer's thread only). */
    private final Map<String, Long> committed = new HashMap<>();
    /** The numbers the open commit group gives (the writer's thread only). */
    private final Map<String, Long> pending = new HashMap<>();
    /** The highest committed number (the writer's thread only, loaded by {@link #load}). */
    private long highest;

    /** Loads every committed number (the writer, when it starts). */
    void load(Statement st) throws SQLException {
        pending.clear();
        committed.clear();
        long max = NONE;
        try (var rs = st.executeQuery("SELECT chatbot_no, chatbot_id FROM chatbots")) {
            while (rs.next()) {
                committed.put(rs.getString(2), rs.getLong(1));
                max = Math.max(max, rs.getLong(1));
            }
        }
        highest = max;
    }

    /** The writer's number for a chatbot: its committed one, or the next, which the open group gives it. */
    long assign(String chatbotId) {
        Long no = committed.get(chatbotId);
        if (no != null) {
            return no;
        }
        return pending.computeIfAbsent(chatbotId, id -> highest + pending.size() + 1);
    }

    /** The committed number of a chatbot, or {@link #NONE}. */
    long committedOf(String chatbotId) {
        return committed.getOrDefault(chatbotId, NONE);
    }

    /** Writes the numbers the open group gives, in its transaction. */
    void write(Connection conn) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO chatbots (chatbot_no, chatbot_id) VALUES (?, ?)")) {
            for (var en : pending.entrySet()) {
                ps.setLong(1, en.getValue());
                ps.setString(2, en.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The group's transaction committed: its numbers hold. */
    void committed() {
        for (long no : pending.values()) {
            highest = Math.max(highest, no);
        }
        committed.putAll(pending);
        pending.clear();
    }

    /** The group's transaction was rolled back: its numbers were never given. */
    void discarded() {
        pending.clear();
    }

    /**
     * The numbers for the readers of one database: each looked up in {@code chatbots} once, on one
     * of the readers' connections, and kept, since a number never changes or goes. A chatbot not
     * there yet is {@link #NONE}, looked up again next time: the writer may give it one at any time.
     */
    static final class Lookup {
        private final Map<String, Long> found = new ConcurrentHashMap<>();

        /**
         * The chatbot's number, or {@link #NONE}; not kept yet, looked up on {@code in} (the reader's
         * own connections, or its read transaction, so that the number and its rows share a snapshot).
         */
        long of(String chatbotId, JdbcClient in) {
            Long no = found.get(chatbotId);
            if (no != null) {
                return no;
            }
            Optional<Long> stored = in.sql("SELECT chatbot_no FROM chatbots WHERE chatbot_id = ?").param(chatbotId)
                    .query(Long.class).optional();
            if (stored.isEmpty()) {
                return NONE;
            }
            if (found.size() > 100_000) { // a few hundred on a platform; bounded all the same
                found.clear();
            }
            found.put(chatbotId, stored.get());
            return stored.get();
        }
    }
}
