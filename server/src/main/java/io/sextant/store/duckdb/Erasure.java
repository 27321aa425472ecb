package io.sextant.store.duckdb;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Removes events inside the writer's transaction ({@link DuckDbEventStore#eraseConversation},
 * {@link DuckDbEventStore#dropBefore}): from every event table, and their share of everything kept
 * beside the events, so that every report, inbox statistic and export is then what it would be had
 * they never been sent.
 *
 * <p>What is kept beside the events is recomputed from the events that remain, for exactly what the
 * removed events touched: the {@code conversations} rollup rows of their conversations (V4's
 * definition), the {@code handover_threads} rows of their conversations (V12's definition, through
 * {@link InboxThreads}), the {@code event_rollups} rows of their UTC days and of the days those
 * conversations started on before and after (V9's and V14's definitions: the day and its hours,
 * every channel), and the labels of the step ids they named (the latest name that remains,
 * or none). Recomputing rather than subtracting keeps it exact whatever the removed events were: the
 * start, language or last message of a conversation, the latest name of a step.
 *
 * <p>{@code event_ids} keeps the removed events' ids (see {@link io.sextant.store.ErasureStore}), and
 * so do the writer's fingerprints; a conversation row's fingerprint that stays in memory after its
 * row is gone only makes that key a suspect (one look-up) should the conversation come back.
 */
final class Erasure {

    /** The tables whose rows are events, one each: the count of removed events is theirs. */
    static final List<String> EVENT_TABLES = List.of("conversation_events", "messages", "intents", "steps", "interactions",
            "calls", "inbox_events", "goals", "ratings");
    /**
     * Tables whose rows are parts of an event of {@link #EVENT_TABLES}: one per attribute of a
     * conversation.started, and the copy of an agent message.
     */
    static final List<String> PART_TABLES = List.of("conversation_attributes", "agent_messages");

    private static final String CONVERSATIONS = SqlResource.load("erasure-conversations", Map.of("chatbotKey", ChatbotKey.SQL));
    private static final String EVENT_ROLLUPS = SqlResource.load("erasure-event-rollups", Map.of("chatbotKey", ChatbotKey.SQL));

    /**
     * The events to remove: those of one chatbot (its id, and its number in the event tables,
     * {@link ChatbotNumbers}) that meet a condition on an event table's row, written with the
     * parameter {@code $2} ({@code $1} is the chatbot's number).
     */
    record Scope(String chatbotId, long chatbotNo, String condition, Object value) {

        /** Every event of the conversation. */
        static Scope conversation(String chatbotId, long chatbotNo, String conversationId) {
            return new Scope(chatbotId, chatbotNo, "conversation_id = $2", conversationId);
        }

        /** Every event before {@code cutoff} (epoch ms). */
        static Scope before(String chatbotId, long chatbotNo, long cutoff) {
            return new Scope(chatbotId, chatbotNo, "ts < $2", cutoff);
        }

        String where() {
            return "chatbot_no = $1 AND " + condition;
        }

        void bind(PreparedStatement ps) throws SQLException {
            ps.setLong(1, chatbotNo);
            ps.setObject(2, value);
        }
    }

    private Erasure() {}

    /** Creates the stage tables (temporary: one set per connection) on the writer's connection. */
    static void createStageTables(Statement st) throws SQLException {
        st.execute("CREATE TEMP TABLE IF NOT EXISTS stage_erased_days (chatbot_no BIGINT, start_ts BIGINT)");
        st.execute("CREATE TEMP TABLE IF NOT EXISTS stage_erased_conversations (chatbot_no BIGINT, conversation_id VARCHAR)");
        st.execute("CREATE TEMP TABLE IF NOT EXISTS stage_erased_steps (chatbot_no BIGINT, step_id VARCHAR)");
    }

    /**
     * Removes the scope's events and corrects the rollups and the step labels' table, in the open
     * transaction of {@code conn}; the labels' new values go to {@code labels} as pending (the
     * writer commits or discards them with the transaction); the conversations' rows as they are
     * now widen {@code reach}.
     *
     * @return the events removed (none leaves the transaction without a change), and the rollup rows
     *         written anew, which lie at the end of their tables ({@link Clustering})
     */
    static Removed run(DuckDBConnection conn, Scope scope, StepLabels labels, ConversationReach reach) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM stage_erased_days");
            st.execute("DELETE FROM stage_erased_conversations");
            st.execute("DELETE FROM stage_erased_steps");
        }
        // What the removed events touch, before they go.
        StringBuilder ts = new StringBuilder();
        StringBuilder conversations = new StringBuilder();
        for (String table : EVENT_TABLES) {
            String sep = ts.isEmpty() ? "" : "\n    UNION ALL ";
            ts.append(sep).append("SELECT ts FROM ").append(table).append(" WHERE ").append(scope.where());
            conversations.append(sep).append("SELECT conversation_id FROM ").append(table).append(" WHERE ").append(scope.where());
        }
        update(conn, scope, "INSERT INTO stage_erased_days SELECT DISTINCT $1, ts - ((ts % 86400000) + 86400000) % 86400000 FROM (\n    "
                + ts + ")");
        update(conn, scope, "INSERT INTO stage_erased_conversations SELECT DISTINCT $1, conversation_id FROM (\n    " + conversations + ")");
        update(conn, scope, "INSERT INTO stage_erased_steps SELECT DISTINCT $1, step_id FROM steps WHERE " + scope.where()
                + " AND step_name IS NOT NULL");

        long removed = 0;
        for (String table : EVENT_TABLES) {
            removed += update(conn, scope, "DELETE FROM " + table + " WHERE " + scope.where());
        }
        for (String table : PART_TABLES) {
            update(conn, scope, "DELETE FROM " + table + " WHERE " + scope.where());
        }
        if (removed == 0) {
            return new Removed(0, 0, 0);
        }
        long conversationRows = conversations(conn, scope, reach);
        InboxThreads.rebuildStaged(conn, "SELECT DISTINCT c.chatbot_id, s.chatbot_no, s.conversation_id"
                + " FROM stage_erased_conversations s JOIN chatbots c ON c.chatbot_no = s.chatbot_no");
        long eventRollupRows = eventRollups(conn, scope);
        stepLabels(conn, scope, labels);
        return new Removed(removed, eventRollupRows, conversationRows);
    }

    /** What a removal did: the events it removed, and the rows it wrote anew into the rollup tables. */
    record Removed(long events, long eventRollupRows, long conversationRows) {}

    /** How many events of the scope are stored (0 once a removal of it committed). */
    static long remaining(java.sql.Connection conn, Scope scope) throws SQLException {
        long n = 0;
        for (String table : EVENT_TABLES) {
            try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + scope.where())) {
                scope.bind(ps);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    private static long update(DuckDBConnection conn, Scope scope, String sql) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            scope.bind(ps);
            return ps.executeLargeUpdate();
        }
    }

    /**
     * The staged conversations' rows, replaced by what their remaining events make of them. The UTC
     * days of their starts before and after join the staged days: their {@code event_rollups} rows
     * count conversations rows (V14), and a row's start may move to another day or go. A start
     * that moves later can make a row reach further from it: the new rows widen {@code reach}.
     *
     * @return the rows written anew
     */
    private static long conversations(DuckDBConnection conn, Scope scope, ConversationReach reach) throws SQLException {
        String chatbotId = scope.chatbotId();
        stageStartDays(conn, scope);
        try (PreparedStatement ps = conn.prepareStatement("""
                DELETE FROM conversations WHERE chatbot_key = $2 AND chatbot_id = $1
                    AND conversation_id IN (SELECT conversation_id FROM stage_erased_conversations WHERE chatbot_no = $3)""")) {
            ps.setString(1, chatbotId);
            ps.setLong(2, ChatbotKey.of(chatbotId));
            ps.setLong(3, scope.chatbotNo());
            ps.executeUpdate();
        }
        long inserted;
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO conversations " + CONVERSATIONS)) {
            ps.setString(1, chatbotId);
            ps.setLong(2, scope.chatbotNo());
            inserted = ps.executeLargeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT %s FROM conversations
                WHERE chatbot_key = $2 AND chatbot_id = $1
                    AND conversation_id IN (SELECT conversation_id FROM stage_erased_conversations WHERE chatbot_no = $3)""".formatted(
                ConversationReach.LEAD_TAIL_AND_LAST))) {
            ps.setString(1, chatbotId);
            ps.setLong(2, ChatbotKey.of(chatbotId));
            ps.setLong(3, scope.chatbotNo());
            try (var rs = ps.executeQuery()) {
                rs.next();
                reach.widen(chatbotId, rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
        stageStartDays(conn, scope);
        return inserted;
    }

    /** Adds the UTC days of the staged conversations' starts to the staged days. */
    private static void stageStartDays(DuckDBConnection conn, Scope scope) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("""
                INSERT INTO stage_erased_days
                SELECT DISTINCT $2, start_ts - ((start_ts % 86400000) + 86400000) % 86400000 FROM conversations
                WHERE chatbot_id = $1 AND start_ts IS NOT NULL
                    AND conversation_id IN (SELECT conversation_id FROM stage_erased_conversations WHERE chatbot_no = $2)""")) {
            ps.setString(1, scope.chatbotId());
            ps.setLong(2, scope.chatbotNo());
            ps.executeUpdate();
        }
    }

    /**
     * The staged days' rows (the day's and its hours', every channel), replaced by what their
     * remaining events sum to; returns the rows written anew.
     */
    private static long eventRollups(DuckDBConnection conn, Scope scope) throws SQLException {
        String chatbotId = scope.chatbotId();
        long lo;
        long hi;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT min(start_ts), max(start_ts) FROM stage_erased_days WHERE chatbot_no = $1")) {
            ps.setLong(1, scope.chatbotNo());
            try (var rs = ps.executeQuery()) {
                rs.next();
                lo = rs.getLong(1);
                if (rs.wasNull()) {
                    return 0;
                }
                hi = rs.getLong(2) + EventRollups.DAY - 1;
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("""
                DELETE FROM event_rollups WHERE chatbot_key = $4 AND chatbot_id = $1 AND start_ts BETWEEN $2 AND $3
                    AND start_ts - ((start_ts % 86400000) + 86400000) % 86400000
                        IN (SELECT start_ts FROM stage_erased_days WHERE chatbot_no = $5)""")) {
            ps.setString(1, chatbotId);
            ps.setLong(2, lo);
            ps.setLong(3, hi);
            ps.setLong(4, ChatbotKey.of(chatbotId));
            ps.setLong(5, scope.chatbotNo());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO event_rollups " + EVENT_ROLLUPS)) {
            ps.setString(1, chatbotId);
            ps.setLong(2, lo);
            ps.setLong(3, hi);
            ps.setLong(4, scope.chatbotNo());
            return ps.executeLargeUpdate();
        }
    }

    /**
     * The labels of the step ids the removed events named: each the latest name that remains (it
     * may fall back to an older one), or none. {@code step_labels} gets the names that change.
     */
    private static void stepLabels(DuckDBConnection conn, Scope scope, StepLabels labels) throws SQLException {
        String chatbotId = scope.chatbotId();
        Map<Rollups.Key, StepLabels.Label> recomputed = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT step_id FROM stage_erased_steps WHERE chatbot_no = $1")) {
            ps.setLong(1, scope.chatbotNo());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    recomputed.put(new Rollups.Key(chatbotId, Rollups.ALL_CHANNELS, rs.getString(1)), null);
                }
            }
        }
        if (recomputed.isEmpty()) {
            labels.recomputed(Map.of());
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT step_id, arg_max(step_name, (ts, seq)), max(ts), arg_max(seq, (ts, seq)) FROM steps
                WHERE chatbot_no = $1 AND step_name IS NOT NULL
                    AND step_id IN (SELECT step_id FROM stage_erased_steps WHERE chatbot_no = $1)
                GROUP BY step_id""")) {
            ps.setLong(1, scope.chatbotNo());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    recomputed.put(new Rollups.Key(chatbotId, Rollups.ALL_CHANNELS, rs.getString(1)),
                            new StepLabels.Label(rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        Set<Rollups.Key> changed = labels.recomputed(recomputed);
        try (PreparedStatement upsert = conn.prepareStatement("""
                INSERT INTO step_labels (chatbot_id, channel_id, step_id, step_name) VALUES ($1, $2, $3, $4)
                ON CONFLICT DO UPDATE SET step_name = excluded.step_name""");
                PreparedStatement delete = conn.prepareStatement(
                        "DELETE FROM step_labels WHERE chatbot_id = $1 AND channel_id = $2 AND step_id = $3")) {
            for (Rollups.Key k : changed) {
                StepLabels.Label label = recomputed.get(k);
                PreparedStatement ps = label == null ? delete : upsert;
                ps.setString(1, k.chatbotId());
                ps.setString(2, k.channelId());
                ps.setString(3, k.id());
                if (label != null) {
                    ps.setString(4, label.name());
                }
                ps.executeUpdate();
            }
        }
    }
}
