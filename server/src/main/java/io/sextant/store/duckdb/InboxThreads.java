package io.sextant.store.duckdb;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.store.duckdb.DuckDbEventStore.Row;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Keeps {@code handover_threads} (migration V12) in step with the events, inside the writer's
 * transaction, after the group's rows are appended (so its events are in the tables it reads).
 *
 * <p>A conversation's threads change only with its {@code inbox.opened} and {@code inbox.closed}
 * events (which threads there are) and its {@code agent} messages (their first responses). The
 * conversations a commit group sends such an event are staged; their rows are deleted and built
 * again from their events as they now stand ({@code inbox-threads-rebuild.sql}, V12's definition
 * restricted to them), so a late, out-of-order or same-millisecond event lands exactly where the
 * definition puts it. The scans of {@code inbox_events} and {@code agent_messages} start at a time
 * no later than the staged conversations' first open: the earliest {@code opened_at} they already
 * have, or the earliest open or close the group sends them (a conversation's inbox events before
 * its first open are closes with nothing open, which never count), so the zone maps skip the older
 * row groups. Erasure builds the erased conversations' threads again the same way
 * ({@link #rebuildStaged}).
 */
final class InboxThreads {

    private static final String STAGE = "stage_inbox_conversations";

    private InboxThreads() {}

    static void createStageTables(Statement st) throws SQLException {
        st.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (chatbot_id VARCHAR, conversation_id VARCHAR)");
    }

    /** A conversation of a chatbot. */
    private record Conversation(String chatbotId, String conversationId) {}

    /** Rebuilds the threads of the conversations the group sends an open, a close or an agent message. */
    static void update(DuckDBConnection conn, List<Row> rows) throws SQLException {
        Set<Conversation> touched = new HashSet<>();
        long earliestEdge = Long.MAX_VALUE;
        for (Row r : rows) {
            Event e = r.event();
            boolean edge = e instanceof Event.InboxOpened || e instanceof Event.InboxClosed;
            if (edge || e instanceof Event.Message m && m.direction() == Direction.AGENT) {
                touched.add(new Conversation(r.chatbotId(), e.conversationId()));
                if (edge) {
                    earliestEdge = Math.min(earliestEdge, e.ts());
                }
            }
        }
        if (touched.isEmpty()) {
            return;
        }
        stage(conn, touched);
        long from = earliestEdge;
        try (Statement st = conn.createStatement();
                var rs = st.executeQuery("SELECT min(k.opened_at) FROM handover_threads k SEMI JOIN " + STAGE
                        + " s ON s.chatbot_id = k.chatbot_id AND s.conversation_id = k.conversation_id")) {
            rs.next();
            long kept = rs.getLong(1);
            if (!rs.wasNull()) {
                from = Math.min(from, kept);
            }
        }
        if (from == Long.MAX_VALUE) {
            return; // agent messages of conversations without a thread, and no open or close: nothing changes
        }
        rebuild(conn, from);
    }

    /**
     * After an erasure: the threads of the staged conversations (any of whose events were removed),
     * built again from the events that remain. {@code conversations} is a query of
     * {@code (chatbot_id, conversation_id)}.
     */
    static void rebuildStaged(DuckDBConnection conn, String conversations) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM " + STAGE);
            st.execute("INSERT INTO " + STAGE + " " + conversations);
        }
        rebuild(conn, Long.MIN_VALUE + 1);
    }

    private static void stage(DuckDBConnection conn, Set<Conversation> conversations) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM " + STAGE);
        }
        try (DuckDBAppender ap = conn.createAppender("temp", "main", STAGE)) {
            for (Conversation c : conversations) {
                ap.beginRow().append(c.chatbotId()).append(c.conversationId()).endRow();
            }
        }
    }

    /** Replaces the staged conversations' rows by what their events make of them, reading events from {@code from} on. */
    private static void rebuild(DuckDBConnection conn, long from) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM handover_threads k USING " + STAGE
                    + " s WHERE s.chatbot_id = k.chatbot_id AND s.conversation_id = k.conversation_id");
            st.execute("INSERT INTO handover_threads " + SqlResource.load("inbox-threads-rebuild", Map.of("from", Long.toString(from))));
        }
    }
}
