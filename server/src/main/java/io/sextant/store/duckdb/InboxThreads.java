package io.sextant.store.duckdb;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.store.duckdb.DuckDbEventStore.Row;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * conversations a commit group sends such an event are staged; their opens, closes and agent
 * messages are read in one statement (from {@code inbox_events} and the writer's copy of the agent
 * messages, {@code agent_messages}), their threads built again here with the definition's rules,
 * and their rows replaced. So a late, out-of-order or same-millisecond event lands exactly where the
 * definition puts it, and nothing is read but a few rows per conversation: the reads start at a time
 * no later than the staged conversations' first open — the earliest {@code opened_at} they already
 * have, or the earliest open or close the group sends them (a conversation's inbox events before
 * its first open are closes with nothing open, which never count) — so the zone maps skip older row
 * groups. One statement with a plain scan rather than the definition's windows and joins in SQL:
 * the writer runs it in every commit group, and a many-pipeline statement cost more than the rest of
 * a group's work. Erasure builds the erased conversations' threads again the same way
 * ({@link #rebuildStaged}). The definition in SQL is V12's backfill; a test holds the two equal.
 *
 * <p>Most conversations a group touches have nothing stored yet that threads are made of: a
 * runtime that sends a conversation's hand-over with the conversation, or a backfill. Their threads
 * are built from the group's own rows, and none of the statements above runs for them. Which
 * conversations have an open, a close or an agent message stored is held in memory as fingerprints
 * ({@link Fingerprints}, loaded at start): an unknown fingerprint proves the conversation has none,
 * a known one (a conversation with stored events, or one in 2^64 of the others) takes the path that
 * reads them. An erasure leaves its conversations' fingerprints: they take the reading path, which
 * is exact whatever is stored. What a group adds to memory waits for its commit, as the writer's
 * other memory does.
 */
final class InboxThreads {

    private static final String STAGE = "stage_inbox_conversations";
    /** The join of an event table ({@code chatbot_no}, V18) with the stage. */
    private static final String STAGED = " s ON s.chatbot_no = %1$s.chatbot_no AND s.conversation_id = %1$s.conversation_id";

    /** The conversations that have an open, a close or an agent message stored (a superset: see the class comment). */
    private final Fingerprints withEdges;
    /** The fingerprints of the conversations the group gives their first such event, added once it commits. */
    private final List<Long> pending = new ArrayList<>();

    private InboxThreads(Fingerprints withEdges) {
        this.withEdges = withEdges;
    }

    /** What the writer keeps in memory: the conversations with an open, a close or an agent message stored. */
    static InboxThreads load(Statement st) throws SQLException {
        Fingerprints withEdges = new Fingerprints(0);
        try (var rs = st.executeQuery("SELECT c.chatbot_id, e.conversation_id FROM (SELECT chatbot_no, conversation_id FROM inbox_events"
                + " WHERE action IN ('opened', 'closed') UNION SELECT chatbot_no, conversation_id FROM agent_messages) e"
                + " JOIN chatbots c ON c.chatbot_no = e.chatbot_no")) {
            while (rs.next()) {
                withEdges.add(withEdges.of(rs.getString(1), rs.getString(2)));
            }
        }
        return new InboxThreads(withEdges);
    }

    static void createStageTables(Statement st) throws SQLException {
        st.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (chatbot_id VARCHAR, chatbot_no BIGINT, conversation_id VARCHAR)");
    }

    /** A conversation of a chatbot (its id, and its number in the event tables: {@link ChatbotNumbers}). */
    private record Conversation(String chatbotId, long chatbotNo, String conversationId) {}

    /** An open, a close (agent null) or an agent message (action null) of a conversation. */
    private record Edge(long ts, long seq, String action, String channelOrAgent) {}

    private static final Comparator<Edge> TIME_ORDER = Comparator.comparingLong(Edge::ts).thenComparingLong(Edge::seq);

    /**
     * Rebuilds the threads of the conversations the group sends an open, a close or an agent
     * message: from the group's rows for those that have none stored, from the tables for the
     * others. {@link #ensureRoom()} and then {@link #committed()} or {@link #discarded()} follow.
     */
    void update(DuckDBConnection conn, List<Row> rows) throws SQLException {
        Map<Conversation, Long> fingerprints = new HashMap<>();
        Map<Conversation, List<Edge>> fresh = new HashMap<>();
        boolean freshOpens = false;
        Set<Conversation> stored = new HashSet<>();
        long earliestEdge = Long.MAX_VALUE;
        for (Row r : rows) {
            Event e = r.event();
            String action = e instanceof Event.InboxOpened ? "opened" : e instanceof Event.InboxClosed ? "closed" : null;
            if (action == null && !(e instanceof Event.Message m && m.direction() == Direction.AGENT)) {
                continue;
            }
            Conversation c = new Conversation(r.chatbotId(), r.chatbotNo(), e.conversationId());
            long fp = fingerprints.computeIfAbsent(c, k -> withEdges.of(k.chatbotId(), k.conversationId()));
            if (withEdges.mightContain(fp)) {
                stored.add(c);
                if (action != null) {
                    earliestEdge = Math.min(earliestEdge, e.ts());
                }
            } else {
                // what the reading path would read of it: an open's or a close's channel, an agent message's agent
                String channelOrAgent = action != null ? e.channelId() : ((Event.Message) e).agentId();
                fresh.computeIfAbsent(c, k -> new ArrayList<>()).add(new Edge(e.ts(), r.seq(), action, channelOrAgent));
                freshOpens |= "opened".equals(action);
            }
        }
        for (Conversation c : fresh.keySet()) {
            pending.add(fingerprints.get(c));
        }
        if (freshOpens) { // nothing of them is stored: no rows to replace
            try (DuckDBAppender ap = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "handover_threads")) {
                for (Map.Entry<Conversation, List<Edge>> en : fresh.entrySet()) {
                    append(ap, en.getKey(), en.getValue());
                }
            }
        }
        if (!stored.isEmpty()) {
            updateStored(conn, stored, earliestEdge);
        }
    }

    /** Makes room, before the commit, for what the group will add to memory. */
    void ensureRoom() {
        withEdges.ensureRoom(pending.size());
    }

    /** The group's transaction committed: its conversations have their events stored now. */
    void committed() {
        for (long fp : pending) {
            withEdges.add(fp);
        }
        pending.clear();
    }

    /** The group's transaction was rolled back. */
    void discarded() {
        pending.clear();
    }

    /**
     * Rebuilds the threads of conversations that may have events stored, reading their events from
     * no later than their first open ({@code earliestEdge}: the group's earliest open or close of them).
     */
    private static void updateStored(DuckDBConnection conn, Set<Conversation> touched, long earliestEdge) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM " + STAGE);
        }
        try (DuckDBAppender ap = conn.createAppender("temp", "main", STAGE)) {
            for (Conversation c : touched) {
                ap.beginRow().append(c.chatbotId()).append(c.chatbotNo()).append(c.conversationId()).endRow();
            }
        }
        long from = earliestEdge;
        long kept;
        try (Statement st = conn.createStatement();
                var rs = st.executeQuery("SELECT min(k.opened_at), count(*) FROM handover_threads k SEMI JOIN " + STAGE
                        + " s ON s.chatbot_id = k.chatbot_id AND s.conversation_id = k.conversation_id")) {
            rs.next();
            long first = rs.getLong(1);
            if (!rs.wasNull()) {
                from = Math.min(from, first);
            }
            kept = rs.getLong(2);
        }
        if (from == Long.MAX_VALUE) {
            return; // agent messages of conversations without a thread, and no open or close: nothing changes
        }
        rebuild(conn, from, kept > 0);
    }

    /**
     * After an erasure: the threads of the conversations of {@code conversations} (a query of
     * {@code (chatbot_id, chatbot_no, conversation_id)}: those any of whose events were removed), built again
     * from the events that remain.
     */
    static void rebuildStaged(DuckDBConnection conn, String conversations) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM " + STAGE);
            st.execute("INSERT INTO " + STAGE + " " + conversations);
        }
        rebuild(conn, Long.MIN_VALUE + 1, true); // every event
    }

    /** Replaces the staged conversations' rows by what their events make of them, reading events from {@code from} on. */
    private static void rebuild(DuckDBConnection conn, long from, boolean delete) throws SQLException {
        Map<Conversation, List<Edge>> events = new HashMap<>();
        try (Statement st = conn.createStatement();
                var rs = st.executeQuery("SELECT s.chatbot_id, s.chatbot_no, e.conversation_id, e.ts, e.seq, e.action, e.channel_id FROM inbox_events e"
                        + " JOIN " + STAGE + STAGED.formatted("e") + " WHERE e.ts >= " + from + " AND e.action IN ('opened', 'closed')"
                        + " UNION ALL SELECT s.chatbot_id, s.chatbot_no, m.conversation_id, m.ts, m.seq, NULL, m.agent_id FROM agent_messages m"
                        + " JOIN " + STAGE + STAGED.formatted("m") + " WHERE m.ts >= " + from)) {
            while (rs.next()) { // a stage row is one conversation, so each event joins one
                events.computeIfAbsent(new Conversation(rs.getString(1), rs.getLong(2), rs.getString(3)), k -> new ArrayList<>())
                        .add(new Edge(rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getString(7)));
            }
        }
        if (delete) {
            try (Statement st = conn.createStatement()) {
                st.execute("DELETE FROM handover_threads k USING " + STAGE + " s"
                        + " WHERE s.chatbot_id = k.chatbot_id AND s.conversation_id = k.conversation_id");
            }
        }
        try (DuckDBAppender ap = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "handover_threads")) {
            for (Map.Entry<Conversation, List<Edge>> en : events.entrySet()) {
                append(ap, en.getKey(), en.getValue());
            }
        }
    }

    /**
     * The conversation's threads, by the definition: opens and closes in (ts, seq) order, an open
     * starts a thread when none is open, a close ends the open one, others are ignored; a thread's
     * first response is the first agent message by (ts, seq) with {@code opened_at <= ts} and, when
     * closed, {@code ts < closed_at}.
     */
    private static void append(DuckDBAppender ap, Conversation c, List<Edge> events) throws SQLException {
        events.sort(TIME_ORDER);
        List<Edge> messages = new ArrayList<>();
        for (Edge e : events) {
            if (e.action() == null) {
                messages.add(e); // in (ts, seq) order
            }
        }
        Edge open = null;
        long threadNo = 0;
        for (Edge e : events) {
            if ("opened".equals(e.action()) && open == null) {
                open = e;
            } else if ("closed".equals(e.action()) && open != null) {
                appendThread(ap, c, ++threadNo, open, e.ts(), messages);
                open = null;
            }
        }
        if (open != null) {
            appendThread(ap, c, ++threadNo, open, null, messages);
        }
    }

    private static void appendThread(DuckDBAppender ap, Conversation c, long threadNo, Edge open, Long closedAt, List<Edge> messages)
            throws SQLException {
        Edge first = null;
        for (Edge m : messages) { // the first at or after the open is the least candidate, if it is before the close
            if (m.ts() >= open.ts()) {
                if (closedAt == null || m.ts() < closedAt) {
                    first = m;
                }
                break;
            }
        }
        ap.beginRow().append(c.chatbotId()).append(c.conversationId()).append(threadNo).append(open.channelOrAgent()).append(open.ts());
        if (closedAt == null) {
            ap.appendNull();
        } else {
            ap.append(closedAt.longValue());
        }
        if (first == null) {
            ap.appendNull().appendNull().appendNull();
        } else {
            ap.append(first.ts()).append(first.seq()).append(first.channelOrAgent());
        }
        ap.endRow();
    }
}
