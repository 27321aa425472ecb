package io.sextant.store.duckdb;

import io.sextant.event.Event;
import io.sextant.event.EventType;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest time of each chatbot's rows in the tables the reports read by time range: the latest
 * {@code start_ts} of its {@code conversations} rows and the latest {@code ts} of its messages,
 * intents, steps, interactions and calls. The writer widens it in the transaction that writes the
 * rows, before their commit, and loads it when it starts; it only grows (an erasure leaves it later
 * than it needs to be, never earlier).
 *
 * <p>Read once a report's snapshot has begun, from what the writer has {@link #loaded}, it holds for
 * every row the snapshot sees, as {@link ConversationReach} does: a range of a table that starts
 * after the chatbot's latest time there has no row, and the report leaves its scan out
 * ({@code DuckDbReportStore.compute}). That is what a live dashboard's window asks for at its end:
 * a window ending now, after the latest event, is read from whole days' rollup rows less the events
 * after {@code to} — none.
 */
final class LatestEvents {

    /** The tables, in the order of a chatbot's array; {@code conversations} by {@code start_ts}, the others by {@code ts}. */
    static final String[] TABLES = {"conversations", "messages", "intents", "steps", "interactions", "calls"};

    /** What a chatbot without rows has: nothing at any time. */
    private static final long[] NONE = new long[TABLES.length];

    static {
        Arrays.fill(NONE, Long.MIN_VALUE);
    }

    /**
     * The index in {@link #TABLES} of the rows each event type gives a time, by its ordinal; −1:
     * none kept. A type's rows are those of its table ({@link DuckDbEventStore.Table#of}), but a
     * {@code conversation.started} gives its conversation's row its {@code start_ts} (the start of
     * a row is always one of its events'), and a {@code conversation.language} no time at all.
     */
    private static final int[] INDEX_OF_TYPE = new int[EventType.values().length];

    static {
        for (EventType type : EventType.values()) {
            INDEX_OF_TYPE[type.ordinal()] = switch (type) {
                case CONVERSATION_STARTED -> indexOf("conversations");
                case CONVERSATION_LANGUAGE -> -1;
                default -> indexOf(DuckDbEventStore.Table.of(type).sqlName);
            };
        }
    }

    /** Per chatbot the latest time of each of {@link #TABLES}; an array is never changed once in the map. */
    private final Map<String, long[]> latest = new ConcurrentHashMap<>();

    /** Whether the writer has loaded what is committed ({@link #load}): only then does it hold for every row. */
    private volatile boolean loaded;

    /** The index in {@link #TABLES} of {@code table}; −1 for one not kept. */
    static int indexOf(String table) {
        for (int i = 0; i < TABLES.length; i++) {
            if (TABLES[i].equals(table)) {
                return i;
            }
        }
        return -1;
    }

    /** Widens it by what is committed (the writer, when it starts). */
    void load(Statement st) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < TABLES.length; i++) {
            sql.append(i == 0 ? "" : " UNION ALL ");
            if (i == 0) { // the conversations rollup keeps the chatbot's id, the event tables its number (V18)
                sql.append("SELECT 0, chatbot_id, max(start_ts) FROM conversations WHERE start_ts IS NOT NULL GROUP BY chatbot_id");
            } else {
                sql.append("SELECT ").append(i).append(", c.chatbot_id, e.latest FROM (SELECT chatbot_no, max(ts) AS latest FROM ")
                        .append(TABLES[i]).append(" GROUP BY chatbot_no) e JOIN chatbots c ON c.chatbot_no = e.chatbot_no");
            }
        }
        Group group = new Group();
        try (var rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                group.at(rs.getString(2), rs.getInt(1), rs.getLong(3));
            }
        }
        group.applyTo(this);
        loaded = true;
    }

    /** Whether the writer has loaded the committed rows, so that every commit since widened it before it was visible. */
    boolean loaded() {
        return loaded;
    }

    /** The latest time of each of {@link #TABLES} of a chatbot ({@link Long#MIN_VALUE}: no row); not to be changed. */
    long[] of(String chatbotId) {
        return latest.getOrDefault(chatbotId, NONE);
    }

    /** Whether some table of a chatbot has no row after {@code to}, so that a report ending at {@code to} may leave out a scan. */
    boolean someEndBy(String chatbotId, long to) {
        for (long t : of(chatbotId)) {
            if (t <= to) {
                return true;
            }
        }
        return false;
    }

    private void widen(String chatbotId, long[] wanted) {
        latest.merge(chatbotId, wanted, (old, now) -> {
            long[] max = old.clone();
            boolean later = false;
            for (int i = 0; i < max.length; i++) {
                if (now[i] > max[i]) {
                    max[i] = now[i];
                    later = true;
                }
            }
            return later ? max : old;
        });
    }

    /** The latest times a group of rows adds, per chatbot, before they are applied at once ({@link #applyTo}). */
    static final class Group {
        private final Map<String, long[]> wanted = new HashMap<>();

        /** An event the group stores, at the time of the row it gives one ({@link #INDEX_OF_TYPE}); the others add nothing. */
        void event(String chatbotId, Event e) {
            int i = INDEX_OF_TYPE[e.type().ordinal()];
            if (i >= 0) {
                at(chatbotId, i, e.ts());
            }
        }

        private void at(String chatbotId, int table, long ts) {
            long[] w = wanted.computeIfAbsent(chatbotId, k -> NONE.clone());
            w[table] = Math.max(w[table], ts);
        }

        void applyTo(LatestEvents latest) {
            wanted.forEach(latest::widen);
        }
    }
}
